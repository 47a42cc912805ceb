// Seeded random editing sessions, one per kind of compose body (Gmail-like contenteditable,
// Outlook's RoosterJS editor, a textarea). Each session mixes real keyboard typing, real pastes
// (clipboard + Ctrl+V), rewrites applied through Takt's card (by click and by Alt+Enter), "Ignore
// here", undo and redo. After every step the editor's text must equal what an independent model
// of the session expects: plain string operations on the text the step produced, plus a history
// stack for undo and redo. Which phrases are flagged, and what a rewrite replaces, comes from the
// engine package run here in node on the model's text, never from the page.
//
// A new seed every run; replay one with TAKT_SEED=<seed>.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { card, cardState, EXTENSION_DIRECTORY, HIGHLIGHT_NAMES, launchBrowser, resetStorage, serveFixtures, URLS } from './helpers.mjs';

const SEED = process.env.TAKT_SEED !== undefined ? Number(process.env.TAKT_SEED) : randomInt(2 ** 31);
if (!Number.isSafeInteger(SEED)) throw new Error(`TAKT_SEED must be an integer, not ${process.env.TAKT_SEED}`);
const STEPS = 40;
const REPLAY = `replay with TAKT_SEED=${SEED} node --test tests/e2e/random-session.test.mjs`;
console.log(`random-session seed ${SEED} (${REPLAY})`);

// The engine exactly as the loaded extension ships it.
const engine = await import(pathToFileURL(path.join(EXTENSION_DIRECTORY, 'pkg', 'takt.js')).href);
engine.initSync({ module: readFileSync(path.join(EXTENSION_DIRECTORY, 'pkg', 'takt_bg.wasm')) });

/** mulberry32: small, fast, good enough to pick steps. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    integer: (limit) => Math.floor(next() * limit),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (probability) => next() < probability,
  };
}

// Every chunk starts with a space and has no double spaces, so it can go at any word boundary.
// Typed chunks are single lines; pasted ones may also span lines.
const GERMAN_CHUNKS = [
  ' Das können wir nicht.',
  ' Das machen wir nicht.',
  ' Wie gesagt, wir brauchen noch Ihre Freigabe.',
  ' Ich melde mich zeitnah.',
  ' Das ist nicht unser Problem.',
  ' Danke für Ihre Geduld.',
  ' Ich versuche es bis Freitag.',
  ' Dafür sind wir nicht zuständig.',
  ' Die Rechnung liegt bei.',
];
const GERMAN_PASTES = [
  ...GERMAN_CHUNKS,
  ' Anbei die Liste.\nDas können wir nicht.',
  ' Zur Info:\nIch versuche es bis Freitag.\nDie Rechnung liegt bei.',
];
const ENGLISH_CHUNKS = [
  " We can't do that.",
  ' As I said before, the fee applies.',
  " I'll try to send it soon.",
  " That's not our problem.",
  ' Thanks for your patience.',
  ' You should have read the terms.',
  ' We will get back to you asap.',
  ' The invoice is attached.',
];
const ENGLISH_PASTES = [
  ...ENGLISH_CHUNKS,
  " For reference:\nWe can't do that.",
  ' Notes:\nAs I said before, the fee applies.\nThanks for your patience.',
];

const EDITORS = [
  {
    name: 'Gmail-like contenteditable',
    url: URLS.gmail,
    selector: '[g_editable="true"]',
    // Lines (as the page renders them) up to the signature; only these are the writer's text.
    bodyLines: 7,
    chunks: GERMAN_CHUNKS,
    pastes: GERMAN_PASTES,
    undo: 'native',
    excludedSelector: '.gmail_quote, .gmail_signature, .gmail_signature_prefix',
  },
  {
    name: "Outlook's RoosterJS editor",
    url: URLS.outlook,
    selector: '#editorHost',
    bodyLines: 6,
    chunks: ENGLISH_CHUNKS,
    pastes: ENGLISH_PASTES,
    undo: 'roosterjs',
    excludedSelector: '#Signature',
    historyStart: '#appendonsend',
  },
  {
    name: 'textarea',
    url: URLS.textarea,
    selector: '#reply',
    textarea: true,
    bodyLines: Infinity,
    chunks: GERMAN_CHUNKS,
    pastes: GERMAN_PASTES,
    undo: 'native',
  },
];

// ---- the model --------------------------------------------------------------------------------

/**
 * What the session's text must be: lines of the rendered text, of which the first
 * `bodyLineCount` are the writer's (the rest is signature and quoted mail, which no step touches).
 */
