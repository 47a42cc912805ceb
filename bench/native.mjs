// Runs the native benchmark (crate/benches/engine.rs) and reads its numbers
// from divan's table.

import { spawn } from 'node:child_process';

const UNIT_MS = { ns: 1e-6, µs: 1e-3, us: 1e-3, ms: 1, s: 1000 };

/** "737.8 µs" or "1.234567ms" (Rust's Duration Debug) → milliseconds. */
export function toMs(text) {
  const m = /([\d.]+)\s*(ns|µs|us|ms|s)\b/.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : NaN;
}

/**
 * Reads divan's tree table into `{ "check_de/10": { median, fastest, mean } }`
 * (milliseconds), keyed by the path of names from the root.
 */
export function parseDivan(output) {
  const results = {};
  const path = [];
  for (const line of output.split('\n')) {
    const m = /^([│ ]*)[├╰]─ (\S+)(.*)$/.exec(line);
    if (!m) continue;
    const depth = Math.round([...m[1]].length / 3);
    path.length = depth;
    path.push(m[2]);
    const columns = m[3].split('│').map((c) => c.trim());
    if (!columns[0]) continue; // a group, not a benchmark
    results[path.join('/')] = { fastest: toMs(columns[0]), median: toMs(columns[2]), mean: toMs(columns[3]) };
  }
  return results;
}

/** Reads the engine's construction report: "  construction de (…): 1.23ms". */
export function parseConstruction(output) {
  const found = {};
  for (const m of output.matchAll(/^\s+(construction|first check) (de|en)\b.*: (\S+)$/gm)) {
    found[`${m[1] === 'construction' ? 'construction' : 'firstCheck'}_${m[2]}`] = toMs(m[3]);
  }
  return found;
}

/**
 * `cargo bench -p takt --bench engine`, its compile progress passed through
 * to stderr. The bench profile inherits `panic = "abort"` from release, which
 * benchmarks cannot use; unwinding for this run keeps cargo from building
 * the library twice under one file name.
 */
export function runNative(root, { log = () => {} } = {}) {
  return new Promise((resolvePromise) => {
    log('cargo bench -p takt --bench engine');
    const child = spawn('cargo', ['bench', '-p', 'takt', '--bench', 'engine'], {
      cwd: root,
      env: { ...process.env, CARGO_PROFILE_BENCH_PANIC: 'unwind' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => {
      if (code !== 0) {
        resolvePromise({ error: `cargo bench exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}` });
        return;
      }
      resolvePromise({ benches: parseDivan(stdout), ...parseConstruction(stdout), output: stdout });
    });
  });
}
