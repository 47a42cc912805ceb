// The engine runs here and not in content scripts: pages with a strict CSP (Gmail among them)
// forbid compiling WebAssembly in the page's context, while the extension's own CSP allows it.
// The module is compiled once per service-worker lifetime; a failure is remembered and reported
// (the popup shows it) but never thrown at the editor: checking simply stays off.

import { initSync, checkJson, rules } from '../pkg/takt.js';

const extensionApi = globalThis.browser ?? globalThis.chrome;

let loading = null;
let loadError = null;
let ruleIds = null;
let loadMilliseconds = null;

export function ensureEngineLoaded() {
  loading ??= loadEngine();
  return loading;
}

async function loadEngine() {
  const startedAt = performance.now();
  try {
    const response = await fetch(extensionApi.runtime.getURL('pkg/takt_bg.wasm'));
    if (!response.ok) throw new Error(`takt_bg.wasm could not be read (${response.status})`);
    // Compiling asynchronously first keeps the synchronous initSync cheap and within the limits
    // browsers put on synchronous compilation.
    const module = await WebAssembly.compile(await response.arrayBuffer());
    initSync({ module });
    ruleIds = new Set(rules().map((rule) => rule.id));
    loadError = null;
    loadMilliseconds = performance.now() - startedAt;
  } catch (error) {
    loadError = describeError(error);
    // Allow a later attempt (for example after the extension was updated on disk).
    loading = null;
    throw new Error(loadError);
  }
}

export function engineStatus() {
  return { ready: ruleIds !== null, error: loadError, loadMilliseconds };
}

export async function listRules() {
  await ensureEngineLoaded();
  return rules();
}

/**
 * Runs the engine on the whole text and returns the findings as JSON text, which is passed on as it
 * is (see shared/check-answer.js). Options from settings are first narrowed to what this engine
 * knows: a rule id synced from another version of Takt must not make every check fail.
 */
export async function checkText(text, options) {
  await ensureEngineLoaded();
  const knownOptions = {
    ...options,
    disabledRules: (options.disabledRules ?? []).filter((id) => ruleIds.has(id)),
  };
  try {
    return { findingsJson: checkJson(text, knownOptions), optionsError: null };
  } catch (error) {
    // Invalid options must not switch Takt off: check with defaults and report the problem.
    const optionsError = describeError(error);
    return { findingsJson: checkJson(text, {}), optionsError };
  }
}

function describeError(error) {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
