// Benchmarks the WebAssembly package (dist/pkg) in node, next to other
// checkers on the same English mails.
//
//   node bench/wasm.mjs            prints a report
//   TAKT_PKG=dir node bench/wasm.mjs   measures another build of the package
//
// Cold start and memory are measured in fresh node processes: V8 keeps
// compiled modules for the life of a process, and a used instance has
// already grown its memory.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hostileShapes, hostileText } from './hostile.mjs';
import { corpus, generateMail, LANGS, SIZES_KB } from './mailgen.mjs';
import { median, timeCalls, timeSyncCalls, timeSyncRounds } from './stats.mjs';
import { splitCorpus } from '../tests/score.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PKG = resolve(HERE, '../dist/pkg');
/** The CLI, whose rule catalogue holds every example (the package carries one per rule). */
const CLI = resolve(HERE, '../target/release/takt');

/** Fresh processes per cold-start measurement. */
const COLD_RUNS = 11;
/** Checks after which the WebAssembly memory must not have grown. */
const LEAK_CHECKS = 10_000;
/**
 * Edits after which a Checker's memory must not grow any more. Its allocator reaches its high-water
 * mark within the first 2,000 edits of this cycle (1,000 were once enough; a 40,000-edit run stays
 * level from there on).
 */
const CHECKER_WARM_UP = 5_000;
const MIB = 1024 * 1024;
/** Options for mails joined from several, written to Sie and to du: that mix is not reported. */
const JOINED_MAILS = { disabledCategories: ['address'] };

/** Loads the package; the read bytes are returned, not timed. */
async function loadTakt(pkgDir) {
  const bytes = readFileSync(join(pkgDir, 'takt_bg.wasm'));
  const glue = await import(pathToFileURL(join(pkgDir, 'takt.js')).href);
  return { bytes, glue };
}

// --- probes, each in its own process ----------------------------------------

/** Compile, instantiate and the first check (which sets up the rule set). */
async function probeColdStart(pkgDir, lang) {
  const { bytes, glue } = await loadTakt(pkgDir);
  const mail = corpus()[lang][1];
  const t0 = performance.now();
  const module = new WebAssembly.Module(bytes);
  const t1 = performance.now();
  glue.initSync({ module });
  const t2 = performance.now();
  glue.check(mail);
  const t3 = performance.now();
  return { compile: t1 - t0, instantiate: t2 - t1, firstCheck: t3 - t2, total: t3 - t0 };
}

/**
 * Linear memory after a 100 KB mail of each language; then after every mail
 * once (the engine compiles a rule's patterns the first time some text needs
 * them, so new text may legitimately grow memory once); then after many more
 * checks of the same mails, where any growth is a leak.
 */
async function probeMemory(pkgDir) {
  const { bytes, glue } = await loadTakt(pkgDir);
  const exports = glue.initSync({ module: bytes });
  const size = () => exports.memory.buffer.byteLength;
  const mails = corpus();
  const initial = size();
  for (const lang of LANGS) glue.check(mails[lang][100]);
  const after100k = size();
  const cycle = LANGS.flatMap((lang) => SIZES_KB.map((kb) => mails[lang][kb]));
  for (const mail of cycle) glue.check(mail);
  const afterEveryMail = size();
  for (let i = 0; i < LEAK_CHECKS; i++) glue.check(cycle[i % cycle.length]);
  const afterMany = size();
  // A Checker keeps the lines of its latest mails: its memory must level off while mails change.
  const checker = new glue.Checker();
  const edited = (i) => editedInOneLine(cycle[i % cycle.length], i);
  // Its memory levels off after a while (freed blocks are reused): CHECKER_WARM_UP edits are past it.
  for (let i = 0; i < CHECKER_WARM_UP; i++) checker.check(edited(i));
  const checkerWarm = size();
  for (let i = 0; i < LEAK_CHECKS; i++) checker.check(edited(i));
  return { initial, after100k, afterEveryMail, afterMany, checkerWarmUp: CHECKER_WARM_UP, checkerWarm, checkerAfterMany: size(), checks: LEAK_CHECKS };
}

/** `mail` with ` n` typed at the end of the line in its middle: a new line, the others as they were. */
function editedInOneLine(mail, n) {
  const middle = mail.indexOf('\n', mail.length >> 1);
  return `${mail.slice(0, middle)} ${n}${mail.slice(middle)}`;
}

