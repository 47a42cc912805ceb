// Silencing findings from the card and the settings page: "Ignore here", "Turn off this rule" and
// "Always allow this phrase" persist across reloads; the settings page shows and edits them;
// imports are validated (a malformed file leaves the settings alone); corrupt stored values fall
// back to defaults.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  card,
  cardState,
  getStorage,
  highlightCentre,
  launchBrowser,
  resetStorage,
  serveFixtures,
  setSyncStorage,
  URLS,
  waitForChecks,
  waitForHighlights,
} from './helpers.mjs';

const REFUSAL = /geht nicht/;
const EXCUSE = /Rechner|Geist/;
const PRESUMED = /bereits erwähnt/i;

let browser;

before(async () => {
  browser = await launchBrowser();
  await serveFixtures(browser.context);
});

after(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await resetStorage(browser);
});

async function chooseCardAction(page, pattern, action) {
  const target = await highlightCentre(page, pattern);
  await page.mouse.click(target.x, target.y);
  await card(page).waitFor();
  const state = await cardState(page);
  await page.locator(`takt-ui .action[data-action="${action}"]`).click();
  await card(page).waitFor({ state: 'detached' });
  return state;
}

async function reloadAndWaitForCheck(page) {
  await page.reload();
  await waitForChecks(page, 1);
}

