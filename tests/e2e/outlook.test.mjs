// Outlook on the web: the compose body is a RoosterJS editor (the real library, bundled into the
// fixture) with Outlook's attributes, on https://outlook.office.com. RoosterJS keeps its own
// undo stack, so this is where "one Ctrl+Z restores exactly the text before the rewrite" is hard.

import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyFirstRewrite,
  composeText,
  observedInputs,
  openCardByClick,
  placeCaret,
  replacedRegion,
  textBeforeCaret,
  undoOnce,
  URLS,
  useComposePage,
  waitForHighlights,
} from './helpers.mjs';

const EDITOR = '#editorHost';
const REFUSAL = /not possible/;
const LAST_EMAIL = /per my last email/i;

const fixture = useComposePage({
  url: URLS.outlook,
  present: [REFUSAL, LAST_EMAIL],
  prepare: (page) => page.waitForFunction(() => window.editorReady === true),
});
let page;
let fixtureLog;

beforeEach(() => {
  ({ page, fixtureLog } = fixture);
});

const editorText = () => composeText(page, EDITOR);

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

  const { suggestions, category } = await openCardByClick(page, REFUSAL);
  assert.equal(category, 'Flat refusal');
  const afterApply = await applyFirstRewrite(page, EDITOR, before);

  const replaced = replacedRegion(before, afterApply, suggestions[0]);
  assert.notEqual(replaced, null, `only the phrase should change:\n${before}\n---\n${afterApply}`);
  assert.match(replaced, REFUSAL);
  const inputs = await observedInputs(page);
  assert.ok(inputs.some((event) => event.type === 'input'), JSON.stringify(inputs));

  const caret = await textBeforeCaret(page, EDITOR);
  assert.equal(caret.collapsed, true);
  assert.ok(caret.text.endsWith(suggestions[0]), `caret should follow the rewrite: …${caret.text.slice(-40)}`);

  assert.equal(await undoOnce(page, EDITOR, afterApply), before, 'one undo step restores the text right before the rewrite, typing included');
  await waitForHighlights(page, { present: [REFUSAL] });
});