/**
 * Whole mails of the clean corpus (tests/corpus/clean-<lang>.txt: business mail written to be
 * full of near misses, with no risky phrase), as many as fit in `bytes`.
 */
function cleanMail(lang, bytes) {
  const mails = splitCorpus(readFileSync(join(HERE, `../tests/corpus/clean-${lang}.txt`), 'utf8'));
  let text = '';
  for (const mail of mails) {
    const longer = text ? `${text}\n\n${mail}` : mail;
    if (Buffer.byteLength(longer) > bytes) break;
    text = longer;
  }
  return text;
}

/** `text` in ten parts of about equal length, each ending where a line does. */
function tenthsAtLineEnds(text) {
  const parts = [];
  let from = 0;
  for (let i = 1; i <= 10; i++) {
    const lineEnd = i === 10 ? -1 : text.indexOf('\n', Math.round((text.length * i) / 10));
    const to = lineEnd < 0 ? text.length : lineEnd;
    parts.push(text.slice(from, to));
    from = to;
  }
  return parts;
}

function inChild(...args) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--probe', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

// --- the other checkers -----------------------------------------------------

/** The flagged phrases of the English rules' examples, as one plain `gi` RegExp. */
function examplePhraseRegExp(glue) {
  const catalogue = JSON.parse(execFileSync(CLI, ['rules', '--format', 'json'], { encoding: 'utf8' }));
  const phrases = new Set();
  for (const rule of catalogue) {
    if (rule.lang !== 'en') continue;
    for (const example of rule.examples) {
      for (const f of glue.check(example, { lang: 'en' })) {
        if (f.rule === rule.id) phrases.add(example.slice(f.start, f.end).toLowerCase());
      }
    }
  }
  const escaped = [...phrases].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { regexp: new RegExp(escaped.join('|'), 'gi'), alternatives: escaped.length };
}

async function loadHarper() {
  const harper = await import('harper.js');
  const { binary } = await import('harper.js/binary');
  const linter = new harper.LocalLinter({ binary, dialect: harper.Dialect.American });
  await linter.setup();
  return linter;
}

function loadWriteGood() {
  return createRequire(import.meta.url)('write-good');
}

// --- the benchmark ------------------------------------------------------------

/**
 * Runs every WebAssembly measurement and returns plain numbers (milliseconds,
 * bytes). `log` receives progress lines.
 */
