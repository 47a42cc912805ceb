// A site the user switches on from the popup (here a helpdesk with a plain contenteditable).
// Takt does not run there until switched on; switching on registers the content script for the
// site and injects it into the open tab; the choice persists across reloads; switching off
// removes the underlines and the registration. Fields that opt out (data-gramm="false") stay
// unchecked.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  card,
  cardState,
  currentServiceWorker,
  highlightCentre,
  launchBrowser,
  openPopup,
  replacedRegion,
  serveFixtures,
  tabIdFor,
  textBeforeCaret,
  URLS,
  waitForHighlights,
  waitForNoHighlights,
} from './helpers.mjs';

const HOST = 'helpdesk.example.org';
const REPLY = '.reply';
const NOTES = '.notes';
const REFUSAL = /not possible/;
const LAST_EMAIL = /per my last email/i;

let browser;
let page;

before(async () => {
  browser = await launchBrowser({ grantHosts: [HOST] });
  await serveFixtures(browser.context);
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
});

async function registeredScriptIds() {
  const worker = await currentServiceWorker(browser);
  return worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id));
}

test('off by default on other sites; switching on from the popup checks the focused editor at once', async () => {
  await page.goto(URLS.helpdesk);
  await page.click(REPLY);
  assert.deepEqual(await registeredScriptIds(), []);
  assert.equal(await page.evaluate(() => document.querySelector('takt-ui') === null && CSS.highlights.size === 0), true);

  const popup = await openPopup(browser, await tabIdFor(browser, URLS.helpdesk));
  assert.equal(await popup.isChecked('#site-switch'), false);
  assert.match(await popup.textContent('#site-label'), new RegExp(HOST.replaceAll('.', '\\.')));
  await popup.click('#site-switch');
  await popup.waitForFunction(() => document.querySelector('#site-switch').checked);
  await popup.close();

  await page.click(REPLY);
  await waitForHighlights(page, { present: [REFUSAL, LAST_EMAIL] });
  assert.deepEqual(await registeredScriptIds(), [`takt-site-${HOST}`]);
});

test('the opt-out attribute keeps a field unchecked', async () => {
  await page.click(NOTES);
  await page.click(REPLY);
  await waitForHighlights(page, { present: [REFUSAL] });
  const refusals = await page.evaluate(() => [...CSS.highlights.get('takt-refusal')].map((range) => range.startContainer.parentElement.closest('.notes') !== null));
  assert.deepEqual(refusals, [false]);
});

test('after a reload the site is still on; rewrite and undo work in a plain contenteditable', async () => {
  await page.reload();
  await page.click(REPLY);
  await waitForHighlights(page, { present: [REFUSAL, LAST_EMAIL] });

  const text = () => page.evaluate((selector) => document.querySelector(selector).innerText, REPLY);
  const before = await text();
  const target = await highlightCentre(page, LAST_EMAIL);
  await page.mouse.click(target.x, target.y);
  await card(page).waitFor();
  const { suggestions } = await cardState(page);
  await page.locator('takt-ui .suggestion').first().click();
  await page.waitForFunction(({ selector, previous }) => document.querySelector(selector).innerText !== previous, {
    selector: REPLY,
    previous: before,
  });
  const afterApply = await text();
  const replaced = replacedRegion(before, afterApply, suggestions[0]);
  assert.notEqual(replaced, null, `${before}\n---\n${afterApply}`);
  assert.match(replaced, LAST_EMAIL);
  assert.ok((await textBeforeCaret(page, REPLY)).text.endsWith(suggestions[0]));
  assert.ok((await page.evaluate(() => window.observedInputs)).some((event) => event.type === 'input'));

  await page.keyboard.press('Control+z');
  await page.waitForFunction(({ selector, previous }) => document.querySelector(selector).innerText === previous, {
    selector: REPLY,
    previous: before,
  });
});

test('switching off removes the underlines and the registration', async () => {
  const popup = await openPopup(browser, await tabIdFor(browser, URLS.helpdesk));
  assert.equal(await popup.isChecked('#site-switch'), true);
  await popup.click('#site-switch');
  await waitForNoHighlights(page);
  await popup.waitForFunction(() => !document.querySelector('#site-switch').checked);
  await popup.close();
  assert.deepEqual(await registeredScriptIds(), []);

  await page.reload();
  await page.click(REPLY);
  assert.equal(await page.evaluate(() => document.querySelector('takt-ui') === null && CSS.highlights.size === 0), true);
});
