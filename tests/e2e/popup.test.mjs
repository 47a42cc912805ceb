// The popup, opened as a page (headless browsers have no toolbar to click): quick check with the
// improved text and copy, and the findings of the compose open in a tab, applied from the popup.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  currentServiceWorker,
  launchBrowser,
  openPopup,
  replacedRegion,
  resetStorage,
  serveFixtures,
  tabIdFor,
  URLS,
  waitForHighlights,
} from './helpers.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
  await serveFixtures(browser.context);
  await resetStorage(browser);
});

after(async () => {
  await browser?.close();
});

test('quick check of text longer than Takt checks says how much it checked', async () => {
  const popup = await openPopup(browser);
  // A phrase near the start, then far more neutral text than the worker checks.
  const filler = 'Die Unterlagen liegen bei und die Lieferung kommt wie besprochen. '.repeat(4_000);
  const text = `Hallo Herr Weber,\nNein, das geht nicht.\n${filler}\nViele Grüße`;
  assert.ok(text.length > 200_000);
  await popup.fill('#quick-input', text);
  await popup.click('#quick-check');
  await popup.waitForFunction(() => document.querySelectorAll('#quick-findings .finding').length >= 1);
  const note = await popup.textContent('#quick-empty');
  assert.match(note, /200[,.\u202f\u00a0]?000/, `the note names the limit: ${note}`);

  // Short text: no such note.
  await popup.fill('#quick-input', 'Nein, das geht nicht.');
  await popup.click('#quick-check');
  await popup.waitForFunction(() => document.querySelector('#quick-empty').textContent === '');
  await popup.close();
});

test('quick check lists findings and builds the improved text with the first suggestions', async () => {
  const popup = await openPopup(browser);
  const text = 'Hallo Herr Weber,\nNein, das geht nicht. Mein Rechner hat den Geist aufgegeben.\nViele Grüße';
  await popup.fill('#quick-input', text);
  await popup.click('#quick-check');
  await popup.waitForFunction(() => document.querySelectorAll('#quick-findings .finding').length >= 2);
  const findings = await popup.$$eval('#quick-findings .finding', (items) =>
    items.map((item) => ({
      category: item.dataset.category,
      phrase: item.querySelector('.phrase').textContent,
      reason: item.querySelector('.reason').textContent,
      suggestions: [...item.querySelectorAll('.suggestion')].map((button) => button.textContent),
    })),
  );
  assert.ok(findings.some((finding) => finding.category === 'refusal' && /geht nicht/.test(finding.phrase)), JSON.stringify(findings));
  assert.ok(findings.some((finding) => finding.category === 'excuse'), JSON.stringify(findings));
  assert.ok(findings.every((finding) => finding.reason.length > 0));

  const improved = await popup.inputValue('#quick-improved');
  assert.equal(await popup.isVisible('#quick-result'), true);
  assert.notEqual(improved, text);
  assert.doesNotMatch(improved, /geht nicht|Geist aufgegeben/);
  assert.match(improved, /^Hallo Herr Weber,\n/);
  assert.match(improved, /\nViele Grüße$/);
  // Each first suggestion appears in the improved text.
  for (const finding of findings) {
    if (finding.suggestions.length > 0) assert.ok(improved.includes(finding.suggestions[0]), `${finding.suggestions[0]} missing in ${improved}`);
  }

  await popup.click('#quick-copy');
  await popup.waitForFunction(() => document.querySelector('#quick-copied').textContent !== '');
  // Pasting shows what was copied.
  await popup.fill('#quick-input', '');
  await popup.focus('#quick-input');
  await popup.keyboard.press('Control+v');
  assert.equal(await popup.inputValue('#quick-input'), improved);

  // English works the same way.
  await popup.fill('#quick-input', "Thanks for the details. That's not possible.");
  await popup.click('#quick-check');
  await popup.waitForFunction(() => [...document.querySelectorAll('#quick-findings .phrase')].some((phrase) => /not possible/.test(phrase.textContent)));

  // Clean text gives a clear "nothing to improve".
  await popup.fill('#quick-input', 'Vielen Dank für Ihre Geduld, die Unterlagen kommen bis Freitag.');
  await popup.click('#quick-check');
  await popup.waitForFunction(() => document.querySelector('#quick-empty').textContent !== '');
  assert.equal(await popup.isVisible('#quick-result'), false);
  await popup.close();
});

