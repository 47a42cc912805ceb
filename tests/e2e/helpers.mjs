// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core, headless,
// with the built extension (dist/chrome) loaded. Fixture pages are answered from this process
// for the real webmail URLs, so the content script sees the real hosts and nothing leaves the
// machine. Fixture pages carry a Gmail-like CSP (nonce + 'strict-dynamic', no 'wasm-unsafe-eval').

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { after, afterEach, before, beforeEach } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPOSITORY_ROOT = path.resolve(here, '..', '..');
export const EXTENSION_DIRECTORY = path.join(REPOSITORY_ROOT, 'dist', 'chrome');
const FIXTURE_DIRECTORY = path.join(REPOSITORY_ROOT, 'tests', 'fixtures');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const URLS = {
  gmail: 'https://mail.google.com/mail/u/0/',
  outlook: 'https://outlook.office.com/mail/deeplink/compose',
  textarea: 'https://outlook.live.com/mail/0/contact',
  helpdesk: 'https://helpdesk.example.org/tickets/42',
};

const FIXTURES = {
  [URLS.gmail]: 'gmail-compose.html',
  [URLS.outlook]: 'outlook-compose.html',
  [URLS.textarea]: 'textarea.html',
  [URLS.helpdesk]: 'helpdesk.html',
};

const ROOSTER_URL = 'https://outlook.office.com/owa/static/rooster.js';
const ROOSTER_FILE = path.join(REPOSITORY_ROOT, 'node_modules', 'roosterjs', 'dist', 'rooster-min.js');
const CSP_REPORT_PATH = '/csp-report';

export const HIGHLIGHT_NAMES = ['refusal', 'excuse', 'manipulation', 'blame', 'vague', 'address'].map(
  (category) => `takt-${category}`,
);

