// One command for every Takt benchmark; prints one Markdown table of
// measured values against their budgets and writes it to bench/results.md.
//
//   node bench/run.mjs                (./build.sh bench builds first, then runs this)
//   node bench/run.mjs --no-native    skips `cargo bench` (the slowest part)
//
// Steps: the benchmark mails (bench/mailgen.mjs), download sizes, the native
// benchmark (cargo bench), the WebAssembly benchmark with the other checkers
// (bench/wasm.mjs), and the extension benchmark when bench/extension.mjs
// exists. That script is run as `node bench/extension.mjs --json`; the last
// line it prints must be JSON: {"rows": [{"metric", "measured", "budget",
// "pass": true | false | null}]}, and its rows join the table.
//
// Exits 1 when a budget is missed, so a regression is hard to overlook.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGS, SIZES_KB, writeCorpus } from './mailgen.mjs';
import { runNative } from './native.mjs';
import { measureSizes } from './sizes.mjs';
import { benchWasm } from './wasm.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const KB = 1024;
const MB = 1024 * 1024;

const log = (line) => console.error(`\x1b[2m… ${line}\x1b[0m`);

// --- formatting -----------------------------------------------------------------

const fmtMs = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const fmtKB = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const fmtMB = (bytes) => `${(bytes / MB).toFixed(2)} MB`;
const fmtRatio = (x) => (x >= 100 ? `${Math.round(x)}×` : `${x.toFixed(1)}×`);
const mbPerSecond = (bytes, ms) => bytes / MB / (ms / 1000);

/** A table row; `pass` null means the row is information without a budget. */
const row = (metric, measured, budget = '—', pass = null) => ({ metric, measured, budget, pass });

function verdict(pass) {
  if (pass === null || pass === undefined) return '';
  return pass ? '✅ pass' : '❌ miss';
}

