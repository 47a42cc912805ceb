// Keeps underlines in place while the writer types and the next check is still on its way: the
// edit is reduced to one changed region (common prefix and suffix), findings after it move with
// the text, findings touched by it disappear until the engine has looked again.

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

export function changedRegion(before, after) {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { start: prefix, beforeEnd: before.length - suffix, afterEnd: after.length - suffix };
}

function isWordCharacter(text, index) {
  return index >= 0 && index < text.length && WORD_CHARACTER.test(text[index]);
}

/**
 * Moves one finding across an edit; returns null when the edit touched it, including typing that
 * glues letters onto its first or last word ("nicht" -> "nichts").
 */
export function remapFinding(finding, region, afterText) {
  if (region.start === region.beforeEnd && region.start === region.afterEnd) return finding;
  const first = Math.min(finding.start, finding.replaceStart);
  const last = Math.max(finding.end, finding.replaceEnd);
  if (last < region.start || (last === region.start && !isWordCharacter(afterText, region.start))) {
    return finding;
  }
  if (first > region.beforeEnd || (first === region.beforeEnd && !isWordCharacter(afterText, region.afterEnd - 1))) {
    const shift = region.afterEnd - region.beforeEnd;
    return {
      ...finding,
      start: finding.start + shift,
      end: finding.end + shift,
      replaceStart: finding.replaceStart + shift,
      replaceEnd: finding.replaceEnd + shift,
    };
  }
  return null;
}

export function remapFindings(findings, beforeText, afterText) {
  if (beforeText === afterText) return findings;
  const region = changedRegion(beforeText, afterText);
  const remapped = [];
  for (const finding of findings) {
    const moved = remapFinding(finding, region, afterText);
    if (moved) remapped.push(moved);
  }
  return remapped;
}
