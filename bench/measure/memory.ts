import { WorldIndex } from '../../src/index/world-index.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { elapsedMs } from '../timing.js';
import { BENCH_ORG } from '../world.js';

const collect = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) for (let i = 0; i < 3; i++) gc();
};

/**
 * Start-up (a second index loaded from the database to ready) and that index's heap: the heap
 * growth it causes after full collections, less the Jira index (`jiraMb`, measured on its own by
 * measure/jira.ts), scaled to 100,000 pages.
 */
export async function measureMemory(bench: BenchWorld, log: Log, jiraMb = 0): Promise<Result[]> {
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  if (!hasGc) log('memory: run node with --expose-gc for an exact heap figure');
  collect();
  const before = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const second = await WorldIndex.load(bench.storage);
  second.decisionFacts(BENCH_ORG);
  const startupMs = elapsedMs(started);
  collect();
  const after = process.memoryUsage().heapUsed;
  const pages = second.org(BENCH_ORG)?.content.size ?? 0;
  const perHundredK = ((after - before) / 1e6 - jiraMb) * (100_000 / Math.max(1, pages));
  log(
    `memory: index of ${pages} pages: ${((after - before) / 1e6).toFixed(1)} MB; start-up ${startupMs.toFixed(0)} ms`,
  );
  return [
    result(
      'index heap per 100,000 pages',
      'MB',
      perHundredK,
      null,
      '< 200 MB',
      (_r, v) => hasGc && v < 200,
    ),
    result('start-up to a ready index', 'ms', startupMs, null, 'printed', null),
  ];
}
