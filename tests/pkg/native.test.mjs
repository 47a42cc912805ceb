// The WebAssembly package against the native CLI, run with `node --test tests/pkg/`.
//
// The two builds scan plain text in chunks of different sizes (sixteen bytes with WebAssembly
// SIMD, eight natively: crate/src/chunk.rs), and the native tests only run the eight-byte kind.
// Here both builds check the same texts, made so that every line break, run of blanks, capital,
// backtick, quote marker and character beyond ASCII falls at every place of a chunk, random
// mails made of such pieces, and the corpus's mails, and must find exactly the same.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readDev, splitCorpus } from '../score.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PKG = path.join(ROOT, 'dist', 'pkg');
const CLI = path.join(ROOT, 'target', 'release', 'takt');
const CORPUS = path.join(ROOT, 'tests', 'corpus');

let check;

before(async () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run ./build.sh first`);
  const pkg = await import(pathToFileURL(path.join(PKG, 'takt.js')).href);
  pkg.initSync({ module: fs.readFileSync(path.join(PKG, 'takt_bg.wasm')) });
  ({ check } = pkg);
});

/** The native CLI's findings for `text`, without the line and column it adds. */
function nativeFindings(text) {
  const run = spawnSync(CLI, ['check', '-', '--format', 'json'], { input: text, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `the CLI failed: ${run.stderr}`);
  return JSON.parse(run.stdout).map(({ line, column, ...finding }) => finding);
}

/** Asserts that the package finds what the CLI finds in each text; the number of findings of each. */
function findingCounts(texts, describe = JSON.stringify) {
  return texts.map((text) => {
    const expected = nativeFindings(text);
    assert.deepEqual(check(text), expected, describe(text));
    return expected.length;
  });
}

// Pieces that each scan treats specially: capitals (lower-cased a chunk at a time), a backtick
// (read as an apostrophe), runs of blanks and tabs (folded into one space), every kind of line
// break, typographic quotes (bytes 0xE2 …), and quoted history and signatures (found by the line
// scan), and characters beyond ASCII (counted into UTF-16 offsets). Each comes in a piece's first
// line, which a scan reads from the start of the line.
const PIECES = [
  'LEIDER GEHT DAS NICHT. Mein Rechner hat den Geist aufgegeben.',
  "We can`t do that, and that's final. My laptop died on me.",
  // Blanks read in a chunk's quick pass: a byte beyond ASCII or a tab among the sixteen after
  // them would have them read a byte at a time.
  "We  can't do that, and that's final. My laptop died on me.",
  'Wie  bereits\t\terwähnt,   fehlt noch Ihre Freigabe.  Sie wissen ja, wie das ist.',
  // A line break of each kind, told by the line scan: the quoted line after it is hidden.
  'Nein,\u00a0das geht nicht.\r\n> Nein, das geht nicht.',
  'Das geht nicht.\r> Nein, das geht nicht.',
  'Das geht nicht.\u2028> Nein, das geht nicht.',
  'Das geht nicht.\u0085> Nein, das geht nicht.',
  'ÄNDERUNGEN SIND LEIDER NICHT MÖGLICH. Das geht nicht.\n> Nein, das geht nicht.',
  '„Das geht nicht“ – sagte er. Ich melde mich zeitnah.',
  'Das geht nicht.\n> Nein, das geht nicht.\nDas geht leider nicht.',
  'Das geht nicht.\nAm 3. Mai 2026 schrieb Anna Beispiel <anna@example.com>:\n> Nein, das geht nicht.',
  "That's not possible, sorry. Please let me know which option works for you.\nOn Mon, 4 May 2026, Jane wrote:\n> That's not possible.",
  'Das geht nicht.\nFrom: Jane\nSent: Monday\nSubject: That is not possible.',
  'Das geht nicht.\n-- \nNein, das geht nicht. 😊 Mit uns nicht!',
  // Characters of two, three and four bytes before a phrase, whose UTF-16 offsets are counted a
  // chunk at a time.
  'Grüße aus Köln – schön, dass Sie fragen 😊 Das geht leider nicht.',
];

/**
 * Each piece after a word of 0 to 33 letters on its line, so that what it holds falls at every
 * place of a chunk.
 */
function shiftedPieces() {
  return PIECES.flatMap((piece) => Array.from({ length: 34 }, (_, shift) => `${'x'.repeat(shift)}! ${piece}`));
}

// Tokens for random mails: risky phrases and their words, blanks and breaks of every kind,
// characters the fold turns into others, and quoted history and signatures.
const TOKENS = [
  'Das geht nicht.', "We can't do that.", 'Wie bereits erwähnt,', 'Per my last email,', 'Sie wissen ja,',
  'das', 'geht', 'nicht', 'leider', 'We', "can't", 'do', 'that', 'LEIDER', 'GEHT', 'ÄNDERUNGEN', 'zeitnah',
  'Rechner', 'möglich', 'possible', 'asap', 'xxxxxxxxxxxxxxx', ' ', ' ', ' ', ' ', '  ', '   ', '\t', ', ',
  '. ', '! ', '\n', '\n\n', '\r\n', '\r', '\u2028', '\u0085', '\u00a0', '„', '“', '–', '`', '😊', '€',
  '\u00ad', '\n> ', '\n-- \n', '\nAm 3. Mai 2026 schrieb Anna:\n', '\nOn Mon, Jane wrote:\n',
  '\nFrom: Jane\nSent: Monday\n',
];

// A new seed every run; replay one with TAKT_SEED=<seed>.
const SEED = process.env.TAKT_SEED !== undefined ? Number(process.env.TAKT_SEED) : randomInt(2 ** 31);
console.log(`native comparison seed ${SEED} (replay with TAKT_SEED=${SEED} node --test tests/pkg/native.test.mjs)`);

/** `count` mails of 10 to 120 random tokens, from a linear congruential generator. */
function randomMails(count) {
  let state = SEED >>> 0;
  const below = (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 10 + below(111) }, () => TOKENS[below(TOKENS.length)]).join(''),
  );
}

function corpusMails() {
  const clean = ['clean-de.txt', 'clean-en.txt'].flatMap((f) => splitCorpus(fs.readFileSync(path.join(CORPUS, f), 'utf8')));
  const annotated = readDev(path.join(CORPUS, 'annotated-a.jsonl')).map((mail) => mail.text);
  return [...clean, ...annotated];
}

test('the WebAssembly package finds what the native CLI finds, at every place of a chunk', () => {
  const counts = findingCounts(shiftedPieces());
  // The texts hold risky phrases: a comparison of empty lists would prove nothing.
  assert.ok(counts.every((n) => n > 0), `${counts.filter((n) => n > 0).length} of ${counts.length} texts have findings`);
});

test('the WebAssembly package finds what the native CLI finds in the corpus mails', () => {
  const texts = corpusMails();
  assert.ok(texts.length > 150, `${texts.length} corpus mails`);
  const findings = findingCounts(texts, (text) => JSON.stringify(text.slice(0, 80))).reduce((a, b) => a + b, 0);
  assert.ok(findings > 50, `${findings} findings`);
});

test('the WebAssembly package finds what the native CLI finds in random mails', () => {
  const counts = findingCounts(randomMails(300), (text) => `seed ${SEED}: ${JSON.stringify(text)}`);
  const flagged = counts.filter((n) => n > 0).length;
  // About a third do: enough for the comparison to mean something.
  assert.ok(flagged > counts.length / 5, `${flagged} of ${counts.length} random mails have findings`);
});