function strictPolicy(nonce) {
  return [
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'report-sample'`,
    `style-src 'nonce-${nonce}'`,
    "object-src 'none'",
    "base-uri 'self'",
    "require-trusted-types-for 'script'",
    `report-uri ${CSP_REPORT_PATH}`,
  ].join('; ');
}

let nonceCounter = 0;

/**
 * The response for a fixture URL ({ status, contentType, headers, body }), or null: the fixture
 * pages under their strict CSP, with a fresh nonce each time, and the editor script they load.
 */
export async function fixtureResponse(url) {
  const withoutHash = url.split('#')[0];
  if (FIXTURES[withoutHash]) {
    const nonce = `n${(nonceCounter++).toString(36)}x${Math.random().toString(36).slice(2)}`;
    const html = (await readFile(path.join(FIXTURE_DIRECTORY, FIXTURES[withoutHash]), 'utf8')).replaceAll('{{NONCE}}', nonce);
    // Roosterjs builds its DOM with innerHTML; Outlook's page allows that, so the fixture does too.
    const policy = withoutHash === URLS.outlook ? strictPolicy(nonce).replace(/; require-trusted-types-for 'script'/, '') : strictPolicy(nonce);
    return { status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': policy }, body: html };
  }
  if (withoutHash === ROOSTER_URL) {
    return { status: 200, contentType: 'text/javascript', headers: {}, body: await readFile(ROOSTER_FILE, 'utf8') };
  }
  return null;
}

/**
 * Answers fixture URLs; everything else a page asks for is recorded and refused.
 * Returns { unexpected: [url], cspReports: [body] }.
 */
export async function serveFixtures(context) {
  const log = { unexpected: [], cspReports: [] };
  await context.route(
    (url) => url.protocol === 'http:' || url.protocol === 'https:',
    async (route) => {
      const request = route.request();
      const url = request.url();
      const fixture = await fixtureResponse(url);
      if (fixture) {
        await route.fulfill(fixture);
        return;
      }
      if (new URL(url).pathname === CSP_REPORT_PATH) {
        log.cspReports.push(request.postData() ?? '');
        await route.fulfill({ status: 204, body: '' });
        return;
      }
      log.unexpected.push(url);
      await route.abort('blockedbyclient');
    },
  );
  return log;
}

/**
 * Launches Chromium with the extension. grantHosts simulates the user having accepted the
 * browser's site-access prompt for those hosts (the prompt itself is browser UI that headless
 * runs cannot click): a copy of the extension lists them as granted host permissions.
 */
export async function launchBrowser({ grantHosts = [], extensionDirectory = EXTENSION_DIRECTORY } = {}) {
  if (!existsSync(path.join(extensionDirectory, 'manifest.json'))) {
    throw new Error(`${extensionDirectory} is missing: run "node extension/build.mjs" first`);
  }
  const temporary = await mkdtemp(path.join(os.tmpdir(), 'takt-e2e-'));
  let loadedExtension = extensionDirectory;
  if (grantHosts.length > 0) {
    loadedExtension = path.join(temporary, 'extension');
    await cp(extensionDirectory, loadedExtension, { recursive: true });
    const manifestPath = path.join(loadedExtension, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.host_permissions.push(...grantHosts.map((host) => `*://${host}/*`));
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  }
  const context = await chromium.launchPersistentContext(path.join(temporary, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 800 },
    locale: 'en-US',
    args: [
      `--disable-extensions-except=${loadedExtension}`,
      `--load-extension=${loadedExtension}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=en-US',
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    serviceWorker,
    extensionId,
    extensionUrl: (file) => `chrome-extension://${extensionId}/${file}`,
    async close() {
      await context.close().catch(() => {});
      await rm(temporary, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** The current service worker (it may have been restarted since launch). */
export async function currentServiceWorker(browser) {
  const workers = browser.context.serviceWorkers().filter((worker) => worker.url().includes(browser.extensionId));
  return workers.at(-1) ?? browser.context.waitForEvent('serviceworker');
}

/**
 * Stops every service worker, as the browser does with idle ones, through a CDP `session` on
 * which `ServiceWorker.enable` was sent; resolves true once the browser reports them stopped.
 */
export async function stopServiceWorkers(session) {
  const stopped = new Promise((resolvePromise) => {
    const onUpdate = ({ versions }) => {
      if (versions.length > 0 && versions.every((version) => version.runningStatus === 'stopped')) {
        session.off('ServiceWorker.workerVersionUpdated', onUpdate);
        resolvePromise(true);
      }
    };
    session.on('ServiceWorker.workerVersionUpdated', onUpdate);
    setTimeout(() => {
      session.off('ServiceWorker.workerVersionUpdated', onUpdate);
      resolvePromise(false);
    }, 5000);
  });
  await session.send('ServiceWorker.stopAllWorkers');
  return stopped;
}

export async function resetStorage(browser) {
  const worker = await currentServiceWorker(browser);
  await worker.evaluate(async () => {
    await chrome.storage.sync.clear();
    await chrome.storage.local.clear();
  });
}

export async function setSyncStorage(browser, values) {
  const worker = await currentServiceWorker(browser);
  await worker.evaluate((items) => chrome.storage.sync.set(items), values);
}

export async function getStorage(browser, area) {
  const worker = await currentServiceWorker(browser);
  return worker.evaluate((areaName) => chrome.storage[areaName].get(null), area);
}

export async function tabIdFor(browser, url) {
  const worker = await currentServiceWorker(browser);
  return worker.evaluate(async (pattern) => {
    const tabs = await chrome.tabs.query({ url: pattern });
    return tabs[0]?.id ?? null;
  }, `${new URL(url).origin}/*`);
}

// ---- a test file about one compose fixture -----------------------------------------------------

/**
 * Registers the hooks of a test file about one compose page: one browser for the file; for every
 * test fresh settings and a fresh page at `url`, prepared by `prepare(page)` (e.g. focus), with
 * the phrases in `present` underlined. Returns { browser, fixtureLog, page }, filled in by the hooks.
 */
export function useComposePage({ url, present, prepare = async () => {} }) {
  const state = { browser: null, fixtureLog: null, page: null };
  before(async () => {
    state.browser = await launchBrowser();
    state.fixtureLog = await serveFixtures(state.browser.context);
  });
  after(async () => {
    await state.browser?.close();
  });
  beforeEach(async () => {
    await resetStorage(state.browser);
    state.page = await state.browser.context.newPage();
    await state.page.goto(url);
    await prepare(state.page);
    await waitForHighlights(state.page, { present });
  });
  afterEach(async () => {
    await state.page?.close();
  });
  return state;
}

/** What the compose body reads: a textarea's value, a contenteditable's rendered text. */
export function composeText(page, selector) {
  return page.evaluate((editorSelector) => {
    const editor = document.querySelector(editorSelector);
    return editor instanceof HTMLTextAreaElement ? editor.value : editor.innerText;
  }, selector);
}

/** Waits until the compose body no longer reads `previous`; returns what it reads then. */
export async function waitForComposeChange(page, selector, previous) {
  await page.waitForFunction(
    ({ editorSelector, text }) => {
      const editor = document.querySelector(editorSelector);
      return (editor instanceof HTMLTextAreaElement ? editor.value : editor.innerText) !== text;
    },
    { editorSelector: selector, text: previous },
  );
  return composeText(page, selector);
}

/** Clicks the underline whose text matches `pattern` and returns the state of the card it opens. */
export async function openCardByClick(page, pattern) {
  const target = await highlightCentre(page, pattern);
  await page.mouse.click(target.x, target.y);
  await card(page).waitFor();
  return cardState(page);
}

/**
 * Clicks the open card's first rewrite with the page's input log emptied first, and returns the
 * compose text once the rewrite has changed it from `before`.
 */
export async function applyFirstRewrite(page, selector, before) {
  await page.evaluate(() => {
    window.observedInputs.length = 0;
  });
  await page.locator('takt-ui .suggestion').first().click();
  return waitForComposeChange(page, selector, before);
}

/** Presses Ctrl+Z and returns the compose text once it has changed from `current`. */
export async function undoOnce(page, selector, current) {
  await page.keyboard.press('Control+z');
  return waitForComposeChange(page, selector, current);
}

/** The page's own log of beforeinput and input events on the compose body. */
export function observedInputs(page) {
  return page.evaluate(() => window.observedInputs);
}

// ---- reading highlights from the page ---------------------------------------------------------

/** { 'takt-refusal': ['Nein, das geht nicht', ...], ... } as registered in CSS.highlights. */
function readHighlights(page) {
  return page.evaluate((names) => {
    const result = {};
    for (const name of names) {
      const highlight = CSS.highlights.get(name);
      if (highlight && highlight.size > 0) result[name] = [...highlight].map((range) => range.toString());
    }
    return result;
  }, HIGHLIGHT_NAMES);
}

function allHighlightedTexts(highlights) {
  return Object.values(highlights).flat();
}

/** The texts of every Takt highlight in the page. Takes a Playwright or a Puppeteer page. */
export async function highlightedTexts(page) {
  return allHighlightedTexts(await readHighlights(page));
}

/**
 * Waits until every pattern in `present` matches some highlighted range and no pattern in
 * `absent` matches any; returns the highlighted texts.
 */
export async function waitForHighlights(page, { present = [], absent = [] }, { timeout = 15_000 } = {}) {
  const toSources = (patterns) => patterns.map((pattern) => [pattern.source, pattern.flags]);
  try {
    await page.waitForFunction(
      ({ names, wanted, unwanted }) => {
        const texts = names.flatMap((name) => [...(CSS.highlights.get(name) ?? [])].map((range) => range.toString()));
        const matches = ([source, flags]) => texts.some((text) => new RegExp(source, flags).test(text));
        return wanted.every(matches) && !unwanted.some(matches);
      },
      { names: HIGHLIGHT_NAMES, wanted: toSources(present), unwanted: toSources(absent) },
      { timeout },
    );
  } catch (error) {
    const seen = allHighlightedTexts(await readHighlights(page).catch(() => ({})));
    throw new Error(`Highlights never matched (present ${present}, absent ${absent}); last seen ${JSON.stringify(seen)}`);
  }
  return allHighlightedTexts(await readHighlights(page));
}

export async function waitForNoHighlights(page, { timeout = 15_000 } = {}) {
  await page.waitForFunction((names) => names.every((name) => !CSS.highlights.has(name)), HIGHLIGHT_NAMES, { timeout });
}

/** Waits until the content script reports at least `count` completed checks in this document. */
export async function waitForChecks(page, count = 1, { timeout = 15_000 } = {}) {
  await page.waitForFunction(
    (minimum) => Number(document.querySelector('takt-ui')?.dataset.checks ?? 0) >= minimum,
    count,
    { timeout },
  );
}

/** Centre of the first client rect of the highlighted range whose text matches. */
export async function highlightCentre(page, pattern) {
  const box = await page.evaluate(
    ({ names, source, flags }) => {
      const matcher = new RegExp(source, flags);
      for (const name of names) {
        for (const range of CSS.highlights.get(name) ?? []) {
          if (matcher.test(range.toString())) {
            const rect = range.getClientRects()[0];
            return { x: rect.left + Math.min(rect.width / 2, 30), y: rect.top + rect.height / 2 };
          }
        }
      }
      return null;
    },
    { names: HIGHLIGHT_NAMES, source: pattern.source, flags: pattern.flags },
  );
  if (!box) throw new Error(`No highlight matches ${pattern}`);
  return box;
}

// ---- the card ---------------------------------------------------------------------------------

export function card(page) {
  return page.locator('takt-ui [role="dialog"]');
}

export async function cardState(page) {
  return page.evaluate(() => {
    const root = document.querySelector('takt-ui')?.shadowRoot;
    const dialog = root?.querySelector('[role="dialog"]');
    if (!dialog) return null;
    return {
      category: dialog.querySelector('.category')?.textContent ?? '',
      phrase: dialog.querySelector('.phrase')?.textContent ?? '',
      reason: dialog.querySelector('.reason')?.textContent ?? '',
      suggestions: [...dialog.querySelectorAll('.suggestion')].map((button) => button.textContent),
      actions: [...dialog.querySelectorAll('.action')].map((button) => button.dataset.action),
      focused: root.activeElement ? (root.activeElement.dataset.action ?? root.activeElement.textContent) : null,
      rule: dialog.dataset.rule,
    };
  });
}

// ---- text and caret checks --------------------------------------------------------------------

/**
 * True when `after` is `before` with exactly one contiguous region replaced by `replacement`.
 * Returns the replaced text of `before`, or null.
 */
export function replacedRegion(before, after, replacement) {
  const removedLength = before.length - (after.length - replacement.length);
  if (removedLength < 0) return null;
  for (let start = 0; start <= after.length - replacement.length; start++) {
    if (before.slice(0, start) !== after.slice(0, start)) break;
    const end = start + removedLength;
    if (
      after.slice(start, start + replacement.length) === replacement &&
      before.slice(end) === after.slice(start + replacement.length)
    ) {
      return before.slice(start, end);
    }
  }
  return null;
}

/** Text from the start of `selector` to the caret, and whether the selection is collapsed. */
export function textBeforeCaret(page, selector) {
  return page.evaluate((editorSelector) => {
    const editor = document.querySelector(editorSelector);
    if (editor instanceof HTMLTextAreaElement) {
      return { collapsed: editor.selectionStart === editor.selectionEnd, text: editor.value.slice(0, editor.selectionEnd), focused: document.activeElement === editor };
    }
    const selection = getSelection();
    const range = document.createRange();
    range.setStart(editor, 0);
    range.setEnd(selection.focusNode, selection.focusOffset);
    return { collapsed: selection.isCollapsed, text: range.toString(), focused: document.activeElement === editor };
  }, selector);
}

/** Puts the caret into the text node containing `needle`, `offset` characters into the needle. */
export function placeCaret(page, selector, needle, offset = 1) {
  return page.evaluate(
    ({ editorSelector, text, within }) => {
      const editor = document.querySelector(editorSelector);
      editor.focus();
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const index = node.data.indexOf(text);
        if (index !== -1) {
          const selection = getSelection();
          selection.removeAllRanges();
          const range = document.createRange();
          range.setStart(node, index + within);
          selection.addRange(range);
          return true;
        }
      }
      return false;
    },
    { editorSelector: selector, text: needle, within: offset },
  );
}

// ---- pixels -----------------------------------------------------------------------------------

/** Decodes an 8-bit, non-interlaced RGB/RGBA PNG (what screenshots are) into RGBA pixels. */
function decodePng(buffer) {
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const data = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('ascii', offset + 4, offset + 8);
    const chunk = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      if (chunk[8] !== 8 || chunk[12] !== 0) throw new Error('Only 8-bit non-interlaced PNGs are supported');
      colorType = chunk[9];
    } else if (type === 'IDAT') {
      data.push(chunk);
    }
    offset += 12 + length;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (!channels) throw new Error(`Unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(width * height * 4);
  const previous = Buffer.alloc(stride);
  const current = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    raw.copy(current, 0, y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? current[x - channels] : 0;
      const up = previous[x];
      const upLeft = x >= channels ? previous[x - channels] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const estimate = left + up - upLeft;
        const distanceLeft = Math.abs(estimate - left);
        const distanceUp = Math.abs(estimate - up);
        const distanceUpLeft = Math.abs(estimate - upLeft);
        predictor = distanceLeft <= distanceUp && distanceLeft <= distanceUpLeft ? left : distanceUp <= distanceUpLeft ? up : upLeft;
      }
      current[x] = (current[x] + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const target = (y * width + x) * 4;
      pixels[target] = current[x * channels];
      pixels[target + 1] = current[x * channels + 1];
      pixels[target + 2] = current[x * channels + 2];
      pixels[target + 3] = channels === 4 ? current[x * channels + 3] : 255;
    }
    current.copy(previous);
  }
  return { width, height, pixels };
}

/**
 * Pixels with a strong colour. Fixture text and borders are grey and black, so strongly coloured
 * pixels in an editor screenshot come from painted underlines.
 */
export function countColouredPixels(png) {
  const { pixels } = decodePng(png);
  let count = 0;
  for (let index = 0; index < pixels.length; index += 4) {
    const r = pixels[index];
    const g = pixels[index + 1];
    const b = pixels[index + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 90) count++;
  }
  return count;
}

// ---- popup ------------------------------------------------------------------------------------

export async function openPopup(browser, tabId) {
  const popup = await browser.context.newPage();
  const query = tabId === undefined ? '' : `?tab=${tabId}`;
  await popup.goto(browser.extensionUrl(`popup/popup.html${query}`));
  await popup.waitForSelector('body[data-ready="true"]');
  return popup;
}

/**
 * The content-script world of a page, reached through the DevTools protocol: `evaluate(expression)`
 * runs an expression there (promises awaited, result returned by value).
 */
export async function contentScriptWorld(page) {
  const session = await page.context().newCDPSession(page);
  const contexts = [];
  session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await session.send('Runtime.enable');
  const world = contexts.find((context) => context.auxData?.type === 'isolated' && /Takt/.test(context.name));
  if (!world) throw new Error('content-script world not found');
  return {
    session,
    async evaluate(expression) {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
        contextId: world.id,
        expression,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
  };
}
