// A compose body far longer than what Takt checks (the first 200,000 characters): a customer's
// pasted log, say. Only the checked part is underlined, the writer is told so in the page and in
// the popup, and the page stays responsive while such a mail is read and checked. In Gmail's
// compose and in a textarea (whose underlines sit on a mirror of its text).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { composeText, HIGHLIGHT_NAMES, launchBrowser, openPopup, resetStorage, serveFixtures, tabIdFor, URLS } from './helpers.mjs';

const CHECKED_LENGTH = 200_000;
const PASTED_LENGTH = 320_000;
const IN_CHECKED_PART = 'Das können wir nicht.';
const BEYOND_THE_LIMIT = 'Das machen wir nicht.';
const FILLER = 'Position 4711 umfasst zwölf Kartons Papier, geliefert an das Lager in Halle.';
// Generous: a frozen page takes seconds; a responsive one answers within a frame or two.
const FREEZE_MS = 1_500;

let browser;

before(async () => {
  browser = await launchBrowser();
  await serveFixtures(browser.context);
  for (const url of [URLS.gmail, URLS.textarea]) {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  }
});

after(async () => {
  await browser?.close();
});

/** Neutral lines, one flagged phrase at about 100,000 characters and more well past the limit. */
function longPaste() {
  const lines = [];
  let length = 0;
  for (let index = 0; length < PASTED_LENGTH; index++) {
    let line = `${index} ${FILLER}`;
    if (length > 100_000 && !lines.includes(IN_CHECKED_PART)) line = IN_CHECKED_PART;
    else if (length > CHECKED_LENGTH + 20_000 && index % 100 === 0) line = BEYOND_THE_LIMIT;
    lines.push(line);
    length += line.length + 1;
  }
  return `\n${lines.join('\n')}`;
}

/** Puts the caret right after the first occurrence of `text` in the compose body. */
function placeCaretAfter(page, selector, text) {
  return page.evaluate(
    ({ editorSelector, needle }) => {
      const editor = document.querySelector(editorSelector);
      editor.focus();
      if (editor instanceof HTMLTextAreaElement) {
        const offset = editor.value.indexOf(needle) + needle.length;
        editor.setSelectionRange(offset, offset);
        return;
      }
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const index = node.data.indexOf(needle);
        if (index !== -1) {
          getSelection().collapse(node, index + needle.length);
          return;
        }
      }
    },
    { editorSelector: selector, needle: text },
  );
}

const completedChecks = (page) => page.evaluate(() => Number(document.querySelector('takt-ui')?.dataset.checks ?? 0));

const noticeText = (page) =>
  page.evaluate(() => document.querySelector('takt-ui')?.shadowRoot.querySelector('.length-notice')?.textContent ?? null);

