/**
 * CPU milliseconds this process has used: throughput is measured per CPU second, so time the
 * process spends descheduled while other processes use a shared machine counts for no contender.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

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
  const started = cpuMs();
  for (let i = 0; i < iterations; i++) if (run(i)) sink++;
  const ms = Math.max(0.001, cpuMs() - started);
  if (sink < 0) throw new Error('unreachable');
  return (iterations / ms) * 1000;
}

/**
 * The p-th percentile (0–100) of one-call latencies in microseconds (performance.now: no
 * allocation per sample, so the timer itself adds no garbage-collection pauses).
 */
export function latencyPercentile(run: (i: number) => unknown, calls: number, p: number): number {
  const samples = new Float64Array(calls);
  for (let i = 0; i < Math.min(calls, 1000); i++) run(i);
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    run(i);
    samples[i] = (performance.now() - started) * 1000;
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

const medianOf = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Calls per second of each contender, measured in `rounds` alternating slices (A/B/C/A/B/C…) of
 * about `sliceMs` each; each figure is the median of its slices, so a burst of load from other
 * processes on a shared machine hits one slice of each rather than one contender.
 */
export function alternatingRates(
  runs: readonly ((i: number) => unknown)[],
  sliceMs: number,
  rounds: number,
): number[] {
  const iterations = runs.map((run) =>
    Math.max(100, Math.floor((perSecond(run, 500) * sliceMs) / 1000)),
  );
  const rates = runs.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    runs.forEach((run, k) => rates[k]!.push(perSecond(run, iterations[k]!)));
  }
  return rates.map(medianOf);
}

/** Median CPU milliseconds of each contender over `times` alternating runs. */
export async function alternatingMedianMs(
  steps: readonly (() => Promise<unknown>)[],
  times: number,
): Promise<number[]> {
  const samples = steps.map(() => [] as number[]);
  for (let i = 0; i < times; i++) {
    for (const [k, step] of steps.entries()) {
      const started = cpuMs();
      await step();
      samples[k]!.push(cpuMs() - started);
    }
  }
  return samples.map(medianOf);
}