class SessionModel {
  constructor(text, { bodyLines, undo }) {
    this.lines = text.split('\n');
    this.bodyLineCount = Math.min(bodyLines, this.lines.length);
    this.undoStyle = undo;
    this.history = [this.snapshot()];
    this.position = 0;
    // "Ignore here" silences one occurrence: the rule, the phrase and up to 30 characters around
    // it on the same line.
    this.ignored = new Set();
  }

  get text() {
    return this.lines.join('\n');
  }

  get bodyText() {
    return this.lines.slice(0, this.bodyLineCount).join('\n');
  }

  snapshot() {
    return { lines: [...this.lines], bodyLineCount: this.bodyLineCount };
  }

  restore({ lines, bodyLineCount }) {
    this.lines = [...lines];
    this.bodyLineCount = bodyLineCount;
  }

  record() {
    this.history = this.history.slice(0, this.position + 1);
    this.history.push(this.snapshot());
    this.position = this.history.length - 1;
  }

  /** Word boundaries in the writer's non-empty lines: before a space or at the line end. */
  insertionPoints() {
    const points = [];
    for (let line = 0; line < this.bodyLineCount; line++) {
      const text = this.lines[line];
      for (let offset = 1; offset <= text.length; offset++) {
        if ((offset === text.length || text[offset] === ' ') && text[offset - 1] !== ' ') points.push({ line, offset });
      }
    }
    return points;
  }

  /** A chunk with line breaks splits its line; the writer's part grows by as many lines. */
  insert({ line, offset }, chunk) {
    const text = this.lines[line];
    const inserted = (text.slice(0, offset) + chunk + text.slice(offset)).split('\n');
    this.lines.splice(line, 1, ...inserted);
    this.bodyLineCount += inserted.length - 1;
  }

  /** Where typing the chunk leaves undo steps: lengths of the chunk's prefixes that are steps. */
  typingSteps(chunk) {
    const steps = [];
    for (let index = 1; index < chunk.length; index++) {
      // RoosterJS takes an undo snapshot when a space is typed after another key (before the space
      // goes in), so it undoes typing word by word.
      if (this.undoStyle === 'roosterjs' && chunk[index] === ' ') steps.push(index);
      // The browser's own undo takes a run of typing at one caret as one step (placing the caret
      // before each typing step ends the previous one, even at the same spot), but ends the step
      // after text committed the way an input method commits it; that is how Playwright types
      // characters a US keyboard lacks (umlauts). RoosterJS snapshots ignore such commits.
      if (this.undoStyle === 'native' && chunk.charCodeAt(index - 1) > 0x7f) steps.push(index);
    }
    return [...steps, chunk.length];
  }

  typed(point, chunk) {
    const before = this.snapshot();
    for (const length of this.typingSteps(chunk)) {
      this.restore(before);
      this.insert(point, chunk.slice(0, length));
      this.record();
    }
  }

  pasted(point, chunk) {
    this.insert(point, chunk);
    this.record();
  }

  replaced(finding, replacement) {
    const text = this.lines[finding.line];
    this.lines[finding.line] = text.slice(0, finding.replaceStart) + replacement + text.slice(finding.replaceEnd);
    this.record();
  }

  undo() {
    if (this.position > 0) this.restore(this.history[--this.position]);
  }

  redo() {
    if (this.position < this.history.length - 1) this.restore(this.history[++this.position]);
  }

  occurrence(finding) {
    const text = this.lines[finding.line];
    return [
      finding.rule,
      text.slice(Math.max(0, finding.start - 30), finding.start),
      text.slice(finding.start, finding.end),
      text.slice(finding.end, finding.end + 30),
    ].join('\u0000');
  }

  ignore(finding) {
    this.ignored.add(this.occurrence(finding));
  }

