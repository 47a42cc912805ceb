// Timing helpers shared by the node benchmarks.

/** Value at quantile `q` (0..1) of a sorted array. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function median(values) {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/**
 * Times `run` call by call: a warm-up first (JIT tiers, lazy caches), then
 * samples until both `minRuns` and `minMs` are reached, or `maxMs` runs out.
 * Works for sync and async functions; returns milliseconds.
 */
export async function timeCalls(run, { warmup = 5, minRuns = 30, minMs = 500, maxMs = 5000, maxRuns = 20000 } = {}) {
  for (let i = 0; i < warmup; i++) await run();
  const sampling = new Sampling({ minRuns, minMs, maxMs, maxRuns });
  do {
    const t0 = performance.now();
    await run();
    sampling.add(performance.now() - t0);
  } while (!sampling.done());
  return sampling.summary();
}

/** Sync variant without `await` per call, for functions of a few microseconds. */
export function timeSyncCalls(run, { warmup = 20, minRuns = 100, minMs = 500, maxMs = 5000, maxRuns = 50000 } = {}) {
  for (let i = 0; i < warmup; i++) run();
  const sampling = new Sampling({ minRuns, minMs, maxMs, maxRuns });
  do {
    const t0 = performance.now();
    run();
    sampling.add(performance.now() - t0);
  } while (!sampling.done());
  return sampling.summary();
}

/**
 * Times several sync functions in rounds, each for `msPerRound` per round: on a machine shared
 * with other work, a slow spell then slows every function a little, not one of them a lot. The
 * median is the median of the rounds' medians; p95 and runs are over all samples. `calls` is a
 * list of [key, run]; returns { key: { median, p95, runs } }.
 */
export function timeSyncRounds(calls, { rounds = 5, msPerRound = 100, warmup = 20 } = {}) {
  const samples = calls.map(() => []);
  const medians = calls.map(() => []);
  calls.forEach(([, run]) => {
    for (let i = 0; i < warmup; i++) run();
  });
  for (let round = 0; round < rounds; round++) {
    calls.forEach(([, run], k) => {
      const times = [];
      const until = performance.now() + msPerRound;
      do {
        const t0 = performance.now();
        run();
        times.push(performance.now() - t0);
      } while (performance.now() < until || times.length < 3);
      medians[k].push(median(times));
      samples[k].push(...times);
    });
  }
  return Object.fromEntries(
    calls.map(([key], k) => {
      const sorted = [...samples[k]].sort((a, b) => a - b);
      return [key, { median: median(medians[k]), p95: quantile(sorted, 0.95), runs: sorted.length }];
    }),
  );
}

/** Samples of one timing, and when there are enough of them. */
class Sampling {
  constructor({ minRuns, minMs, maxMs, maxRuns }) {
    Object.assign(this, { minRuns, minMs, maxMs, maxRuns });
    this.samples = [];
    this.started = performance.now();
  }

  add(ms) {
    this.samples.push(ms);
  }

  done() {
    const elapsed = performance.now() - this.started;
    const enough = this.samples.length >= this.minRuns && elapsed >= this.minMs;
    return enough || elapsed >= this.maxMs || this.samples.length >= this.maxRuns;
  }

  summary() {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), runs: sorted.length };
  }
}
