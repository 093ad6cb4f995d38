import { decide } from '../../src/domain/decision/engine.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { openStorage, type StorageTarget } from '../../src/storage/storage.js';
import { MinimalEvaluator } from '../baselines/minimal.js';
import { measureResourcePages } from '../measure/resources.js';
import { measureSubjects } from '../measure/subjects.js';
import { indexedRequestMix } from '../requests.js';
import { alternatingRates, elapsedMs, latencyPercentile } from '../timing.js';
import { BENCH_ORG } from '../world.js';

/**
 * Child process of the scale bench, started fresh on a built database: how long the index takes
 * to load, what it weighs (heap, RSS), the peak RSS while it rebuilds, and decisions per second
 * against the minimal evaluator. Prints one JSON line.
 */
const args = process.argv.slice(2);
const target = JSON.parse(args[args.indexOf('--target') + 1]!) as StorageTarget;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const collect = () => {
  for (let i = 0; i < 3; i++) gc();
};
const mb = (bytes: number) => bytes / 1e6;

const storage = await openStorage(target);
collect();
const heapBefore = process.memoryUsage().heapUsed;
let started = process.hrtime.bigint();
const index = await WorldIndex.load(storage);
const loadMs = elapsedMs(started);
collect();
const heapMB = mb(process.memoryUsage().heapUsed - heapBefore);
const steadyRssMB = mb(process.memoryUsage.rss());

// A rebuild while the index serves: the peak RSS, sampled every few milliseconds.
let peak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 5);
started = process.hrtime.bigint();
await index.rebuild();
const rebuildMs = elapsedMs(started);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
collect();

const facts = index.decisionFacts(BENCH_ORG)!;
const pages = facts.pages;
const world = index.org(BENCH_ORG)!;
const requests = indexedRequestMix(facts, world, 8192);
const n = requests.length;
const minimal = new MinimalEvaluator(facts);
const [engineRate, minimalRate] = alternatingRates(
  [
    (i: number) => decide(facts, requests[i % n]!).reasons.length,
    (i: number) => minimal.decide(requests[i % n]!),
  ],
  600,
  5,
) as [number, number];
const p99 = latencyPercentile((i) => decide(facts, requests[i % n]!).reasons.length, 60_000, 99);
const subjects = await measureSubjects(
  facts,
  pages.spaceId(0),
  3,
  (line) => process.stderr.write(`${line}\n`),
  ` at ${pages.count} pages, ${world.users.size} users`,
);
const resources = await measureResourcePages(
  facts,
  world.users.keys().next().value!,
  1,
  (line) => process.stderr.write(`${line}\n`),
  ` at ${pages.count} pages`,
);
await storage.close();
process.stdout.write(
  `${JSON.stringify({
    pages: pages.count,
    users: world.users.size,
    loadMs,
    heapMB,
    steadyRssMB,
    rebuildMs,
    rebuildPeakRssMB: mb(peak),
    engineRate,
    minimalRate,
    p99Micros: p99,
    subjects: [...subjects, ...resources],
  })}\n`,
);
