// Popup: the site switch and global pause, the findings of the compose in the current tab, and a
// quick check for text pasted from anywhere. Opened from the toolbar it acts on the active tab;
// popup.html?tab=ID acts on that tab (used when the popup is opened as a page).

import { localizeTree, t } from '../shared/i18n.js';
import { readCheckAnswer } from '../shared/check-answer.js';
import { renderFindingList } from '../shared/finding-list.js';
import { applyFirstSuggestions } from '../shared/rewrite.js';
import {
  hostFromUrl,
  isSiteEnabled,
  isWebmailHost,
  originPatternForHost,
  readSettings,
  writeSettings,
} from '../shared/settings.js';

const extensionApi = globalThis.browser ?? globalThis.chrome;
const QUICK_CHECK_DEBOUNCE_MS = 300;

const elements = Object.fromEntries(
  [
    'engine-error', 'site-switch', 'site-label', 'site-note', 'pause-switch', 'length-notice', 'findings-empty',
    'findings-list', 'quick-input', 'quick-check', 'quick-empty', 'quick-findings', 'quick-result',
    'quick-improved', 'quick-copy', 'quick-copied', 'open-settings',
  ].map((id) => [id.replace(/-(\w)/g, (_, letter) => letter.toUpperCase()), document.getElementById(id)]),
);

let tab = null;
let host = '';

async function send(message) {
  const response = await extensionApi.runtime.sendMessage(message);
  if (response?.error) throw new Error(response.error);
  return response;
}

async function findTargetTab() {
  const requested = new URLSearchParams(location.search).get('tab');
  if (requested !== null && /^\d+$/.test(requested)) return extensionApi.tabs.get(Number(requested));
  const [active] = await extensionApi.tabs.query({ active: true, currentWindow: true });
  return active ?? null;
}

// ---- switches ---------------------------------------------------------------------------------

async function showSwitches() {
  const settings = await readSettings(extensionApi.storage.sync);
  elements.pauseSwitch.checked = settings.paused;
  if (!host) {
    elements.siteSwitch.disabled = true;
    elements.siteLabel.textContent = t('popupSiteLabel', ['–']);
    elements.siteNote.textContent = t('popupSiteUnavailable');
    return;
  }
  elements.siteSwitch.disabled = false;
  elements.siteSwitch.checked = isSiteEnabled(settings, host);
  elements.siteLabel.textContent = t('popupSiteLabel', [host]);
}

elements.siteSwitch.addEventListener('change', async () => {
  const enabled = elements.siteSwitch.checked;
  elements.siteNote.textContent = '';
  if (enabled && !isWebmailHost(host)) {
    // Must be the first await: the browser only asks the user while the click is fresh.
    let granted = false;
    try {
      granted = await extensionApi.permissions.request({ origins: [originPatternForHost(host)] });
    } catch {
      granted = false;
    }
    if (!granted) {
      elements.siteSwitch.checked = false;
      elements.siteNote.textContent = t('popupAccessDenied');
      return;
    }
  }
  try {
    const result = await send({ type: 'setSiteEnabled', host, enabled, tabId: tab?.id });
    elements.siteSwitch.checked = result.enabled;
    if (result.needsAccess) elements.siteNote.textContent = t('popupAccessDenied');
  } catch (error) {
    elements.siteSwitch.checked = !enabled;
    elements.siteNote.textContent = error.message;
  }
});

elements.pauseSwitch.addEventListener('change', () => {
  writeSettings(extensionApi.storage.sync, { paused: elements.pauseSwitch.checked }).catch(() => {});
});

// ---- findings of the open compose -------------------------------------------------------------

async function showComposeFindings() {
  if (!tab) {
    renderFindingList(elements.findingsList, [], null);
    showLengthNotice(null);
    elements.findingsEmpty.textContent = t('popupNoCompose');
    return;
  }
  let compose = null;
  try {
    compose = (await send({ type: 'getActiveCompose', tabId: tab.id })).compose;
  } catch {
    compose = null;
  }
  const findings = compose?.findings ?? [];
  showLengthNotice(compose?.uncheckedFrom ?? null);
  renderFindingList(elements.findingsList, findings, async (finding, index) => {
    await send({ type: 'applySuggestion', tabId: tab.id, findingId: finding.id, suggestionIndex: index }).catch(() => {});
  });
  elements.findingsEmpty.textContent = !compose ? t('popupNoCompose') : findings.length === 0 ? t('popupNoFindings') : '';
}

