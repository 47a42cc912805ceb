// The engine runs here and not in content scripts: pages with a strict CSP (Gmail among them)
// forbid compiling WebAssembly in the page's context, while the extension's own CSP allows it.
// The module is compiled once per service-worker lifetime; a failure is remembered and reported
// (the popup shows it) but never thrown at the editor: checking simply stays off.

import { initSync, Checker, rules } from '../pkg/takt.js';

const extensionApi = globalThis.browser ?? globalThis.chrome;

let loading = null;
let loadError = null;
let ready = false;
let loadMilliseconds = null;
// One checker for every editor: it reuses what it found in the lines a new version of a mail still
// has (it keeps the lines of the last two mails per language, so two editors in turn both keep
// theirs).
let checker = null;
// Ids of the engine's rules; read on first need, as the first check after the worker starts has
// no time to spare for it.
let ruleIds = null;

export function ensureEngineLoaded() {
  loading ??= loadEngine();
  return loading;
}

async function loadEngine() {
  const startedAt = performance.now();
  try {
    initSync({ module: await compileEngine() });
    checker = new Checker();
    ready = true;
    loadError = null;
    loadMilliseconds = performance.now() - startedAt;
  } catch (error) {
    loadError = describeError(error);
    // Allow a later attempt (for example after the extension was updated on disk).
    loading = null;
    throw new Error(loadError);
  }
}

/**
 * Compiling asynchronously first keeps the synchronous initSync cheap and within the limits browsers
 * put on synchronous compilation; streaming compiles while the file is still being read.
 */
async function compileEngine() {
  try {
    return await WebAssembly.compileStreaming(fetchWasm());
  } catch (error) {
    // A browser that serves the file without the WebAssembly MIME type refuses to stream it.
    if (!(error instanceof TypeError)) throw error;
    return WebAssembly.compile(await (await fetchWasm()).arrayBuffer());
  }
}

async function fetchWasm() {
  const response = await fetch(extensionApi.runtime.getURL('pkg/takt_bg.wasm'));
  if (!response.ok) throw new Error(`takt_bg.wasm could not be read (${response.status})`);
  return response;
}

// One short mail per language: enough to set up both rule sets and to compile the code a check runs.
const WARM_UP_MAILS = [
  ['de', 'Hallo Frau Berg,\n\nleider geht das nicht, wie bereits erwähnt.\n\nViele Grüße'],
  ['en', "Hi Tom,\n\nthat's not possible, as I said before.\n\nBest regards"],
];
let warmedUp = false;

/**
 * Runs the engine once on WARM_UP_MAILS. Content scripts ask for this when an editor gets the
 * focus or is typed into while the worker may be stopped, so the writer's first check after the
 * worker started does not pay for it.
 */
export async function warmUpEngine() {
  await ensureEngineLoaded();
  if (warmedUp) return;
  warmedUp = true;
  for (const [lang, mail] of WARM_UP_MAILS) checker.checkJson(mail, { lang });
}

export function engineStatus() {
  return { ready, error: loadError, loadMilliseconds };
}

export async function listRules() {
  await ensureEngineLoaded();
  return rules();
}

/**
 * Runs the engine on the whole text and returns its result as JSON text, rule texts once and
 * findings by rule id, which is passed on as it is (see shared/check-answer.js). Options from
 * settings are first narrowed to what this engine knows: a rule id synced from another version of
 * Takt must not make every check fail.
 */
export async function checkText(text, options) {
  await ensureEngineLoaded();
  const knownOptions = {
    ...options,
    disabledRules: knownRuleIds(options.disabledRules ?? []),
  };
  try {
    return { resultJson: checker.checkJson(text, knownOptions), optionsError: null };
  } catch (error) {
    // Invalid options must not switch Takt off: check with defaults and report the problem.
    const optionsError = describeError(error);
    return { resultJson: checker.checkJson(text, {}), optionsError };
  }
}

function knownRuleIds(ids) {
  if (ids.length === 0) return ids;
  ruleIds ??= new Set(rules().map((rule) => rule.id));
  return ids.filter((id) => ruleIds.has(id));
}

function describeError(error) {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

// Start fetching and compiling the engine while the worker's other modules load and its listeners
// are registered: a stopped worker is started by the very message that wants a check.
ensureEngineLoaded().catch(() => {});
