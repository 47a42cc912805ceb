// Sites beyond the webmail hosts are opt-in. The popup asks the browser for access to the site
// (that needs the user's click, so it happens there); this module turns "enabled + access granted"
// into a registered content script, and keeps registrations in line with the settings when they
// change, sync from another device, or access is withdrawn in the browser's own UI.

import { isWebmailHost, originPatternForHost, readSettings, writeSettings } from '../shared/settings.js';

const extensionApi = globalThis.browser ?? globalThis.chrome;
const REGISTRATION_PREFIX = 'takt-site-';
const CONTENT_SCRIPT_FILES = ['content/content.js'];
const CONTENT_STYLE_FILES = ['content/content.css'];

function registrationId(host) {
  return REGISTRATION_PREFIX + host;
}

async function hasAccessTo(host) {
  return extensionApi.permissions.contains({ origins: [originPatternForHost(host)] });
}

async function registeredHosts() {
  const scripts = await extensionApi.scripting.getRegisteredContentScripts();
  return scripts
    .filter((script) => script.id.startsWith(REGISTRATION_PREFIX))
    .map((script) => script.id.slice(REGISTRATION_PREFIX.length));
}

let reconciling = Promise.resolve();

/** Serialised so that overlapping triggers never register the same id twice. */
export function reconcileRegistrations() {
  reconciling = reconciling.then(reconcileNow, reconcileNow);
  return reconciling;
}

async function reconcileNow() {
  const settings = await readSettings(extensionApi.storage.sync);
  const wanted = [];
  for (const [host, enabled] of Object.entries(settings.sites)) {
    if (enabled && !isWebmailHost(host) && (await hasAccessTo(host))) wanted.push(host);
  }
  const current = await registeredHosts();
  const stale = current.filter((host) => !wanted.includes(host));
  const missing = wanted.filter((host) => !current.includes(host));
  if (stale.length > 0) {
    await extensionApi.scripting.unregisterContentScripts({ ids: stale.map(registrationId) });
  }
  if (missing.length > 0) {
    await extensionApi.scripting.registerContentScripts(
      missing.map((host) => ({
        id: registrationId(host),
        matches: [originPatternForHost(host)],
        js: CONTENT_SCRIPT_FILES,
        css: CONTENT_STYLE_FILES,
        allFrames: true,
        runAt: 'document_idle',
        persistAcrossSessions: true,
      })),
    );
  }
}

/**
 * Switches a site on or off. When switching on, the already open tab gets the content script
 * right away; registrations only apply to pages loaded afterwards.
 */
export async function setSiteEnabled(host, enabled, tabId) {
  const settings = await readSettings(extensionApi.storage.sync);
  await writeSettings(extensionApi.storage.sync, { sites: { ...settings.sites, [host]: enabled } });
  if (isWebmailHost(host)) return { enabled };
  if (enabled && !(await hasAccessTo(host))) return { enabled: false, needsAccess: true };
  await reconcileRegistrations();
  if (enabled && Number.isInteger(tabId)) await injectIntoTab(tabId);
  return { enabled };
}

async function injectIntoTab(tabId) {
  try {
    await extensionApi.scripting.insertCSS({ target: { tabId, allFrames: true }, files: CONTENT_STYLE_FILES });
    // The content script guards against running twice in the same frame.
    await extensionApi.scripting.executeScript({ target: { tabId, allFrames: true }, files: CONTENT_SCRIPT_FILES });
  } catch {
    // The tab may have navigated away or be a page the browser protects; the registration
    // still covers the next load.
  }
}

/** Access granted through the browser's own site-access UI counts as switching the site on. */
export async function onAccessGranted(origins) {
  const settings = await readSettings(extensionApi.storage.sync);
  const sites = { ...settings.sites };
  let changed = false;
  for (const pattern of origins ?? []) {
    const host = hostFromPattern(pattern);
    if (host && !isWebmailHost(host) && sites[host] === undefined) {
      sites[host] = true;
      changed = true;
    }
  }
  if (changed) await writeSettings(extensionApi.storage.sync, { sites });
  await reconcileRegistrations();
}

function hostFromPattern(pattern) {
  const match = /^(?:\*|https?):\/\/([a-z0-9.-]+)\/\*$/i.exec(pattern);
  return match ? match[1].toLowerCase() : '';
}
