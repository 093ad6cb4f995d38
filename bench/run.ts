import { measureDecisions } from './measure/decisions.js';
import { table, writeResults, type Result } from './results.js';
import { buildBenchWorld } from './setup.js';
import { FULL_WORLD, QUICK_WORLD } from './world.js';

const quick = process.argv.includes('--quick');
const log = (line: string) => console.log(`· ${line}`);
const bench = await buildBenchWorld(quick ? QUICK_WORLD : FULL_WORLD, log);
const results: Result[] = [];
results.push(
  ...measureDecisions(
    bench,
    { ms: quick ? 200 : 2000, requests: quick ? 1000 : 8192, latencyCalls: quick ? 500 : 3000 },
    log,
  ),
);
console.log(table(results));
writeResults('bench/results.json', results);
await bench.dispose();