function markdownTable(rows) {
  const lines = ['| metric | measured | budget | verdict |', '| --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.metric} | ${r.measured} | ${r.budget} | ${verdict(r.pass)} |`);
  return lines.join('\n');
}

// --- rows -----------------------------------------------------------------------

function sizeRows(sizes) {
  const rows = [];
  const { wasm, chromeZip } = sizes;
  rows.push(wasm
    ? row('takt_bg.wasm, gzip -9', `${fmtKB(wasm.gzip)} (raw ${fmtKB(wasm.raw)})`, '≤ 250 KB', wasm.gzip <= 250 * KB)
    : row('takt_bg.wasm', 'not built (run ./build.sh)', '≤ 250 KB', false));
  rows.push(chromeZip
    ? row('packed extension (takt-chrome.zip)', `${fmtKB(chromeZip.raw)} (gzip -9 ${fmtKB(chromeZip.gzip)})`, '≤ 400 KB', chromeZip.raw <= 400 * KB)
    : row('packed extension (takt-chrome.zip)', 'not built yet'));
  return rows;
}

function wasmRows(w) {
  const rows = [];
  for (const lang of LANGS) {
    const c = w.coldStart[lang];
    rows.push(row(`WASM cold start, ${lang} (compile + instantiate + first 1 KB check)`,
      `${fmtMs(c.total)} (${fmtMs(c.compile)} + ${fmtMs(c.instantiate)} + ${fmtMs(c.firstCheck)})`, '≤ 20 ms', c.total <= 20));
  }
  for (const lang of LANGS) {
    for (const kb of SIZES_KB) {
      const t = w.takt[lang][kb];
      const measured = `${fmtMs(t.median)} (p95 ${fmtMs(t.p95)})`;
      rows.push(kb === 10
        ? row(`WASM check, ${lang} ${kb} KB, median`, measured, '≤ 0.1 ms', t.median <= 0.1)
        : row(`WASM check, ${lang} ${kb} KB, median`, measured));
    }
  }
  for (const lang of LANGS) {
    const t = w.inTurn?.[lang];
    if (!t) continue;
    rows.push(row(`WASM check, ${lang} 10 KB, a different text at each check (the ${t.parts} parts of the 100 KB mail in turn, ${fmtKB(t.bytes)} on average), median`,
      `${fmtMs(t.median)} (p95 ${fmtMs(t.p95)})`));
  }
  for (const lang of LANGS) {
    const t = w.clean?.[lang];
    if (!t) continue;
    rows.push(row(`WASM check, ${lang} ${fmtKB(t.bytes)} of clean mail full of near misses (whole mails of tests/corpus/clean-${lang}.txt${lang === 'de' ? '; Sie and du mixed between them not reported' : ''}; ${t.findings} findings), median`,
      `${fmtMs(t.median)} (p95 ${fmtMs(t.p95)})`));
  }
  for (const lang of LANGS) {
    const big = w.takt[lang][100];
    const speed = mbPerSecond(big.bytes, big.median);
    rows.push(row(`WASM throughput, ${lang} 100 KB`, `${speed.toFixed(1)} MB/s`, '≥ 100 MB/s', speed >= 100));
  }
  for (const lang of LANGS) {
    const ratio = w.takt[lang][100].median / w.takt[lang][10].median;
    // Against its own parts checked in turn, text as new to the processor as the 100 KB mail's.
    const parts = w.inTurn?.[lang];
    const againstParts = parts ? `; ${fmtRatio(w.takt[lang][100].median / parts.median)} the time of its 10 KB parts checked in turn` : '';
    rows.push(row(`WASM 100 KB time / 10 KB time, ${lang}`, `${fmtRatio(ratio)}${againstParts}`, '≤ 12×', ratio <= 12));
  }
  for (const lang of LANGS) {
    const mb = w.takt1mb?.[lang];
    if (!mb) continue;
    const ratio = mb.median / w.takt[lang][100].median;
    rows.push(row(`WASM 1 MB mail, ${lang}: median, and time / 100 KB time`, `${fmtMs(mb.median)}, ${fmtRatio(ratio)}`));
  }
  if (w.hostile?.length) {
    // The worst of the texts made to stress the engine, and the slowest of them per byte.
    const worst = w.hostile.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const slowest = w.hostile.reduce((a, b) => (b[100].median > a[100].median ? b : a));
    rows.push(row(`WASM 100 KB / 10 KB time on ${w.hostile.length} texts made to stress the engine: the worst`,
      `${fmtRatio(worst.ratio)} (${worst.name}); slowest ${fmtMs(slowest[100].median)} per 100 KB (${slowest.name})`,
      '≤ 12×', worst.ratio <= 12));
  }
  for (const lang of LANGS) {
    for (const [kb, t] of Object.entries(w.recheck?.[lang] ?? {})) {
      rows.push(row(`WASM Checker, ${lang} ${kb} KB checked again after an edit in one line (the other lines' phrases reused), median`,
        `${fmtMs(t.median)} (p95 ${fmtMs(t.p95)}); check(): ${fmtMs(w.takt[lang][kb].median)}`));
    }
  }
  rows.push(...comparisonRows(w));
  const m = w.memory;
  rows.push(row('WASM memory after a 100 KB check per language', fmtMB(m.after100k), '≤ 8 MB', m.after100k <= 8 * MB));
  const growth = m.afterMany - m.afterEveryMail;
  rows.push(row(`WASM memory growth over ${m.checks.toLocaleString('en')} more checks (after every mail once: ${fmtMB(m.afterEveryMail)})`,
    `${growth >= 0 ? '+' : ''}${fmtKB(growth)}`, 'none', growth <= 0));
  if (m.checkerAfterMany !== undefined) {
    const checkerGrowth = m.checkerAfterMany - m.checkerWarm;
    rows.push(row(`WASM memory growth of a Checker over ${m.checks.toLocaleString('en')} more checks, each mail edited in one line (after ${m.checkerWarmUp.toLocaleString('en')} such edits: ${fmtMB(m.checkerWarm)})`,
      `${checkerGrowth >= 0 ? '+' : ''}${fmtKB(checkerGrowth)}`, 'none', checkerGrowth <= 0));
  }
  return rows;
}

/** Takt against the other checkers, per 10 KB English mail. */
function comparisonRows(w) {
  const takt = w.takt.en[10].median;
  const compared = [
    ['harper.js', w.others.harper, 1000],
    ['write-good', w.others.writeGood, 100],
    [`plain JS RegExp (gi, ${w.others.regexp.alternatives ?? 0} example phrases)`, w.others.regexp, 1],
  ];
  return compared.map(([name, other, factor]) => {
    const metric = `speed-up vs ${name}, en 10 KB`;
    const budget = `≥ ${factor}×`;
    if (other.error) return row(metric, `could not run: ${other.error.split('\n')[0]}`, budget, false);
    const ratio = other[10].median / takt;
    return row(metric, `${fmtRatio(ratio)} (${fmtMs(other[10].median)} vs ${fmtMs(takt)})`, budget, ratio >= factor);
  });
}

function nativeRows(n) {
  if (n.error) return [row('native benchmark', `failed: ${n.error}`, 'runs', false)];
  const rows = [];
  for (const lang of LANGS) {
    rows.push(row(`native rule-set setup, ${lang} (first Matcher::get, fresh process)`, fmtMs(n[`construction_${lang}`])));
    rows.push(row(`native first check, ${lang} 10 KB (fresh process, after setup)`, fmtMs(n[`firstCheck_${lang}`])));
  }
  for (const lang of LANGS) {
    const t = n.benches[`check_${lang}/10`];
    rows.push(row(`native check, ${lang} 10 KB, median`, fmtMs(t.median), '≤ 0.1 ms', t.median <= 0.1));
  }
  for (const lang of LANGS) {
    const big = n.benches[`check_${lang}/100`];
    const speed = mbPerSecond(100 * KB, big.median);
    rows.push(row(`native throughput, ${lang} 100 KB`, `${speed.toFixed(1)} MB/s`, '≥ 100 MB/s', speed >= 100));
  }
  for (const lang of LANGS) {
    const ratio = n.benches[`check_${lang}/100`].median / n.benches[`check_${lang}/10`].median;
    rows.push(row(`native 100 KB time / 10 KB time, ${lang}`, fmtRatio(ratio), '≤ 12×', ratio <= 12));
  }
  return rows;
}

function extensionRows() {
  const script = join(HERE, 'extension.mjs');
  if (!existsSync(script)) return [];
  log('node bench/extension.mjs --json');
  const run = spawnSync(process.execPath, [script, '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const last = run.stdout.trim().split('\n').pop() || '';
  try {
    return JSON.parse(last).rows.map((r) => row(r.metric, r.measured, r.budget ?? '—', r.pass ?? null));
  } catch {
    return [row('extension benchmark', `failed (exit ${run.status}): no JSON rows`, 'runs', false)];
  }
}

// --- details below the table -------------------------------------------------------

function nativePhases(n) {
  if (n.error) return '';
  const phases = ['segment', 'fold', 'detect_language', 'form_of_address', 'match_rules'];
  const lines = ['| phase | de | en |', '| --- | --- | --- |'];
  for (const phase of phases) {
    const cell = (lang) => fmtMs(n.benches[`phases_10k/${phase}/${lang}`]?.median ?? NaN);
    lines.push(`| ${phase} | ${cell('de')} | ${cell('en')} |`);
  }
  const setup = (lang) => fmtMs(n.benches[`construct/${lang === 'de' ? 'De' : 'En'}`]?.median ?? NaN);
  lines.push(`| (rule-set setup, warm process) | ${setup('de')} | ${setup('en')} |`);
  return `## Native: where one 10 KB check spends its time (medians)\n\n${lines.join('\n')}\n`;
}

function otherCheckers(w) {
  const lines = ['| checker | 1 KB | 10 KB | 100 KB | findings in 10 KB |', '| --- | --- | --- | --- | --- |'];
  const add = (name, r) => {
    if (r.error) return lines.push(`| ${name} | could not run | | | |`);
    lines.push(`| ${name} | ${SIZES_KB.map((kb) => fmtMs(r[kb].median)).join(' | ')} | ${r[10].findings} |`);
  };
  add('takt (WASM)', w.takt.en);
  add('plain JS RegExp', w.others.regexp);
  add('write-good', w.others.writeGood);
  add('harper.js', w.others.harper);
  return `## English mails: every checker, median per call\n\n${lines.join('\n')}\n`;
}

// --- machine ------------------------------------------------------------------------

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  let rustc = 'unknown';
  try {
    rustc = execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
  } catch {}
  return { cpu, cores: os.cpus().length, node: process.version, rustc, load: os.loadavg()[0].toFixed(1) };
}

// --- main -------------------------------------------------------------------------------

async function main() {
  const skipNative = process.argv.includes('--no-native');
  const started = new Date();
  const host = machine();

  log('writing the benchmark mails to bench/.cache');
  writeCorpus();
  const sizes = measureSizes(ROOT);
  const native = skipNative ? null : await runNative(ROOT, { log });
  if (!sizes.wasm) throw new Error('dist/pkg/takt_bg.wasm is missing: run ./build.sh first');
  log('WebAssembly benchmark (bench/wasm.mjs)');
  const wasm = await benchWasm({ log });

  const rows = [...sizeRows(sizes), ...wasmRows(wasm), ...(native ? nativeRows(native) : []), ...extensionRows()];
  const table = markdownTable(rows);
  const missed = rows.filter((r) => r.pass === false).length;
  const checked = rows.filter((r) => r.pass !== null).length;

  const summary = `${checked - missed} of ${checked} budgets met`;
  console.log(`\n${table}\n\n${summary}\n`);

  const header = [
    '# Takt benchmark results',
    '',
    `Measured ${started.toISOString().replace(/\.\d+Z$/, 'Z')} on ${host.cpu} (${host.cores} cores), node ${host.node}, ${host.rustc}; ` +
      `load average ${host.load} at the start. Rules: de ${wasm.rules.de}, en ${wasm.rules.en}.`,
    '',
    'Written by `node bench/run.mjs` (`./build.sh bench`). Mails: `bench/mailgen.mjs`, seeded, 1/10/100 KB per language. ' +
      'KB = 1024 bytes, MB = 1024 KB. Times are medians; the WASM rows run in node (an older V8 than Chromium\'s), the extension rows in headless Chromium.',
    '',
  ].join('\n');
  const details = [native ? nativePhases(native) : '', otherCheckers(wasm)].filter(Boolean).join('\n');
  writeFileSync(join(HERE, 'results.md'), `${header}\n${table}\n\n${summary}.\n\n${details}`);
  log('written to bench/results.md');
  if (missed) process.exitCode = 1;
}

await main();
