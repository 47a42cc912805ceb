// A plain textarea on a webmail host. Textareas cannot show highlights, so Takt lays a mirror of
// the text over the field (in its own shadow root) and underlines the mirror.

import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyFirstRewrite,
  composeText,
  countColouredPixels,
  observedInputs,
  openCardByClick,
  replacedRegion,
  textBeforeCaret,
  undoOnce,
  URLS,
  useComposePage,
  waitForHighlights,
} from './helpers.mjs';

const FIELD = '#reply';
const REFUSAL = /geht nicht/;
const EXCUSE = /Rechner|Geist/;

const fixture = useComposePage({ url: URLS.textarea, present: [REFUSAL, EXCUSE], prepare: (page) => page.focus(FIELD) });
let page;
let fixtureLog;

beforeEach(() => {
  ({ page, fixtureLog } = fixture);
});

const fieldValue = () => composeText(page, FIELD);

test('underlines are painted over the textarea, aligned with its text, without touching the field', async () => {
  const geometry = await page.evaluate((selector) => {
    const field = document.querySelector(selector).getBoundingClientRect();
    const ranges = [...CSS.highlights.keys()]
      .filter((name) => name.startsWith('takt-'))
      .flatMap((name) => [...CSS.highlights.get(name)]);
    return { field: { left: field.left, top: field.top, right: field.right, bottom: field.bottom }, rects: ranges.map((range) => range.getBoundingClientRect().toJSON()) };
  }, FIELD);
  for (const rect of geometry.rects) {
    assert.ok(rect.left >= geometry.field.left && rect.right <= geometry.field.right, JSON.stringify(geometry));
    assert.ok(rect.top >= geometry.field.top && rect.bottom <= geometry.field.bottom, JSON.stringify(geometry));
  }
  await page.bringToFront();
  const coloured = countColouredPixels(await page.locator(FIELD).screenshot());
  assert.ok(coloured > 100, `underlines should be painted over the field (${coloured})`);
  assert.equal(await page.evaluate(() => document.querySelector('#reply').value === window.initialEditorHTML), true);
  // The mirror lives outside the field, in Takt's own element.
  assert.equal(await page.evaluate(() => document.querySelector('#reply').children.length), 0);
  assert.deepEqual(fixtureLog.cspReports, []);
});

test('a click on an underline reaches the field and opens the card; applying replaces exactly the phrase, Ctrl+Z restores', async () => {
  await page.locator(FIELD).press('Control+End');
  await page.keyboard.type('\nPS: Danke!');
  const before = await fieldValue();
  const { suggestions, category } = await openCardByClick(page, EXCUSE);
  assert.equal(category, 'Excuse');
  const afterApply = await applyFirstRewrite(page, FIELD, before);
  const replaced = replacedRegion(before, afterApply, suggestions[0]);
  assert.notEqual(replaced, null, `only the phrase should change:\n${before}\n---\n${afterApply}`);
  assert.match(replaced, EXCUSE);
  const inputs = await observedInputs(page);
  assert.ok(inputs.some((event) => event.type === 'input' && event.inputType === 'insertText'), JSON.stringify(inputs));
  const caret = await textBeforeCaret(page, FIELD);
  assert.equal(caret.focused, true);
  assert.equal(caret.collapsed, true);
  assert.ok(caret.text.endsWith(suggestions[0]));

  assert.equal(await undoOnce(page, FIELD, afterApply), before);
  await waitForHighlights(page, { present: [EXCUSE] });
});

test('underlines follow the text while typing before they are re-checked', async () => {
  const beforeTyping = await page.evaluate(() =>
    [...CSS.highlights.get('takt-refusal')].map((range) => [range.startOffset, range.endOffset]),
  );
  await page.locator(FIELD).press('Control+Home');
  await page.keyboard.type('Guten Tag! ');
  // Right after typing, the highlight has moved with the text (no check has run yet).
  const moved = await page.evaluate(() => [...CSS.highlights.get('takt-refusal')].map((range) => range.toString()));
  assert.equal(moved.length, 1);
  assert.match(moved[0], REFUSAL);
  const afterTyping = await page.evaluate(() =>
    [...CSS.highlights.get('takt-refusal')].map((range) => [range.startOffset, range.endOffset]),
  );
  assert.deepEqual(afterTyping[0], beforeTyping[0].map((offset) => offset + 'Guten Tag! '.length));
});
