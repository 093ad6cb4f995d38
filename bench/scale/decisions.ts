import { decide } from '../../src/domain/decision/engine.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { openStorage, type StorageTarget } from '../../src/storage/storage.js';
import { indexedRequestMix } from '../requests.js';
import { alternatingRates } from '../timing.js';
import { BENCH_ORG } from '../world.js';

/**
 * Child process of the scale bench: the two built worlds (`--small`, `--large`: JSON of a
 * StorageTarget) loaded side by side, and decisions per second of the same mix on each, in
 * alternating slices — so the ratio of the large to the small world is measured in one process
 * in the same minutes, not in two processes minutes apart on a shared machine. Prints one JSON
 * line.
 */
const args = process.argv.slice(2);
const target = (name: string) => JSON.parse(args[args.indexOf(name) + 1]!) as StorageTarget;

async function prepared(at: StorageTarget) {
  const storage = await openStorage(at);
  const index = await WorldIndex.load(storage);
  const facts = index.decisionFacts(BENCH_ORG)!;
  return { storage, facts, requests: indexedRequestMix(facts, index.org(BENCH_ORG)!, 8192) };
}

const small = await prepared(target('--small'));
const large = await prepared(target('--large'));
const n = small.requests.length;
const [smallRate, largeRate] = alternatingRates(
  [
    (i: number) => decide(small.facts, small.requests[i % n]!).reasons.length,
    (i: number) => decide(large.facts, large.requests[i % n]!).reasons.length,
  ],
  300,
  15,
) as [number, number];
await small.storage.close();
await large.storage.close();
process.stdout.write(`${JSON.stringify({ smallRate, largeRate })}\n`);