/** A mail longer than what Takt checks: say that only its first part is underlined. */
function showLengthNotice(uncheckedFrom) {
  elements.lengthNotice.hidden = !Number.isInteger(uncheckedFrom);
  elements.lengthNotice.textContent = Number.isInteger(uncheckedFrom)
    ? t('lengthNotice', [uncheckedFrom.toLocaleString(extensionApi.i18n.getUILanguage())])
    : '';
}

// ---- quick check ------------------------------------------------------------------------------

let quickCheckTimer = null;
let quickCheckSequence = 0;

async function runQuickCheck() {
  const text = elements.quickInput.value;
  const sequence = ++quickCheckSequence;
  if (text.trim() === '') {
    renderFindingList(elements.quickFindings, [], null);
    elements.quickResult.hidden = true;
    elements.quickEmpty.textContent = '';
    return;
  }
  let findings;
  let checkedLength;
  try {
    const answer = readCheckAnswer(await send({ type: 'check', text }));
    if (answer.error) throw new Error(answer.error);
    ({ findings, checkedLength } = answer);
  } catch (error) {
    if (sequence === quickCheckSequence) showEngineError(error.message);
    return;
  }
  // An older answer must not replace the result for newer text.
  if (sequence !== quickCheckSequence) return;
  const withPhrases = findings.map((finding) => ({ ...finding, phrase: text.slice(finding.start, finding.end) }));
  renderFindingList(elements.quickFindings, withPhrases, null);
  const notes = [];
  if (findings.length === 0) notes.push(t('popupNoFindings'));
  // Text past the worker's limit is not checked: say so rather than imply it is fine.
  if (Number.isInteger(checkedLength) && checkedLength < text.length) {
    notes.push(t('quickLengthNotice', [checkedLength.toLocaleString(extensionApi.i18n.getUILanguage())]));
  }
  elements.quickEmpty.textContent = notes.join(' ');
  elements.quickImproved.value = applyFirstSuggestions(text, findings);
  elements.quickResult.hidden = findings.length === 0;
  elements.quickCopied.textContent = '';
}

elements.quickCheck.addEventListener('click', () => {
  clearTimeout(quickCheckTimer);
  runQuickCheck();
});
elements.quickInput.addEventListener('input', () => {
  clearTimeout(quickCheckTimer);
  quickCheckTimer = setTimeout(runQuickCheck, QUICK_CHECK_DEBOUNCE_MS);
});
elements.quickCopy.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(elements.quickImproved.value);
  } catch {
    // Clipboard refused (no focus): select the text so Ctrl+C works.
    elements.quickImproved.select();
    document.execCommand('copy');
  }
  elements.quickCopied.textContent = t('popupCopied');
});

// ---- engine status ----------------------------------------------------------------------------

function showEngineError(message) {
  elements.engineError.textContent = t('popupEngineError', [message]);
  elements.engineError.hidden = false;
}

async function showEngineStatus() {
  try {
    const status = await send({ type: 'status' });
    if (status.error) showEngineError(status.error);
    else if (status.optionsError) {
      elements.engineError.textContent = t('popupOptionsError', [status.optionsError]);
      elements.engineError.hidden = false;
    }
  } catch (error) {
    showEngineError(error.message);
  }
}

elements.openSettings.addEventListener('click', () => extensionApi.runtime.openOptionsPage());

// ---- start ------------------------------------------------------------------------------------

extensionApi.storage.onChanged.addListener((changes, areaName) => {
  if (areaName === 'sync' && ('sites' in changes || 'paused' in changes)) showSwitches();
  if (areaName === 'session' && tab && `compose:${tab.id}` in changes) showComposeFindings();
});

async function start() {
  localizeTree(document);
  try {
    tab = await findTargetTab();
  } catch {
    tab = null;
  }
  host = hostFromUrl(tab?.url ?? '');
  await Promise.all([showSwitches(), showComposeFindings(), showEngineStatus()]);
  document.body.dataset.ready = 'true';
}

start();
