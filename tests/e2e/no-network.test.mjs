// Takt sends nothing anywhere. During a session that exercises every part (checks in Gmail and
// Outlook, the card, a rewrite, the popup with a quick check, the settings page), every request
// to a non-extension URL from pages, the service worker and content scripts is recorded. Three
// positive controls prove that each of those sources would have been seen.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  card,
  currentServiceWorker,
  highlightCentre,
  launchBrowser,
  openPopup,
  serveFixtures,
  tabIdFor,
  URLS,
  waitForHighlights,
} from './helpers.mjs';

const FIXTURE_ORIGINS = new Set(Object.values(URLS).map((url) => new URL(url).origin));
const CONTROL_HOST = 'control.invalid';

let browser;
let fixtureLog;
const requests = [];

before(async () => {
  browser = await launchBrowser();
  fixtureLog = await serveFixtures(browser.context);
  browser.context.on('request', (request) => {
    const url = request.url();
    if (!/^https?:/.test(url)) return;
    requests.push({ url, fromServiceWorker: request.serviceWorker() !== null, fixture: isFixtureRequest(url) });
  });
});

after(async () => {
  await browser?.close();
});

function isFixtureRequest(url) {
  const parsed = new URL(url);
  // The fixture pages themselves and the editor library the Outlook fixture loads.
  return FIXTURE_ORIGINS.has(parsed.origin) && (Object.values(URLS).includes(url.split('#')[0]) || parsed.pathname === '/owa/static/rooster.js');
}

/** Runs `source` in Takt's content-script world of `page`, through the DevTools protocol. */
async function evaluateInContentScript(page, source) {
  const session = await page.context().newCDPSession(page);
  const contexts = [];
  session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await session.send('Runtime.enable');
  const isolated = contexts.find((context) => context.auxData?.type === 'isolated' && /Takt/.test(context.name));
  assert.ok(isolated, `content-script world not found among ${contexts.map((context) => context.name).join(', ')}`);
  await session.send('Runtime.evaluate', { contextId: isolated.id, expression: source, awaitPromise: true });
  await session.detach();
}

test('no request leaves the browser during a full session; the controls show each source is watched', async () => {
  // Gmail: checks, card, rewrite.
  const gmail = await browser.context.newPage();
  await gmail.goto(URLS.gmail);
  await waitForHighlights(gmail, { present: [/geht nicht/, /Rechner|Geist/] });
  const target = await highlightCentre(gmail, /Rechner|Geist/);
  await gmail.mouse.click(target.x, target.y);
  await card(gmail).waitFor();
  const before = await gmail.evaluate(() => document.querySelector('[g_editable]').innerText);
  await gmail.locator('takt-ui .suggestion').first().click();
  await gmail.waitForFunction((previous) => document.querySelector('[g_editable]').innerText !== previous, before);

  // Outlook (RoosterJS) with typing.
  const outlook = await browser.context.newPage();
  await outlook.goto(URLS.outlook);
  await waitForHighlights(outlook, { present: [/not possible/] });
  await outlook.click('#editorHost');
  await outlook.keyboard.type(' Thanks.');

  // Popup with quick check, and the settings page.
  const popup = await openPopup(browser, await tabIdFor(browser, URLS.gmail));
  await popup.fill('#quick-input', "That's not possible, per my last email.");
  await popup.click('#quick-check');
  await popup.waitForFunction(() => document.querySelectorAll('#quick-findings .finding').length > 0);
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options/options.html'));
  await options.waitForSelector('body[data-ready="true"]');

  const extensionRequests = requests.filter((request) => !request.fixture);
  assert.deepEqual(extensionRequests, [], 'Takt made network requests');
  assert.deepEqual(fixtureLog.unexpected, []);
  assert.deepEqual(fixtureLog.cspReports, []);

  // Positive controls: a request from a page, from the service worker and from the content
  // script must each be recorded.
  await gmail.evaluate((host) => fetch(`https://${host}/from-page`).catch(() => {}), CONTROL_HOST);
  const worker = await currentServiceWorker(browser);
  await worker.evaluate((host) => fetch(`https://${host}/from-service-worker`).catch(() => {}), CONTROL_HOST);
  await evaluateInContentScript(gmail, `fetch('https://${CONTROL_HOST}/from-content-script').catch(() => {})`);

  const controls = requests.filter((request) => new URL(request.url).host === CONTROL_HOST);
  assert.deepEqual(
    controls.map((request) => [new URL(request.url).pathname, request.fromServiceWorker]).sort(),
    [
      ['/from-content-script', false],
      ['/from-page', false],
      ['/from-service-worker', true],
    ],
  );
  assert.deepEqual(requests.filter((request) => !request.fixture && new URL(request.url).host !== CONTROL_HOST), []);
  for (const page of [gmail, outlook, popup, options]) await page.close();
});
