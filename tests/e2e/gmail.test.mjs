// Gmail: a reply in Gmail's compose structure on https://mail.google.com under a strict CSP.
// Covers the default-on path, quote and signature exclusion, the card (mouse and keyboard),
// applying a rewrite with undo, the site switch, and that checking never touches the compose.

import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyFirstRewrite,
  card,
  cardState,
  composeText,
  countColouredPixels,
  observedInputs,
  openCardByClick,
  openPopup,
  placeCaret,
  replacedRegion,
  tabIdFor,
  textBeforeCaret,
  undoOnce,
  URLS,
  useComposePage,
  waitForComposeChange,
  waitForHighlights,
  waitForNoHighlights,
} from './helpers.mjs';

const EDITOR = '[g_editable="true"]';
const REFUSAL = /geht nicht/;
const EXCUSE = /Rechner|Geist/;
const PRESUMED = /bereits erwähnt/i;

const fixture = useComposePage({ url: URLS.gmail, present: [REFUSAL, EXCUSE, PRESUMED] });
let page;
let browser;
let fixtureLog;

beforeEach(() => {
  ({ page, browser, fixtureLog } = fixture);
});

const editorText = () => composeText(page, EDITOR);

test('underlines the risky phrases of the reply, not those in the signature or the quoted mail', async () => {
  const placement = await page.evaluate(() => {
    const names = [...CSS.highlights.keys()].filter((name) => name.startsWith('takt-'));
    return names.flatMap((name) =>
      [...CSS.highlights.get(name)].map((range) => ({
        name,
        text: range.toString(),
        inQuoteOrSignature: Boolean(
          range.startContainer.parentElement.closest('.gmail_quote, .gmail_signature, .gmail_signature_prefix'),
        ),
      })),
    );
  });
  assert.equal(placement.filter((entry) => REFUSAL.test(entry.text)).length, 1, JSON.stringify(placement));
  assert.equal(placement.filter((entry) => EXCUSE.test(entry.text)).length, 1, JSON.stringify(placement));
  assert.equal(placement.filter((entry) => PRESUMED.test(entry.text)).length, 1, JSON.stringify(placement));
  assert.deepEqual(placement.filter((entry) => entry.inQuoteOrSignature), []);
  assert.ok(placement.some((entry) => entry.name === 'takt-refusal' && REFUSAL.test(entry.text)));
  assert.deepEqual(fixtureLog.cspReports, [], 'the extension caused CSP violations');
});

test('checking leaves the compose untouched while underlines are painted; the site switch removes and restores them', async () => {
  const editor = page.locator(EDITOR);
  const unchanged = () => page.evaluate((selector) => document.querySelector(selector).innerHTML === window.initialEditorHTML, EDITOR);
  await page.bringToFront();
  const colouredWhileOn = countColouredPixels(await editor.screenshot());
  assert.equal(await unchanged(), true, 'compose DOM changed while highlights are registered and painted');

  const tabId = await tabIdFor(browser, URLS.gmail);
  const popup = await openPopup(browser, tabId);
  assert.equal(await popup.isChecked('#site-switch'), true, 'webmail hosts are on by default');
  await popup.click('#site-switch');
  await waitForNoHighlights(page);
  await page.waitForFunction(() => !document.querySelector('takt-ui'));
  await page.bringToFront();
  const colouredWhileOff = countColouredPixels(await editor.screenshot());
  assert.ok(colouredWhileOn > 100, `underlines should be painted (${colouredWhileOn} coloured pixels)`);
  assert.equal(colouredWhileOff, 0, 'nothing coloured with the site switched off');
  assert.equal(await unchanged(), true);

  // The choice persists across a reload.
  await page.reload();
  await page.waitForFunction(() => document.readyState === 'complete');
  assert.equal(await popup.evaluate(() => document.querySelector('#site-switch').checked), false);

  await popup.click('#site-switch');
  await waitForHighlights(page, { present: [REFUSAL, EXCUSE, PRESUMED] });
  assert.equal(await unchanged(), true);
  await popup.close();
});

test('clicking an underlined phrase opens a card with category, reason, rewrites and actions', async () => {
  const state = await openCardByClick(page, REFUSAL);
  assert.equal(state.category, 'Flat refusal');
  assert.match(state.phrase, REFUSAL);
  assert.ok(state.reason.length > 10, `reason: ${state.reason}`);
  assert.ok(state.suggestions.length >= 1 && state.suggestions.length <= 3, JSON.stringify(state.suggestions));
  assert.deepEqual(state.actions, ['ignore', 'disable-rule', 'allow-phrase']);
  assert.equal(await card(page).getAttribute('role'), 'dialog');
  // Clicking elsewhere closes it.
  await page.mouse.click(5, 5);
  await card(page).waitFor({ state: 'detached' });
});

