// Service worker (Chrome) / background script (Firefox): owns the engine, answers checks, keeps
// the badge and the opt-in site registrations. Only this extension's own content scripts and pages
// may talk to it; there is no externally_connectable entry, and every sender is checked anyway.

import { checkText, engineStatus, ensureEngineLoaded, listRules, warmUpEngine } from './engine.js';
import { forgetTab, readReport, recordReport } from './active-compose.js';
import { onAccessGranted, reconcileRegistrations, setSiteEnabled } from './sites.js';
import { SETTINGS_KEYS, engineOptions, readSettings } from '../shared/settings.js';
import { WORKER_PORT_NAME } from '../shared/worker-channel.js';

const extensionApi = globalThis.browser ?? globalThis.chrome;
const EXTENSION_ORIGIN = new URL(extensionApi.runtime.getURL('')).origin;
// Longer text is checked up to here only (the answer says how far, and Takt tells the writer).
const MAX_TEXT_LENGTH = 200_000;

let cachedSettings = null;
let lastOptionsError = null;

function currentSettings() {
  cachedSettings ??= readSettings(extensionApi.storage.sync);
  return cachedSettings;
}

function isOwnExtension(sender) {
  return sender.id === extensionApi.runtime.id;
}

function isExtensionPage(sender) {
  return isOwnExtension(sender) && typeof sender.url === 'string' && new URL(sender.url).origin === EXTENSION_ORIGIN;
}

function isContentScript(sender) {
  return isOwnExtension(sender) && sender.tab !== undefined && !isExtensionPage(sender);
}

/** Length of the part of `text` that is checked; never ends between the halves of a surrogate pair. */
function checkedLengthOf(text) {
  if (text.length <= MAX_TEXT_LENGTH) return text.length;
  const lastUnit = text.charCodeAt(MAX_TEXT_LENGTH - 1);
  return lastUnit >= 0xd800 && lastUnit <= 0xdbff ? MAX_TEXT_LENGTH - 1 : MAX_TEXT_LENGTH;
}

async function runCheck(message) {
  if (typeof message.text !== 'string') throw new Error('check needs a text');
  const checkedLength = checkedLengthOf(message.text);
  const text = message.text.slice(0, checkedLength);
  const startedAt = performance.now();
  const { resultJson, optionsError } = await checkText(text, engineOptions(await currentSettings()));
  lastOptionsError = optionsError;
  return { resultJson, checkedLength, elapsedMs: performance.now() - startedAt };
}

const handlers = {
  check: { from: 'any', run: runCheck },
  warmup: {
    from: 'contentScript',
    run: async () => {
      await warmUpEngine();
      return { ready: true };
    },
  },
  report: {
    from: 'contentScript',
    run: async (message, sender) => {
      await recordReport(sender.tab.id, sender.frameId ?? 0, message);
      return { ok: true };
    },
  },
  status: {
    from: 'extensionPage',
    run: async () => {
      await ensureEngineLoaded().catch(() => {});
      return { ...engineStatus(), optionsError: lastOptionsError };
    },
  },
  rules: { from: 'extensionPage', run: async () => ({ rules: await listRules() }) },
  getActiveCompose: {
    from: 'extensionPage',
    run: async (message) => ({ compose: await readReport(message.tabId) }),
  },
  applySuggestion: {
    from: 'extensionPage',
    run: async (message) => {
      const compose = await readReport(message.tabId);
      if (!compose) return { applied: false };
      return extensionApi.tabs.sendMessage(
        message.tabId,
        {
          type: 'applySuggestion',
          editorId: compose.editorId,
          findingId: message.findingId,
          suggestionIndex: message.suggestionIndex,
        },
        { frameId: compose.frameId },
      );
    },
  },
  setSiteEnabled: {
    from: 'extensionPage',
    run: async (message) => {
      if (typeof message.host !== 'string' || typeof message.enabled !== 'boolean') {
        throw new Error('setSiteEnabled needs a host and a boolean');
      }
      return setSiteEnabled(message.host, message.enabled, message.tabId);
    },
  },
};

const senderChecks = {
  any: (sender) => isExtensionPage(sender) || isContentScript(sender),
  contentScript: isContentScript,
  extensionPage: isExtensionPage,
};

/** The answer to `message` from `sender`, or null when no handler takes it from them. */
function answer(message, sender) {
  const handler = handlers[message?.type];
  if (!handler || !senderChecks[handler.from](sender)) return null;
  return Promise.resolve()
    .then(() => handler.run(message, sender))
    .catch((error) => ({ error: error instanceof Error ? error.message : String(error) }));
}

extensionApi.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const reply = answer(message, sender);
  if (!reply) return false;
  reply.then(sendResponse);
  // Keeps the channel open for the asynchronous answer.
  return true;
});

// Content scripts send over a long-lived port (shared/worker-channel.js).
extensionApi.runtime.onConnect.addListener((port) => {
  if (port.name !== WORKER_PORT_NAME) return;
  port.onMessage.addListener(async (request) => {
    const response = (await answer(request?.message, port.sender)) ?? { error: 'unknown message' };
    try {
      port.postMessage({ id: request?.id, response });
    } catch {
      // The page went away before the answer.
    }
  });
});

extensionApi.storage.onChanged.addListener((changes, areaName) => {
  if (areaName !== 'sync' || !SETTINGS_KEYS.some((key) => key in changes)) return;
  cachedSettings = null;
  if ('sites' in changes) reconcileRegistrations().catch(() => {});
});

extensionApi.permissions.onAdded.addListener((permissions) => {
  onAccessGranted(permissions.origins).catch(() => {});
});
extensionApi.permissions.onRemoved.addListener(() => {
  reconcileRegistrations().catch(() => {});
});

extensionApi.tabs.onRemoved.addListener((tabId) => {
  forgetTab(tabId).catch(() => {});
});

extensionApi.runtime.onInstalled.addListener(() => {
  reconcileRegistrations().catch(() => {});
});
extensionApi.runtime.onStartup.addListener(() => {
  reconcileRegistrations().catch(() => {});
});

// Read the settings right away (engine.js starts compiling as soon as it is loaded): the first
// check after the worker wakes up should wait for neither.
currentSettings().catch(() => {});