test('the popup and the badge show the findings of the compose in the tab; a suggestion applies there', async () => {
  const page = await browser.context.newPage();
  await page.goto(URLS.gmail);
  await waitForHighlights(page, { present: [/geht nicht/, /Rechner|Geist/, /bereits erwähnt/i] });
  const tabId = await tabIdFor(browser, URLS.gmail);
  const badgeText = async () => (await currentServiceWorker(browser)).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  const popup = await openPopup(browser, tabId);
  await popup.waitForFunction(() => document.querySelectorAll('#findings-list .finding').length === 3);
  assert.equal(await badgeText(), '3');
  const categories = await popup.$$eval('#findings-list .finding', (items) => items.map((item) => item.dataset.category));
  const underlined = await page.evaluate(() =>
    [...CSS.highlights.entries()].flatMap(([name, highlight]) => [...highlight].map(() => name.replace(/^takt-/, ''))),
  );
  assert.deepEqual([...categories].sort(), underlined.sort());
  assert.equal(await popup.isChecked('#site-switch'), true);

  const before = await page.evaluate(() => document.querySelector('[g_editable]').innerText);
  const button = popup.locator('#findings-list .finding[data-category="excuse"] .suggestion').first();
  const suggestion = await button.textContent();
  await button.click();
  await page.waitForFunction((previous) => document.querySelector('[g_editable]').innerText !== previous, before);
  const afterApply = await page.evaluate(() => document.querySelector('[g_editable]').innerText);
  assert.notEqual(replacedRegion(before, afterApply, suggestion), null);
  // The list follows the compose.
  await popup.waitForFunction(() => document.querySelectorAll('#findings-list .finding').length === 2);
  assert.equal(await badgeText(), '2');
  await popup.close();
  await page.close();
});

test('a suggestion whose phrase changed since the check is not applied; Takt checks again instead', async () => {
  const page = await browser.context.newPage();
  await page.goto(URLS.gmail);
  await waitForHighlights(page, { present: [/geht nicht/, /Rechner|Geist/, /bereits erwähnt/i] });
  const tabId = await tabIdFor(browser, URLS.gmail);
  const popup = await openPopup(browser, tabId);
  const excuse = await popup.evaluate(async (id) => {
    const { compose } = await chrome.runtime.sendMessage({ type: 'getActiveCompose', tabId: id });
    return compose.findings.find((finding) => finding.category === 'excuse');
  }, tabId);
  assert.ok(excuse, 'the compose report lists the excuse');

  // The excuse is rewritten by hand (as the mail client or the writer would) after the popup
  // listed it and before Takt's next check; then the popup applies the listed suggestion.
  const edited = await page.evaluate(() => {
    const editor = document.querySelector('[g_editable]');
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.includes('Mein Rechner hat den Geist aufgegeben.')) {
        node.data = node.data.replace('Mein Rechner hat den Geist aufgegeben.', 'Die Datei ist fast fertig.');
        break;
      }
    }
    return editor.innerText;
  });
  assert.match(edited, /Die Datei ist fast fertig\./);
  const result = await popup.evaluate(
    ({ id, findingId }) => chrome.runtime.sendMessage({ type: 'applySuggestion', tabId: id, findingId, suggestionIndex: 0 }),
    { id: tabId, findingId: excuse.id },
  );
  assert.equal(result.applied, false, JSON.stringify(result));
  assert.ok(['stale', 'gone'].includes(result.reason), JSON.stringify(result));

  // Takt checks again: the excuse's underline goes, the others stay, the text is exactly as edited.
  await waitForHighlights(page, { present: [/geht nicht/, /bereits erwähnt/i], absent: [/Rechner|Geist|Datei/] });
  assert.equal(await page.evaluate(() => document.querySelector('[g_editable]').innerText), edited);
  await popup.close();
  await page.close();
});