test('the card takes its colours from the compose around it: light on a light page, dark on a dark theme', async () => {
  const cardColours = () =>
    page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('takt-ui').shadowRoot.querySelector('[role="dialog"]'));
      return { background: style.backgroundColor, text: style.color };
    });
  await openCardByClick(page, REFUSAL);
  const light = await cardColours();
  assert.ok(luminance(light.background) > 0.8 && luminance(light.text) < 0.1, JSON.stringify(light));
  await page.mouse.click(5, 5);
  await card(page).waitFor({ state: 'detached' });
  // A dark theme, as Gmail's: the page is painted dark, the editor itself has no background.
  await page.evaluate(() => {
    document.body.style.setProperty('background', '#202124');
    document.body.style.setProperty('color', '#e8eaed');
  });
  await openCardByClick(page, REFUSAL);
  const dark = await cardColours();
  assert.ok(luminance(dark.background) < 0.05 && luminance(dark.text) > 0.7, JSON.stringify(dark));
});

/** WCAG relative luminance of a computed rgb() colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((channel) => {
    const c = Number(channel) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test('applying a rewrite replaces exactly the phrase, fires input events, leaves the caret after it, and one Ctrl+Z restores the text', async () => {
  // Words typed just before the rewrite must survive its undo.
  await placeCaret(page, EDITOR, 'Viele Grüße', 'Viele Grüße'.length);
  await page.keyboard.type(' und danke');
  await page.waitForFunction((selector) => document.querySelector(selector).innerText.includes('Grüße und danke'), EDITOR);
  const before = await editorText();

  const { suggestions, phrase } = await openCardByClick(page, EXCUSE);
  const afterApply = await applyFirstRewrite(page, EDITOR, before);
  await card(page).waitFor({ state: 'detached' });

  const replaced = replacedRegion(before, afterApply, suggestions[0]);
  assert.notEqual(replaced, null, `only the phrase should change:\n${before}\n---\n${afterApply}`);
  assert.ok(replaced.includes(phrase.replace(/^[“„"]|[”“"]$/g, '')), `replaced "${replaced}" should cover the flagged phrase`);

  const inputs = await observedInputs(page);
  assert.ok(inputs.some((event) => event.type === 'beforeinput' && event.inputType === 'insertReplacementText'), JSON.stringify(inputs));
  assert.ok(inputs.some((event) => event.type === 'input'), JSON.stringify(inputs));

  const caret = await textBeforeCaret(page, EDITOR);
  assert.equal(caret.focused, true);
  assert.equal(caret.collapsed, true);
  assert.ok(caret.text.endsWith(suggestions[0]), `caret should follow the rewrite: …${caret.text.slice(-40)}`);

  assert.equal(await undoOnce(page, EDITOR, afterApply), before);
  await waitForHighlights(page, { present: [EXCUSE] });
});

test('keyboard: Alt+Enter opens the card at the caret, Tab cycles, Esc returns focus to the caret, Enter applies', async () => {
  await placeCaret(page, EDITOR, 'Nein, das geht nicht', 3);
  const before = await editorText();
  await page.keyboard.press('Alt+Enter');
  await card(page).waitFor();
  let state = await cardState(page);
  assert.equal(state.focused, state.suggestions[0], 'first rewrite has focus');
  assert.equal(await editorText(), before, 'Alt+Enter must not edit');

  const buttonCount = state.suggestions.length + state.actions.length;
  for (let press = 0; press < buttonCount; press++) await page.keyboard.press('Tab');
  state = await cardState(page);
  assert.equal(state.focused, state.suggestions[0], 'Tab cycles within the card');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await cardState(page)).focused, 'allow-phrase');

  await page.keyboard.press('Escape');
  await card(page).waitFor({ state: 'detached' });
  const caret = await textBeforeCaret(page, EDITOR);
  assert.equal(caret.focused, true, 'focus is back in the compose');
  assert.ok(caret.text.endsWith('Nei'), `caret restored: …${caret.text.slice(-20)}`);

  await page.keyboard.press('Alt+Enter');
  await card(page).waitFor();
  const { suggestions } = await cardState(page);
  await page.keyboard.press('Enter');
  assert.notEqual(replacedRegion(before, await waitForComposeChange(page, EDITOR, before), suggestions[0]), null);
  await waitForHighlights(page, { present: [EXCUSE, PRESUMED], absent: [REFUSAL] });
});

test('a click on an underline inside selected text opens its card', async () => {
  // The browser moves the caret out of a selection only after the click (a drag could have begun).
  await page.evaluate((selector) => {
    const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.startsWith('Nein, das geht nicht')) {
        document.querySelector(selector).focus();
        getSelection().setBaseAndExtent(node, 0, node, node.length);
        return;
      }
    }
  }, EDITOR);
  const state = await openCardByClick(page, REFUSAL);
  assert.match(state.phrase, REFUSAL);
  assert.equal((await textBeforeCaret(page, EDITOR)).collapsed, true);
});