export async function benchWasm({ pkgDir = process.env.TAKT_PKG || DEFAULT_PKG, log = () => {} } = {}) {
  const result = { pkgDir };

  log(`cold start: ${COLD_RUNS} fresh processes per language`);
  result.coldStart = {};
  // The languages take turns, so that a slow spell of the machine does not fall on one of them.
  const runs = Object.fromEntries(LANGS.map((lang) => [lang, []]));
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const lang of LANGS) runs[lang].push(inChild('cold', pkgDir, lang));
  }
  for (const lang of LANGS) {
    result.coldStart[lang] = Object.fromEntries(
      ['compile', 'instantiate', 'firstCheck', 'total'].map((k) => [k, median(runs[lang].map((r) => r[k]))]),
    );
  }

  log(`memory: a fresh instance, then ${LEAK_CHECKS} checks`);
  result.memory = inChild('memory', pkgDir);

  const { bytes, glue } = await loadTakt(pkgDir);
  glue.initSync({ module: bytes });
  const mails = corpus();
  result.rules = Object.fromEntries(LANGS.map((lang) => [lang, glue.rules().filter((r) => r.lang === lang).length]));

  // Every Takt check of the table, and the plain RegExp it is compared with, timed in rounds
  // (see timeSyncRounds).
  log('takt: each size, the 100 KB mails\' parts in turn, clean mail, a 1 MB mail, the Checker; the plain RegExp');
  const timed = [];
  const texts = {};
  const checkers = [];
  const partCounts = {};
  for (const lang of LANGS) {
    for (const kb of SIZES_KB) {
      const text = mails[lang][kb];
      texts[`${lang}/${kb}`] = text;
      timed.push([`${lang}/${kb}`, () => glue.check(text)]);
    }
    // A different text at each check: the ten 10 KB parts of the 100 KB mail in turn. Checked
    // again and again, one text lets the processor learn its branches and keep its data close,
    // which no check of a mail being written enjoys.
    const parts = tenthsAtLineEnds(mails[lang][100]);
    partCounts[lang] = parts.length;
    let next = 0;
    timed.push([`${lang}/parts`, () => glue.check(parts[next++ % parts.length])]);
    // Mail with nothing to flag: what a check costs when it finds nothing. The joined mails are
    // written to Sie and to du, which one mail would mix: that finding is left out.
    const clean = cleanMail(lang, 10 * 1024);
    texts[`${lang}/clean`] = clean;
    timed.push([`${lang}/clean`, () => glue.check(clean, JOINED_MAILS)]);
    // A 1 MB mail, for Takt only: shows that time stays linear in the length.
    const huge = generateMail(lang, 1024 * 1024);
    texts[`${lang}/1mb`] = huge;
    timed.push([`${lang}/1mb`, () => glue.check(huge)]);
    // What the extension's worker does while someone writes: the same mail again, one line edited.
    for (const kb of [10, 100]) {
      const checker = new glue.Checker();
      checkers.push(checker);
      let edits = 0;
      timed.push([`${lang}/recheck/${kb}`, () => checker.check(editedInOneLine(mails[lang][kb], ++edits))]);
    }
  }
  // Texts made to stress the engine (see hostile.mjs), at 10 and 100 KB: time must grow in step.
  const shapes = hostileShapes(glue.rules().map((r) => r.example));
  shapes.forEach(([, unit], k) => {
    for (const kb of [10, 100]) {
      const text = hostileText(unit, kb * 1024);
      timed.push([`hostile/${k}/${kb}`, () => glue.check(text)]);
    }
  });
  const { regexp, alternatives } = examplePhraseRegExp(glue);
  const countMatches = (text) => {
    let n = 0;
    for (const _ of text.matchAll(regexp)) n++;
    return n;
  };
  // No phrases would make an empty RegExp that matches everywhere.
  for (const kb of alternatives ? SIZES_KB : []) timed.push([`regexp/${kb}`, () => countMatches(mails.en[kb])]);
  const times = timeSyncRounds(timed);
  for (const checker of checkers) checker.free();

  result.takt = {};
  result.inTurn = {};
  result.clean = {};
  result.takt1mb = {};
  result.recheck = {};
  for (const lang of LANGS) {
    result.takt[lang] = {};
    for (const kb of SIZES_KB) {
      const text = texts[`${lang}/${kb}`];
      result.takt[lang][kb] = { ...times[`${lang}/${kb}`], bytes: Buffer.byteLength(text), findings: glue.check(text).length };
    }
    const parts = partCounts[lang];
    result.inTurn[lang] = { ...times[`${lang}/parts`], parts, bytes: Buffer.byteLength(mails[lang][100]) / parts };
    const clean = texts[`${lang}/clean`];
    result.clean[lang] = { ...times[`${lang}/clean`], bytes: Buffer.byteLength(clean), findings: glue.check(clean, JOINED_MAILS).length };
    result.takt1mb[lang] = { ...times[`${lang}/1mb`], bytes: Buffer.byteLength(texts[`${lang}/1mb`]) };
    result.recheck[lang] = { 10: times[`${lang}/recheck/10`], 100: times[`${lang}/recheck/100`] };
  }

  result.hostile = shapes.map(([name], k) => {
    const [small, large] = [times[`hostile/${k}/10`], times[`hostile/${k}/100`]];
    return { name, 10: small, 100: large, ratio: large.median / small.median };
  });

  const english = mails.en;
  result.others = {};

  result.others.regexp = alternatives ? { alternatives } : { error: 'the package has no English rule examples' };
  for (const kb of alternatives ? SIZES_KB : []) {
    result.others.regexp[kb] = { ...times[`regexp/${kb}`], findings: countMatches(mails.en[kb]) };
  }

  log('write-good');
  try {
    const writeGood = loadWriteGood();
    result.others.writeGood = {};
    for (const kb of SIZES_KB) {
      const text = english[kb];
      const timing = timeSyncCalls(() => writeGood(text), { warmup: 3, minRuns: 10, minMs: 1000, maxMs: 8000 });
      result.others.writeGood[kb] = { ...timing, findings: writeGood(text).length };
    }
  } catch (error) {
    result.others.writeGood = { error: String(error.message || error) };
  }

  log('harper.js (LocalLinter, bundled binary)');
  try {
    const t0 = performance.now();
    const linter = await loadHarper();
    result.others.harper = { setupMs: performance.now() - t0 };
    for (const kb of SIZES_KB) {
      const text = english[kb];
      const timing = await timeCalls(() => linter.lint(text), { warmup: 1, minRuns: 3, minMs: 1000, maxMs: 10000 });
      result.others.harper[kb] = { ...timing, findings: (await linter.lint(text)).length };
    }
  } catch (error) {
    result.others.harper = { error: String(error.stack || error) };
  }

  return result;
}

