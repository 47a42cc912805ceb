// Outlook on the web: the compose body is a RoosterJS editor (the real library, bundled into the
// fixture) with Outlook's attributes, on https://outlook.office.com. RoosterJS keeps its own
// undo stack, so this is where "one Ctrl+Z restores exactly the text before the rewrite" is hard.

import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  card,
  cardState,
  highlightCentre,
  launchBrowser,
  placeCaret,
  replacedRegion,
  resetStorage,
  serveFixtures,
  textBeforeCaret,
  URLS,
  waitForHighlights,
} from './helpers.mjs';

const EDITOR = '#editorHost';
const REFUSAL = /not possible/;
const LAST_EMAIL = /per my last email/i;

let browser;
let fixtureLog;
let page;

before(async () => {
  browser = await launchBrowser();
  fixtureLog = await serveFixtures(browser.context);
});

after(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await resetStorage(browser);
  page = await browser.context.newPage();
  await page.goto(URLS.outlook);
  await page.waitForFunction(() => window.editorReady === true);
  await waitForHighlights(page, { present: [REFUSAL, LAST_EMAIL] });
});

afterEach(async () => {
  await page?.close();
});

const editorText = () => page.evaluate((selector) => document.querySelector(selector).innerText, EDITOR);

test('underlines phrases in the new text only: not in the signature or after #appendonsend', async () => {
  const placement = await page.evaluate(() =>
    [...CSS.highlights.keys()]
      .filter((name) => name.startsWith('takt-'))
      .flatMap((name) =>
        [...CSS.highlights.get(name)].map((range) => {
          const element = range.startContainer.parentElement;
          const boundary = document.getElementById('appendonsend');
          return {
            text: range.toString(),
            inSignature: Boolean(element.closest('#Signature')),
            afterQuoteStart: Boolean(boundary.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING),
          };
        }),
      ),
  );
  assert.equal(placement.filter((entry) => REFUSAL.test(entry.text)).length, 1, JSON.stringify(placement));
  assert.equal(placement.filter((entry) => LAST_EMAIL.test(entry.text)).length, 1, JSON.stringify(placement));
  assert.deepEqual(placement.filter((entry) => entry.inSignature || entry.afterQuoteStart), []);
  assert.deepEqual(fixtureLog.cspReports, []);
});

test('a rewrite after typing: exactly the phrase changes, input events fire, caret follows, one Ctrl+Z (RoosterJS undo) restores the typed text', async () => {
  await placeCaret(page, EDITOR, 'the invoice is attached.', 'the invoice is attached.'.length);
  await page.keyboard.type(' Thanks for your patience.');
  await page.waitForFunction((selector) => document.querySelector(selector).innerText.includes('patience.'), EDITOR);
  const before = await editorText();

  const target = await highlightCentre(page, REFUSAL);
  await page.mouse.click(target.x, target.y);
  await card(page).waitFor();
  const { suggestions, category } = await cardState(page);
  assert.equal(category, 'Flat refusal');
  await page.evaluate(() => {
    window.observedInputs.length = 0;
  });
  await page.locator('takt-ui .suggestion').first().click();
  await page.waitForFunction(({ selector, previous }) => document.querySelector(selector).innerText !== previous, {
    selector: EDITOR,
    previous: before,
  });

  const afterApply = await editorText();
  const replaced = replacedRegion(before, afterApply, suggestions[0]);
  assert.notEqual(replaced, null, `only the phrase should change:\n${before}\n---\n${afterApply}`);
  assert.match(replaced, REFUSAL);
  const inputs = await page.evaluate(() => window.observedInputs);
  assert.ok(inputs.some((event) => event.type === 'input'), JSON.stringify(inputs));

  const caret = await textBeforeCaret(page, EDITOR);
  assert.equal(caret.collapsed, true);
  assert.ok(caret.text.endsWith(suggestions[0]), `caret should follow the rewrite: …${caret.text.slice(-40)}`);

  await page.keyboard.press('Control+z');
  await page.waitForFunction(({ selector, previous }) => document.querySelector(selector).innerText !== previous, {
    selector: EDITOR,
    previous: afterApply,
  });
  assert.equal(await editorText(), before, 'one undo step restores the text right before the rewrite, typing included');
  await waitForHighlights(page, { present: [REFUSAL] });
});
