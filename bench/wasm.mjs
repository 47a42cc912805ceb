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
import { corpus, generateMail, LANGS, SIZES_KB } from './mailgen.mjs';
import { median, timeCalls, timeSyncCalls } from './stats.mjs';
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
  for (const lang of LANGS) {
    const runs = Array.from({ length: COLD_RUNS }, () => inChild('cold', pkgDir, lang));
    result.coldStart[lang] = Object.fromEntries(
      ['compile', 'instantiate', 'firstCheck', 'total'].map((k) => [k, median(runs.map((r) => r[k]))]),
    );
  }

  log(`memory: a fresh instance, then ${LEAK_CHECKS} checks`);
  result.memory = inChild('memory', pkgDir);

  const { bytes, glue } = await loadTakt(pkgDir);
  glue.initSync({ module: bytes });
  const mails = corpus();
  result.rules = Object.fromEntries(LANGS.map((lang) => [lang, glue.rules().filter((r) => r.lang === lang).length]));

  log('takt check per language and size');
  result.takt = {};
  for (const lang of LANGS) {
    result.takt[lang] = {};
    for (const kb of SIZES_KB) {
      const text = mails[lang][kb];
      const findings = glue.check(text).length;
      const timing = timeSyncCalls(() => glue.check(text));
      result.takt[lang][kb] = { ...timing, bytes: Buffer.byteLength(text), findings };
    }
  }

  // Mail with nothing to flag: what a check costs when it finds nothing. The joined mails are
  // written to Sie and to du, which one mail would mix: that finding is left out.
  log('takt check of 10 KB of clean mail per language');
  result.clean = {};
  const joined = { disabledCategories: ['address'] };
  for (const lang of LANGS) {
    const text = cleanMail(lang, 10 * 1024);
    const timing = timeSyncCalls(() => glue.check(text, joined));
    result.clean[lang] = { ...timing, bytes: Buffer.byteLength(text), findings: glue.check(text, joined).length };
  }

  // A 1 MB mail, for Takt only: shows that time stays linear in the length.
  log('takt check of a 1 MB mail per language');
  result.takt1mb = {};
  for (const lang of LANGS) {
    const text = generateMail(lang, 1024 * 1024);
    const timing = timeSyncCalls(() => glue.check(text), { warmup: 2, minRuns: 10, minMs: 0, maxMs: 5000 });
    result.takt1mb[lang] = { ...timing, bytes: Buffer.byteLength(text) };
  }

  // What the extension's worker does while someone writes: the same mail again, one line edited.
  log('takt Checker: a mail checked again after an edit in one line');
  result.recheck = {};
  for (const lang of LANGS) {
    result.recheck[lang] = {};
    for (const kb of [10, 100]) {
      const text = mails[lang][kb];
      const checker = new glue.Checker();
      let edits = 0;
      const timing = timeSyncCalls(() => checker.check(editedInOneLine(text, ++edits)));
      checker.free();
      result.recheck[lang][kb] = timing;
    }
  }

  const english = mails.en;
  result.others = {};

  log('plain JS RegExp of the English example phrases');
  const { regexp, alternatives } = examplePhraseRegExp(glue);
  // No phrases would make an empty RegExp that matches everywhere.
  result.others.regexp = alternatives ? { alternatives } : { error: 'the package has no English rule examples' };
  for (const kb of alternatives ? SIZES_KB : []) {
    const text = english[kb];
    const count = () => {
      let n = 0;
      for (const _ of text.matchAll(regexp)) n++;
      return n;
    };
    result.others.regexp[kb] = { ...timeSyncCalls(count), findings: count() };
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