// --- report -------------------------------------------------------------------

const ms = (x) => (x < 1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(2)} ms`);
const mbps = (bytes, millis) => bytes / MIB / (millis / 1000);

export function printReport(r) {
  console.log(`package: ${r.pkgDir}   rules: de ${r.rules.de}, en ${r.rules.en}`);
  console.log('\ncold start (median of fresh processes): compile + instantiate + first check of a 1 KB mail');
  for (const lang of LANGS) {
    const c = r.coldStart[lang];
    console.log(`  ${lang}: ${ms(c.total)}  (compile ${ms(c.compile)}, instantiate ${ms(c.instantiate)}, first check ${ms(c.firstCheck)})`);
  }
  console.log('\ncheck()             median      p95   findings');
  for (const lang of LANGS) {
    for (const kb of SIZES_KB) {
      const t = r.takt[lang][kb];
      console.log(`  ${lang} ${String(kb).padStart(3)} KB  ${ms(t.median).padStart(10)} ${ms(t.p95).padStart(10)} ${String(t.findings).padStart(6)}`);
    }
    const turn = r.inTurn[lang];
    console.log(`  ${lang} parts  ${ms(turn.median).padStart(10)} ${ms(turn.p95).padStart(10)}          (the 100 KB mail's ${turn.parts} parts of ${(turn.bytes / 1024).toFixed(1)} KB in turn)`);
    const clean = r.clean[lang];
    console.log(`  ${lang} clean  ${ms(clean.median).padStart(10)} ${ms(clean.p95).padStart(10)} ${String(clean.findings).padStart(6)}   (${(clean.bytes / 1024).toFixed(1)} KB of clean mail)`);
    const big = r.takt[lang][100];
    console.log(`  ${lang} throughput on 100 KB: ${mbps(big.bytes, big.median).toFixed(1)} MiB/s`);
  }
  console.log('\nChecker, checked again after an edit in one line: median');
  for (const lang of LANGS) {
    const cells = Object.entries(r.recheck[lang]).map(([kb, t]) => `${kb} KB ${ms(t.median)}`);
    console.log(`  ${lang}: ${cells.join(', ')}`);
  }
  console.log('\ntexts made to stress the engine: median at 10 KB and 100 KB, and their ratio');
  for (const shape of r.hostile) {
    console.log(`  ${ms(shape[10].median).padStart(10)} ${ms(shape[100].median).padStart(10)} ${shape.ratio.toFixed(1).padStart(5)}×  ${shape.name}`);
  }
  const m = r.memory;
  console.log(`\nmemory: ${(m.initial / MIB).toFixed(2)} MiB at start, ${(m.after100k / MIB).toFixed(2)} MiB after a 100 KB mail per language, ` +
    `${(m.afterEveryMail / MIB).toFixed(2)} MiB after every mail once, ${(m.afterMany / MIB).toFixed(2)} MiB after ${m.checks} more checks; ` +
    `Checker: ${(m.checkerWarm / MIB).toFixed(2)} MiB after ${m.checkerWarmUp} edits, ${(m.checkerAfterMany / MIB).toFixed(2)} MiB after ${m.checks} more edits`);
  console.log('\nEnglish mails, median per call, and how many times slower than takt:');
  for (const [name, other] of Object.entries(r.others)) {
    if (other.error) {
      console.log(`  ${name}: could not run: ${other.error.split('\n')[0]}`);
      continue;
    }
    const cells = SIZES_KB.map((kb) => `${kb} KB ${ms(other[kb].median)} (${(other[kb].median / r.takt.en[kb].median).toFixed(1)}×)`);
    console.log(`  ${name}: ${cells.join(', ')}`);
  }
}

// --- command line -------------------------------------------------------------

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [flag, kind, pkgDir, lang] = process.argv.slice(2);
  if (flag === '--probe') {
    const result = kind === 'cold' ? await probeColdStart(pkgDir, lang) : await probeMemory(pkgDir);
    console.log(JSON.stringify(result));
  } else {
    printReport(await benchWasm({ log: (line) => console.error(`… ${line}`) }));
  }
}
