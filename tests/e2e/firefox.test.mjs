// Firefox: the Firefox build (dist/firefox) in Debian's Firefox ESR, installed as a temporary
// add-on and driven over WebDriver BiDi by puppeteer-core, on the fixture pages under their strict
// CSP. The engine runs in the background script, the reply's phrases are underlined in Gmail (not
// those in the quote or the signature), the compose body is left as it was, and in each editor
// (Gmail's, Outlook's RoosterJS, a textarea) a rewrite from the card goes through the browser's
// editing pipeline with one-step undo.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import {
  composeText,
  fixtureResponse,
  highlightCentre,
  highlightedTexts,
  HIGHLIGHT_NAMES,
  replacedRegion,
  REPOSITORY_ROOT,
  URLS,
} from './helpers.mjs';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const EXTENSION = path.join(REPOSITORY_ROOT, 'dist', 'firefox');
const EDITOR = '[g_editable="true"]';
const CARD = 'takt-ui >>> [role="dialog"]';
const REFUSAL = /geht nicht/;
const EXCUSE = /Rechner|Geist/;
const PRESUMED = /bereits erwähnt/i;

let browser;
let profile;
let page;
/** Requests the page made that no fixture answers: a report of a CSP violation would be one. */
let refused;

before(async () => {
  profile = await mkdtemp(path.join(os.tmpdir(), 'takt-firefox-'));
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile });
  await browser.installExtension(EXTENSION);
});

after(async () => {
  await browser?.close();
  await rm(profile, { recursive: true, force: true });
});

beforeEach(async () => {
  refused = [];
  await page?.close();
  page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', async (request) => {
    const fixture = await fixtureResponse(request.url());
    if (fixture) return request.respond(fixture);
    // Firefox asks for a site's icon itself; the page and Takt ask for nothing else.
    if (new URL(request.url()).pathname !== '/favicon.ico') refused.push(request.url());
    return request.abort();
  });
});

/** Reads `read()` every 50 ms until `done(value)` holds, for up to `timeout` ms; returns the value. */
async function readUntil(read, done, { timeout, what }) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) assert.fail(`${what} never came; last read ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the editor's text satisfies `done`; returns the text. */
const editorTextWhen = (selector, done) =>
  readUntil(() => composeText(page, selector), done, { timeout: 5_000, what: 'the expected editor text' });

/** Waits until the underlined texts match every pattern of `present`; returns them. */
const underlinedTexts = (present) =>
  readUntil(() => highlightedTexts(page), (texts) => present.every((pattern) => texts.some((text) => pattern.test(text))), {
    timeout: 15_000,
    what: `underlines for ${present}`,
  });

test('Firefox: the reply is checked and its phrases underlined, not those in the quote or signature; the compose stays as it was', async () => {
  await page.goto(URLS.gmail);
  const texts = await underlinedTexts([REFUSAL, EXCUSE, PRESUMED]);
  for (const pattern of [REFUSAL, EXCUSE, PRESUMED]) {
    assert.equal(texts.filter((text) => pattern.test(text)).length, 1, JSON.stringify(texts));
  }
  const placement = await page.evaluate((names) => {
    const ranges = names.flatMap((name) => [...(CSS.highlights.get(name) ?? [])]);
    return ranges.filter((range) => range.startContainer.parentElement.closest('.gmail_quote, .gmail_signature')).length;
  }, HIGHLIGHT_NAMES);
  assert.equal(placement, 0, 'nothing in the quote or the signature is underlined');
  // The compose body holds exactly what the page sent: no markup of Takt's.
  const served = (await fixtureResponse(URLS.gmail)).body;
  const untouched = await page.evaluate(
    (selector, html) => {
      // The page requires Trusted Types for HTML sinks: the test parses through a policy of its own.
      const policy = trustedTypes.createPolicy('takt-test', { createHTML: (text) => text });
      const sent = new DOMParser().parseFromString(policy.createHTML(html), 'text/html').querySelector(selector).innerHTML;
      return document.querySelector(selector).innerHTML === sent;
    },
    EDITOR,
    served,
  );
  assert.equal(untouched, true);
  assert.deepEqual(refused, []);
});

const EDITORS = [
  { name: 'Gmail', url: URLS.gmail, editor: EDITOR, phrase: REFUSAL },
  {
    name: "Outlook's RoosterJS",
    url: URLS.outlook,
    editor: '#editorHost',
    phrase: /not possible/,
    prepare: () => page.waitForFunction(() => window.editorReady === true),
  },
  // A textarea is taken up once the writer is in it.
  { name: 'a textarea', url: URLS.textarea, editor: '#reply', phrase: EXCUSE, prepare: () => page.focus('#reply') },
];

for (const { name, url, editor, phrase, prepare } of EDITORS) {
  test(`Firefox, ${name}: a rewrite from the card replaces exactly the phrase, and one undo brings it back`, async () => {
    await page.goto(url);
    await prepare?.();
    await underlinedTexts([phrase]);
    const before = await composeText(page, editor);
    const target = await highlightCentre(page, phrase);
    await page.mouse.click(target.x, target.y);
    const suggestion = await page.waitForSelector(`${CARD} .suggestion`);
    const replacement = await suggestion.evaluate((button) => button.textContent);
    await suggestion.click();
    const after = await editorTextWhen(editor, (text) => text !== before);
    const replaced = replacedRegion(before, after, replacement);
    assert.ok(replaced !== null && phrase.test(replaced), `replaced ${JSON.stringify(replaced)} in ${JSON.stringify(after)}`);
    await page.keyboard.down('Control');
    await page.keyboard.press('z');
    await page.keyboard.up('Control');
    await editorTextWhen(editor, (text) => text === before);
    assert.deepEqual(refused, []);
  });
}