  /** The engine's findings for the writer's text, in line coordinates: those not ignored, or only the ignored ones. */
  findings({ ignored = false } = {}) {
    const lineStarts = [];
    let start = 0;
    for (let line = 0; line < this.bodyLineCount; line++) {
      lineStarts.push(start);
      start += this.lines[line].length + 1;
    }
    const result = [];
    for (const raw of engine.check(this.bodyText, {})) {
      let line = lineStarts.length - 1;
      while (lineStarts[line] > raw.replaceStart) line--;
      const lineStart = lineStarts[line];
      const lineEnd = lineStart + this.lines[line].length;
      if (Math.max(raw.end, raw.replaceEnd) > lineEnd || Math.min(raw.start, raw.replaceStart) < lineStart) continue;
      const finding = {
        rule: raw.rule,
        line,
        start: raw.start - lineStart,
        end: raw.end - lineStart,
        replaceStart: raw.replaceStart - lineStart,
        replaceEnd: raw.replaceEnd - lineStart,
        phrase: this.lines[line].slice(raw.start - lineStart, raw.end - lineStart),
        suggestions: raw.suggestions.slice(0, 3),
      };
      if (this.ignored.has(this.occurrence(finding)) === ignored) result.push(finding);
    }
    return result;
  }
}

// ---- the page ---------------------------------------------------------------------------------

/**
 * Installs the test's own DOM helpers in the page's main world (Takt's content script lives in
 * its own world and does not see them). A line is found by a reference from the model: its text,
 * which occurrence of that text it is, and (for a textarea) where it starts. In a contenteditable
 * a line is the text of an innermost block up to or between <br>s.
 */
function installPageHelpers(page, editor) {
  return page.evaluate(
    ({ selector, excludedSelector, historyStart, highlightNames }) => {
      const field = document.querySelector(selector);
      const isTextarea = field instanceof HTMLTextAreaElement;
      // Editors keep typed spaces visible as no-break spaces where needed; the session is about the
      // text, not about how its spaces are stored.
      const normalize = (text) => text.replace(/\u00a0/g, ' ');
      const isBlock = (element) => ['block', 'list-item', 'flow-root'].includes(getComputedStyle(element).display);
      const lines = () => {
        const found = [];
        const leafBlocks = [...field.querySelectorAll('*')].filter((element) => isBlock(element) && ![...element.querySelectorAll('*')].some(isBlock));
        for (const block of leafBlocks) {
          let line = { nodes: [] };
          found.push(line);
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.nodeType === Node.TEXT_NODE) line.nodes.push(node);
            else if (node.localName === 'br') found.push((line = { nodes: [] }));
          }
        }
        for (const line of found) line.text = normalize(line.nodes.map((node) => node.data).join(''));
        return found;
      };
      const lineFor = (reference) => lines().filter((line) => line.text === reference.text)[reference.occurrence] ?? null;
      // preferNext: at a boundary between two text nodes, take the start of the next one.
      const position = (line, offset, preferNext) => {
        let remaining = offset;
        for (const [index, node] of line.nodes.entries()) {
          if (remaining < node.length || (remaining === node.length && !(preferNext && index < line.nodes.length - 1))) {
            return { node, offset: remaining };
          }
          remaining -= node.length;
        }
        return null;
      };
      const rangeFor = (reference, start, end) => {
        const range = document.createRange();
        if (isTextarea) {
          const mirror = document.querySelector('takt-ui').shadowRoot.querySelector('.mirror').firstChild;
          range.setStart(mirror, reference.start + start);
          range.setEnd(mirror, reference.start + end);
          return range;
        }
        const line = lineFor(reference);
        const from = line && position(line, start, true);
        const to = line && position(line, end, false);
        if (!from || !to) return null;
        range.setStart(from.node, from.offset);
        range.setEnd(to.node, to.offset);
        return range;
      };
      window.randomSession = {
        text: () => (isTextarea ? field.value : normalize(field.innerText)),
        placeCaret(reference, offset) {
          field.focus();
          if (isTextarea) {
            field.setSelectionRange(reference.start + offset, reference.start + offset);
            return true;
          }
          const line = lineFor(reference);
          const at = line && position(line, offset, false);
          if (!at) return false;
          getSelection().collapse(at.node, at.offset);
          return true;
        },
        /** Where to click on [start, end) of a line, and whether that is inside the visible field. */
        target(reference, start, end) {
          const rect = rangeFor(reference, start, end)?.getClientRects()[0];
          if (!rect) return null;
          const visible = field.getBoundingClientRect();
          const inside = rect.top >= visible.top && rect.bottom <= visible.bottom && rect.left >= visible.left && rect.right <= visible.right;
          return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2, inside };
        },
        /**
         * Every registered underline, located like the model locates text (line text, occurrence,
         * offsets; absolute offsets in a textarea), and whether it sits where it must not.
         */
        highlights() {
          const boundary = historyStart ? document.querySelector(historyStart) : null;
          const all = isTextarea ? [] : lines();
          return highlightNames.flatMap((name) =>
            [...(CSS.highlights.get(name) ?? [])].map((range) => {
              const text = range.toString();
              if (isTextarea) {
                return { start: range.startOffset, end: range.endOffset, text, misplaced: field.contains(range.startContainer) };
              }
              const element = range.startContainer.parentElement;
              const misplaced =
                !field.contains(element) ||
                Boolean(excludedSelector && element.closest(excludedSelector)) ||
                Boolean(boundary && boundary.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
              const line = all.find((candidate) => candidate.nodes.includes(range.startContainer));
              if (!line) return { text, misplaced };
              const before = line.nodes.slice(0, line.nodes.indexOf(range.startContainer)).reduce((sum, node) => sum + node.length, 0);
              const start = before + range.startOffset;
              return {
                line: { text: line.text, occurrence: all.filter((candidate) => candidate.text === line.text).indexOf(line) },
                start,
                end: start + text.length,
                text,
                misplaced,
              };
            }),
          );
        },
        /** Anything of Takt's inside the compose body. */
        taktMarkup() {
          if (isTextarea) return field.children.length > 0 ? field.innerHTML : '';
          const found = [...field.querySelectorAll('*')].find(
            (element) => /takt/i.test(element.localName) || [...element.attributes].some((attribute) => /takt/i.test(`${attribute.name}=${attribute.value}`)),
          );
          return found ? found.outerHTML.slice(0, 200) : '';
        },
      };
    },
    { selector: editor.selector, excludedSelector: editor.excludedSelector ?? null, historyStart: editor.historyStart ?? null, highlightNames: HIGHLIGHT_NAMES },
  );
}

