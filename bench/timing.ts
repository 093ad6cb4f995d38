/** Milliseconds since `started` (a process.hrtime.bigint()). */
export function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Calls per second of `run(i)` over `iterations` calls, after a warm-up of a tenth as many. The
 * result of each call is folded into a sink so the work cannot be optimised away.
 */
export function perSecond(run: (i: number) => unknown, iterations: number): number {
  let sink = 0;
  const warm = Math.max(1, Math.floor(iterations / 10));
  for (let i = 0; i < warm; i++) if (run(i)) sink++;
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) if (run(i)) sink++;
  const ms = elapsedMs(started);
  if (sink < 0) throw new Error('unreachable');
  return (iterations / ms) * 1000;
}

/** Calls per second measured for about `budgetMs` (calibrated with a short first run). */
export function perSecondFor(run: (i: number) => unknown, budgetMs: number): number {
  const probe = perSecond(run, 1000);
  const iterations = Math.max(1000, Math.floor((probe * budgetMs) / 1000));
  return perSecond(run, iterations);
}

/** The p-th percentile (0–100) of one-call latencies in microseconds. */
export function latencyPercentile(run: (i: number) => unknown, calls: number, p: number): number {
  const samples = new Float64Array(calls);
  for (let i = 0; i < Math.min(calls, 1000); i++) run(i);
  for (let i = 0; i < calls; i++) {
    const started = process.hrtime.bigint();
    run(i);
    samples[i] = Number(process.hrtime.bigint() - started) / 1000;
  }
  samples.sort();
  return samples[Math.min(calls - 1, Math.floor((p / 100) * calls))]!;
}

/** Median milliseconds of `times` runs of an async step. */
export async function medianMs(times: number, step: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    await step();
    samples.push(elapsedMs(started));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}
