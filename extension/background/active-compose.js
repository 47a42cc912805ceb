// What the focused compose of each tab currently shows: the badge counts it, the popup lists it.
// Kept in storage.session because the service worker may be stopped between the content script's
// report and the user opening the popup; session storage stays in memory and is gone when the
// browser closes.

const extensionApi = globalThis.browser ?? globalThis.chrome;
const BADGE_COLOR = '#b45309';

function storageKey(tabId) {
  return `compose:${tabId}`;
}

export async function recordReport(tabId, frameId, report) {
  if (!Number.isInteger(tabId) || tabId < 0) return;
  const findings = Array.isArray(report.findings) ? report.findings.slice(0, 200) : [];
  const uncheckedFrom = Number.isInteger(report.uncheckedFrom) && report.uncheckedFrom >= 0 ? report.uncheckedFrom : null;
  await extensionApi.storage.session.set({
    [storageKey(tabId)]: { frameId, editorId: String(report.editorId ?? ''), findings, uncheckedFrom },
  });
  await showCount(tabId, findings.length);
}

export async function readReport(tabId) {
  const key = storageKey(tabId);
  const stored = await extensionApi.storage.session.get(key);
  return stored[key] ?? null;
}

export async function forgetTab(tabId) {
  await extensionApi.storage.session.remove(storageKey(tabId));
}

async function showCount(tabId, count) {
  try {
    await extensionApi.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR });
    await extensionApi.action.setBadgeText({ tabId, text: count > 0 ? String(Math.min(count, 99)) : '' });
  } catch {
    // The tab closed in the meantime.
  }
}