test('ignore here, turn off rule and allow phrase each persist across reloads', async () => {
  const page = await browser.context.newPage();
  await page.goto(URLS.gmail);
  await waitForHighlights(page, { present: [REFUSAL, EXCUSE, PRESUMED] });

  await chooseCardAction(page, EXCUSE, 'ignore');
  await waitForHighlights(page, { present: [REFUSAL, PRESUMED], absent: [EXCUSE] });
  await reloadAndWaitForCheck(page);
  await waitForHighlights(page, { present: [REFUSAL, PRESUMED], absent: [EXCUSE] });
  const local = await getStorage(browser, 'local');
  assert.equal(local.ignoredOccurrences.length, 1);
  assert.doesNotMatch(JSON.stringify(local), /Rechner|Geist/, 'only a hash of the occurrence is stored');

  const refusal = await chooseCardAction(page, REFUSAL, 'disable-rule');
  await waitForHighlights(page, { present: [PRESUMED], absent: [REFUSAL, EXCUSE] });
  await reloadAndWaitForCheck(page);
  await waitForHighlights(page, { present: [PRESUMED], absent: [REFUSAL, EXCUSE] });
  assert.deepEqual((await getStorage(browser, 'sync')).disabledRules, [refusal.rule]);

  const presumed = await chooseCardAction(page, PRESUMED, 'allow-phrase');
  await page.waitForFunction(() => ![...CSS.highlights.keys()].some((name) => name.startsWith('takt-')));
  await reloadAndWaitForCheck(page);
  assert.deepEqual(await page.evaluate(() => [...CSS.highlights.keys()].filter((name) => name.startsWith('takt-'))), []);
  const allowed = (await getStorage(browser, 'sync')).allowedPhrases;
  assert.equal(allowed.length, 1);
  assert.match(presumed.phrase, new RegExp(allowed[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  // The settings page shows both and can undo them.
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options/options.html'));
  await options.waitForSelector('body[data-ready="true"]');
  assert.equal(await options.isChecked(`[data-rule="${refusal.rule}"] input`), false);
  // Each rule is listed with its id and a phrase it flags.
  const detail = await options.textContent(`[data-rule="${refusal.rule}"] small`);
  assert.match(detail, new RegExp(`^${refusal.rule.replaceAll('.', '\\.')} · \\S`));
  assert.deepEqual(await options.locator('#allowed-list li span').allTextContents(), allowed);
  await options.click(`[data-rule="${refusal.rule}"] input`);
  await options.click('#allowed-list li button');
  await waitForHighlights(page, { present: [REFUSAL, PRESUMED], absent: [EXCUSE] });
  await options.close();
  await page.close();
});

test('the rule finder narrows the list by words of a rule and to the rules turned off', async () => {
  await setSyncStorage(browser, { disabledRules: ['en.blame.previously-said'] });
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options/options.html'));
  await options.waitForSelector('body[data-ready="true"]');
  const shownRules = () => options.locator('.rule:visible').evaluateAll((rows) => rows.map((row) => row.dataset.rule));
  const all = await shownRules();
  assert.ok(all.length > 40, `${all.length} rules listed`);

  // Every word counts, in any case, umlauts matched by their letter; ids and examples count too.
  await options.fill('#rule-search', 'GEHT nicht');
  const gehtNicht = await shownRules();
  assert.ok(gehtNicht.includes('de.refusal.geht-nicht'), JSON.stringify(gehtNicht));
  assert.ok(gehtNicht.length < all.length / 4, JSON.stringify(gehtNicht));
  for (const id of gehtNicht) {
    const text = (await options.textContent(`[data-rule="${id}"]`)).toLowerCase();
    assert.ok(text.includes('geht') && text.includes('nicht'), `${id}: ${text}`);
  }
  // "lässt" in the reason, found without its umlaut.
  await options.fill('#rule-search', 'nacktes lasst');
  assert.deepEqual(await shownRules(), ['de.refusal.geht-nicht']);
  await options.fill('#rule-search', 'xylophone');
  assert.deepEqual(await shownRules(), []);
  assert.equal(await options.isVisible('#rules-none'), true);
  await options.fill('#rule-search', 'de.excuse.');
  const excuses = await shownRules();
  assert.ok(excuses.length > 3 && excuses.every((id) => id.startsWith('de.excuse.')), JSON.stringify(excuses));
  // Only the category headings with a rule shown stay.
  assert.deepEqual(await options.locator('.rule-group:visible h3').allTextContents(), ['Excuse']);

  // The rules turned off, with and without words.
  await options.fill('#rule-search', '');
  await options.check('#rules-only-off');
  assert.deepEqual(await shownRules(), ['en.blame.previously-said']);
  await options.fill('#rule-search', 'geht');
  assert.deepEqual(await shownRules(), []);
  await options.fill('#rule-search', '');
  await options.uncheck('#rules-only-off');
  assert.deepEqual(await shownRules(), all);
  assert.equal(await options.isVisible('#rules-none'), false);
  await options.close();
});

test('a switched-off category disappears; the language and address choices are saved', async () => {
  const page = await browser.context.newPage();
  await page.goto(URLS.gmail);
  await waitForHighlights(page, { present: [REFUSAL, EXCUSE, PRESUMED] });
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options/options.html'));
  await options.waitForSelector('body[data-ready="true"]');
  assert.equal(await options.locator('#categories input').count(), 6);
  await options.click('[data-category="excuse"] input');
  await waitForHighlights(page, { present: [REFUSAL, PRESUMED], absent: [EXCUSE] });
  await options.selectOption('#language', 'de');
  await options.selectOption('#address', 'sie');
  await options.waitForFunction(() => document.querySelector('#status').textContent !== '');
  const stored = await getStorage(browser, 'sync');
  assert.deepEqual(stored.disabledCategories, ['excuse']);
  assert.equal(stored.lang, 'de');
  assert.equal(stored.address, 'sie');
  await options.close();
  await page.close();
});

test('export writes the settings; a malformed import shows a notice and keeps the settings; a valid one applies', async () => {
  await setSyncStorage(browser, { allowedPhrases: ['wie besprochen'], lang: 'en' });
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options/options.html'));
  await options.waitForSelector('body[data-ready="true"]');

  const download = options.waitForEvent('download');
  await options.click('#export');
  const exported = JSON.parse(await (await (await download).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
  assert.equal(exported.format, 'takt-settings');
  assert.deepEqual(exported.allowedPhrases, ['wie besprochen']);
  assert.equal(exported.lang, 'en');

  const directory = os.tmpdir();
  const broken = path.join(directory, `takt-broken-${process.pid}.json`);
  await writeFile(broken, '{"format": "takt-settings", "version": 1, "lang": ');
  await options.setInputFiles('#import-file', broken);
  await options.waitForFunction(() => !document.querySelector('#import-notice').hidden);
  assert.match(await options.textContent('#import-notice'), /not valid JSON/);
  assert.equal((await getStorage(browser, 'sync')).lang, 'en');

  const wrongValue = path.join(directory, `takt-wrong-${process.pid}.json`);
  await writeFile(wrongValue, JSON.stringify({ ...exported, lang: 'fr' }));
  await options.setInputFiles('#import-file', wrongValue);
  await options.waitForFunction(() => /lang/.test(document.querySelector('#import-notice').textContent));
  assert.equal((await getStorage(browser, 'sync')).lang, 'en');

  const valid = path.join(directory, `takt-valid-${process.pid}.json`);
  await writeFile(valid, JSON.stringify({ ...exported, lang: 'de', allowedPhrases: [] }));
  await options.setInputFiles('#import-file', valid);
  await options.waitForFunction(() => /imported/.test(document.querySelector('#import-notice').textContent));
  const stored = await getStorage(browser, 'sync');
  assert.equal(stored.lang, 'de');
  assert.deepEqual(stored.allowedPhrases, []);
  await options.close();
});

test('corrupt stored settings fall back to defaults instead of breaking checks', async () => {
  await setSyncStorage(browser, {
    paused: 'yes',
    sites: ['mail.google.com'],
    disabledRules: [42],
    allowedPhrases: 'Nein',
    lang: 'klingon',
    address: null,
  });
  const page = await browser.context.newPage();
  await page.goto(URLS.gmail);
  await waitForHighlights(page, { present: [REFUSAL, EXCUSE, PRESUMED] });
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options/options.html'));
  await options.waitForSelector('body[data-ready="true"]');
  assert.equal(await options.inputValue('#language'), 'auto');
  assert.equal(await options.inputValue('#address'), 'auto');
  await options.close();
  await page.close();
});

test('the global pause switches Takt off everywhere and back on', async () => {
  const page = await browser.context.newPage();
  await page.goto(URLS.gmail);
  await waitForHighlights(page, { present: [REFUSAL] });
  await setSyncStorage(browser, { paused: true });
  await page.waitForFunction(() => !document.querySelector('takt-ui') && CSS.highlights.size === 0);
  await setSyncStorage(browser, { paused: false });
  await waitForHighlights(page, { present: [REFUSAL, EXCUSE, PRESUMED] });
  await page.close();
});