// ---- one session ------------------------------------------------------------------------------

let browser;

before(async () => {
  browser = await launchBrowser();
  await serveFixtures(browser.context);
  for (const url of new Set(EDITORS.map((editor) => new URL(editor.url).origin))) {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  }
});

after(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await resetStorage(browser);
});

class Session {
  constructor(page, editor, random) {
    this.page = page;
    this.editor = editor;
    this.random = random;
    this.log = [];
    this.model = null;
    // Completed checks when the text last changed (null: Takt has checked the current text).
    this.checksBeforeChange = null;
  }

  /** How the page finds a line of the model: its text, the how-manieth such line, its start. */
  lineReference(line) {
    const { lines } = this.model;
    return {
      text: lines[line],
      occurrence: lines.slice(0, line).filter((text) => text === lines[line]).length,
      start: lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0),
    };
  }

  /** Whether an underline the page reports sits exactly on [start, end) of a model line. */
  underlines(entry, line, start, end) {
    const reference = this.lineReference(line);
    if (this.editor.textarea) return entry.start === reference.start + start && entry.end === reference.start + end;
    return entry.line?.text === reference.text && entry.line.occurrence === reference.occurrence && entry.start === start && entry.end === end;
  }

  failureContext() {
    return `${this.editor.name}, seed ${SEED} (${REPLAY})\nsteps:\n  ${this.log.join('\n  ')}`;
  }

  async start() {
    await this.page.goto(this.editor.url);
    await this.page.bringToFront();
    if (this.editor.undo === 'roosterjs') await this.page.waitForFunction(() => window.editorReady === true);
    await this.page.focus(this.editor.selector);
    await installPageHelpers(this.page, this.editor);
    await this.page.waitForFunction(() => Number(document.querySelector('takt-ui')?.dataset.checks ?? 0) >= 1);
    // The one look at the page the model takes: the draft as it stands before the first step.
    this.model = new SessionModel(await this.page.evaluate(() => window.randomSession.text()), this.editor);
  }

  async placeCaret({ line, offset }) {
    const placed = await this.page.evaluate(
      ({ reference, offset }) => window.randomSession.placeCaret(reference, offset),
      { reference: this.lineReference(line), offset },
    );
    assert.ok(placed, `could not place the caret in line ${line} at ${offset}\n${this.failureContext()}`);
  }

  async type() {
    const point = this.random.pick(this.model.insertionPoints());
    const chunk = this.random.pick(this.editor.chunks);
    this.log.push(`type ${JSON.stringify(chunk)} at line ${point.line}:${point.offset}`);
    await this.placeCaret(point);
    await this.page.keyboard.type(chunk);
    this.model.typed(point, chunk);
  }

  async paste() {
    const point = this.random.pick(this.model.insertionPoints());
    const chunk = this.random.pick(this.editor.pastes);
    this.log.push(`paste ${JSON.stringify(chunk)} at line ${point.line}:${point.offset}`);
    await this.page.evaluate((text) => navigator.clipboard.writeText(text), chunk);
    await this.placeCaret(point);
    await this.page.keyboard.press('Control+v');
    this.model.pasted(point, chunk);
  }

  /** Waits until Takt underlines exactly this finding's phrase where the model has it. */
  async waitForUnderline(finding) {
    const matches = (entry) => this.underlines(entry, finding.line, finding.start, finding.end);
    const deadline = Date.now() + 10_000;
    let seen = [];
    while (Date.now() < deadline) {
      seen = await this.page.evaluate(() => window.randomSession.highlights());
      if (seen.some(matches)) return;
      await this.page.waitForTimeout(50);
    }
    assert.fail(`"${finding.phrase}" (${finding.rule}) never underlined; underlines: ${JSON.stringify(seen.map((entry) => entry.text))}\n${this.failureContext()}`);
  }

  /** Opens the card for a finding by clicking its underline or with Alt+Enter at a caret in it. */
  async openCard(finding) {
    await this.waitUntilCurrentTextChecked();
    await this.waitForUnderline(finding);
    const target = await this.page.evaluate(
      ({ reference, start, end }) => window.randomSession.target(reference, start, end),
      { reference: this.lineReference(finding.line), start: finding.start, end: finding.end },
    );
    const byKeyboard = !target?.inside || this.random.chance(0.5);
    this.log[this.log.length - 1] += byKeyboard ? ' (Alt+Enter)' : ` (click at ${Math.round(target.x)},${Math.round(target.y)})`;
    if (byKeyboard) {
      await this.placeCaret({ line: finding.line, offset: finding.start + 1 });
      await this.page.keyboard.press('Alt+Enter');
    } else {
      await this.page.mouse.click(target.x, target.y);
    }
    await card(this.page).waitFor({ timeout: 5_000 });
    const state = await cardState(this.page);
    const context = this.failureContext();
    assert.equal(state.phrase, `“${finding.phrase}”`, `card for the wrong phrase\n${context}`);
    assert.deepEqual(state.suggestions, finding.suggestions, `card rewrites differ from the engine's\n${context}`);
    return byKeyboard;
  }

  async apply() {
    const candidates = this.model.findings().filter((finding) => finding.suggestions.length > 0);
    if (candidates.length === 0) return this.type();
    const finding = this.random.pick(candidates);
    const index = this.random.integer(finding.suggestions.length);
    this.log.push(`apply rewrite ${index} to "${finding.phrase}" in line ${finding.line}`);
    const byKeyboard = await this.openCard(finding);
    if (byKeyboard) {
      // Alt+Enter focuses the first rewrite; Tab moves on, Enter applies.
      for (let press = 0; press < index; press++) await this.page.keyboard.press('Tab');
      await this.page.keyboard.press('Enter');
    } else {
      await this.page.locator('takt-ui .suggestion').nth(index).click();
    }
    await card(this.page).waitFor({ state: 'detached', timeout: 5_000 });
    this.model.replaced(finding, finding.suggestions[index]);
  }

  async ignore() {
    const candidates = this.model.findings();
    if (candidates.length === 0) return this.type();
    const finding = this.random.pick(candidates);
    this.log.push(`ignore "${finding.phrase}" in line ${finding.line}`);
    await this.openCard(finding);
    await this.page.locator('takt-ui .action[data-action="ignore"]').click();
    await card(this.page).waitFor({ state: 'detached', timeout: 5_000 });
    this.model.ignore(finding);
    // The underline of that occurrence goes away (verify() then keeps it away).
    const deadline = Date.now() + 5_000;
    let seen;
    do {
      seen = await this.page.evaluate(() => window.randomSession.highlights());
      if (!seen.some((entry) => this.underlines(entry, finding.line, finding.start, finding.end))) return;
      await this.page.waitForTimeout(50);
    } while (Date.now() < deadline);
    assert.fail(`"${finding.phrase}" still underlined after "Ignore here"\n${this.failureContext()}`);
  }

  async undo() {
    this.log.push('undo (Ctrl+Z)');
    await this.page.keyboard.press('Control+z');
    this.model.undo();
  }

  async redo() {
    // Both editors understand both shortcuts on Windows and Linux.
    const shortcut = this.random.pick(['Control+Shift+z', 'Control+y']);
    this.log.push(`redo (${shortcut})`);
    await this.page.keyboard.press(shortcut);
    this.model.redo();
  }

  completedChecks() {
    return this.page.evaluate(() => Number(document.querySelector('takt-ui')?.dataset.checks ?? 0));
  }

  /**
   * Until Takt has checked the current text, an underline may be one carried over from the text
   * before the edit, whose rewrites were worded for that text. Checks follow an edit after a
   * 300 ms pause, so the answer for the current text is in once a check has completed since the
   * edit and no other one follows within a second.
   */
  async waitUntilCurrentTextChecked() {
    if (this.checksBeforeChange === null) return;
    let seen = await this.completedChecks();
    let quietSince = Date.now();
    const deadline = Date.now() + 15_000;
    while (seen <= this.checksBeforeChange || Date.now() - quietSince < 1_000) {
      assert.ok(Date.now() < deadline, `Takt never checked the current text\n${this.failureContext()}`);
      await this.page.waitForTimeout(100);
      const now = await this.completedChecks();
      if (now !== seen) quietSince = Date.now();
      seen = now;
    }
    this.checksBeforeChange = null;
  }

  async step() {
    const textBefore = this.model.text;
    const checksBefore = await this.completedChecks();
    const roll = this.random.next();
    if (roll < 0.25) await this.type();
    else if (roll < 0.4) await this.paste();
    else if (roll < 0.6) await this.apply();
    else if (roll < 0.72) await this.ignore();
    else if (roll < 0.88) await this.undo();
    else await this.redo();
    if (this.model.text !== textBefore) this.checksBeforeChange ??= checksBefore;
  }

  /** The editor shows the model's text (and keeps showing it), with no underline out of place. */
  async verify() {
    const expected = this.model.text;
    await this.page
      .waitForFunction((text) => window.randomSession.text() === text, expected, { timeout: 3_000 })
      .catch(() => {});
    // Let the editor and Takt finish what the step started before the final look.
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const { text, highlights, markup } = await this.page.evaluate(() => ({
      text: window.randomSession.text(),
      highlights: window.randomSession.highlights(),
      markup: window.randomSession.taktMarkup(),
    }));
    const context = this.failureContext();
    assert.equal(text, expected, `editor text differs from the model\n${context}`);
    assert.deepEqual(highlights.filter((entry) => entry.misplaced).map((entry) => entry.text), [], `underline in quoted history, signature or the field\n${context}`);
    assert.equal(markup, '', `Takt markup in the compose body\n${context}`);
    const ignoredButUnderlined = this.model
      .findings({ ignored: true })
      .filter((finding) => highlights.some((entry) => this.underlines(entry, finding.line, finding.start, finding.end)));
    assert.deepEqual(ignoredButUnderlined.map((finding) => finding.phrase), [], `an occurrence silenced with "Ignore here" is underlined\n${context}`);
  }
}

EDITORS.forEach((editor, editorIndex) => {
  test(`random session in the ${editor.name}`, async (context) => {
    const page = await browser.context.newPage();
    try {
      const session = new Session(page, editor, createRandom(SEED * 31 + editorIndex));
      await session.start();
      await session.verify();
      for (let step = 0; step < STEPS; step++) {
        try {
          await session.step();
          await session.verify();
        } catch (error) {
          if (!String(error.message).includes(REPLAY)) error.message += `\n${session.failureContext()}`;
          throw error;
        }
      }
      const kinds = {};
      for (const entry of session.log) {
        const kind = entry.startsWith('paste') && entry.includes('\\n') ? 'paste lines' : entry.split(' ')[0];
        kinds[kind] = (kinds[kind] ?? 0) + 1;
      }
      context.diagnostic(`seed ${SEED}: ${JSON.stringify(kinds)}`);
    } finally {
      await page.close();
    }
  });
});