/** Longest gap between animation frames until `done` resolves. */
async function longestFrameGapWhile(page, done) {
  await page.evaluate(() => {
    window.frameProbe = { longest: 0, running: true };
    let last = performance.now();
    const tick = (now) => {
      window.frameProbe.longest = Math.max(window.frameProbe.longest, now - last);
      last = now;
      if (window.frameProbe.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await done;
  return page.evaluate(() => {
    window.frameProbe.running = false;
    return window.frameProbe.longest;
  });
}

const COMPOSES = [
  { name: 'Gmail', url: URLS.gmail, selector: '[g_editable="true"]', greeting: 'Hallo Frau Meier,' },
  { name: 'a textarea', url: URLS.textarea, selector: '#reply', greeting: 'Hallo Herr Weber,' },
];

for (const { name, url, selector, greeting } of COMPOSES) {
  test(`a mail over the limit in ${name}: underlines only in the checked part, a notice in page and popup, no freeze`, async (context) => {
    await resetStorage(browser);
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.bringToFront();
    await page.focus(selector);
    await page.waitForFunction(() => Number(document.querySelector('takt-ui')?.dataset.checks ?? 0) >= 1);
    const text = longPaste();
    assert.ok(text.indexOf(IN_CHECKED_PART) < CHECKED_LENGTH - 50_000 && text.indexOf(BEYOND_THE_LIMIT) > CHECKED_LENGTH);

    // A real paste at the end of the writer's text (before signature and quote).
    await page.evaluate((pasted) => navigator.clipboard.writeText(pasted), text);
    await placeCaretAfter(page, selector, 'Viele Grüße');
    const checksBefore = await completedChecks(page);
    await page.keyboard.press('Control+v');
    assert.ok((await composeText(page, selector)).length > PASTED_LENGTH);

    // While Takt reads the long mail, checks it and underlines it, frames keep coming.
    const checked = page.waitForFunction(
      (before) => Number(document.querySelector('takt-ui').dataset.checks) > before && document.querySelector('takt-ui').shadowRoot.querySelector('.length-notice'),
      checksBefore,
      { timeout: 30_000 },
    );
    const longestGap = await longestFrameGapWhile(page, checked);
    assert.ok(longestGap < FREEZE_MS, `the page stalled for ${Math.round(longestGap)} ms while the long mail was checked`);

    const placement = await page.evaluate(
      ({ names, editorSelector, beyond, limit }) => {
        const editor = document.querySelector(editorSelector);
        const ranges = names.flatMap((name) => [...(CSS.highlights.get(name) ?? [])]);
        let beforeTheLimit;
        if (editor instanceof HTMLTextAreaElement) {
          // Underlines sit on the mirror, whose one text node is the field's value.
          beforeTheLimit = (range) => range.endOffset <= limit;
        } else {
          const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
          let firstBeyond = walker.nextNode();
          while (firstBeyond && !firstBeyond.data.includes(beyond)) firstBeyond = walker.nextNode();
          // comparePoint: 1 when the point lies after the range.
          beforeTheLimit = (range) => firstBeyond !== null && range.comparePoint(firstBeyond, 0) === 1;
        }
        return { texts: ranges.map((range) => range.toString()), allBeforeTheLimit: ranges.every(beforeTheLimit) };
      },
      { names: HIGHLIGHT_NAMES, editorSelector: selector, beyond: BEYOND_THE_LIMIT, limit: CHECKED_LENGTH },
    );
    assert.ok(placement.texts.includes(IN_CHECKED_PART.replace(/\.$/, '')), `phrase in the checked part should be underlined: ${JSON.stringify(placement.texts)}`);
    assert.ok(!placement.texts.some((entry) => entry.includes(BEYOND_THE_LIMIT.replace(/\.$/, ''))), JSON.stringify(placement.texts));
    assert.equal(placement.allBeforeTheLimit, true, 'an underline sits past the checked part');

    assert.match(await noticeText(page), /only the first 200,000 characters/);
    assert.equal(
      await page.evaluate((editorSelector) => {
        const editor = document.querySelector(editorSelector);
        return editor instanceof HTMLTextAreaElement ? editor.children.length > 0 : /takt/i.test(editor.innerHTML);
      }, selector),
      false,
      'no Takt markup in the compose body',
    );

    // Typing at the top of the long mail: each keystroke reaches the page within a frame or two.
    await placeCaretAfter(page, selector, greeting);
    const roundTrips = [];
    for (const character of ' danke') {
      const startedAt = Date.now();
      await page.keyboard.type(character);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
      roundTrips.push(Date.now() - startedAt);
    }
    assert.ok(Math.max(...roundTrips) < FREEZE_MS, `keystroke round trips: ${roundTrips.join(', ')} ms`);
    assert.ok((await composeText(page, selector)).startsWith(`${greeting} danke\n`));
    context.diagnostic(`longest frame gap while checking ${Math.round(longestGap)} ms; keystroke round trips ${roundTrips.join(', ')} ms`);

    // The popup says it too.
    const popup = await openPopup(browser, await tabIdFor(browser, url));
    await popup.waitForFunction(() => !document.querySelector('#length-notice').hidden);
    assert.match(await popup.textContent('#length-notice'), /only the first 200,000 characters/);

    // Back under the limit (undo the typing and the paste): both notices go away.
    await page.bringToFront();
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(
      (editorSelector) => {
        const editor = document.querySelector(editorSelector);
        return (editor.value ?? editor.innerText).length < 1_000;
      },
      selector,
    );
    await page.waitForFunction(() => !document.querySelector('takt-ui').shadowRoot.querySelector('.length-notice'), null, { timeout: 10_000 });
    await popup.waitForFunction(() => document.querySelector('#length-notice').hidden);
    await popup.close();
    await page.close();
  });
}
