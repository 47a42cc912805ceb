// "Ignore here" silences one occurrence, not the phrase everywhere: it is remembered by the rule,
// the phrase and a little of the text around it. Only a hash of that is stored (locally, never
// synced), so no mail text ends up in storage.

const extensionApi = globalThis.browser ?? globalThis.chrome;
const STORAGE_KEY = 'ignoredOccurrences';
const MAX_REMEMBERED = 1000;
const CONTEXT_LENGTH = 30;

function hashString(text) {
  // cyrb53: fast, well-distributed, 53 bits; collisions are harmless here (at worst one
  // occurrence stays unflagged).
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Stable key for one occurrence: rule, phrase and the surrounding text on the same line. */
export function occurrenceKey(text, finding) {
  const lineStart = text.lastIndexOf('\n', finding.start - 1) + 1;
  const lineEndIndex = text.indexOf('\n', finding.end);
  const lineEnd = lineEndIndex === -1 ? text.length : lineEndIndex;
  const before = text.slice(Math.max(lineStart, finding.start - CONTEXT_LENGTH), finding.start);
  const after = text.slice(finding.end, Math.min(lineEnd, finding.end + CONTEXT_LENGTH));
  return hashString([finding.rule, before, text.slice(finding.start, finding.end), after].join('\u0000'));
}

function validKeys(value) {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string' && item.length < 32) : [];
}

export async function loadIgnoredOccurrences() {
  const stored = await extensionApi.storage.local.get(STORAGE_KEY);
  return new Set(validKeys(stored[STORAGE_KEY]));
}

export async function rememberIgnoredOccurrence(key) {
  const current = [...(await loadIgnoredOccurrences())].filter((item) => item !== key);
  current.push(key);
  await extensionApi.storage.local.set({ [STORAGE_KEY]: current.slice(-MAX_REMEMBERED) });
}

export function ignoredOccurrencesChanged(changes, areaName) {
  return areaName === 'local' && STORAGE_KEY in changes ? new Set(validKeys(changes[STORAGE_KEY].newValue)) : null;
}
