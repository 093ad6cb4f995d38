import { table, writeResults } from './results.js';
import { runRoundTrip } from './scale/round-trip.js';
import { mergeResults, runScale } from './scale/run.js';
import { FULL_BUDGET, QUICK_BUDGET, runSuite, type Budget } from './suite.js';
import { worldOfPages } from './world.js';

/**
 * `npm run bench`: the suite on the 100,000-page world. `-- --quick`: a small world.
 * `-- --pages N`: the suite on a world of N pages. `-- --scale`: the index at 100k and 1M pages
 * side by side, with growth exponents (bench/scale/). `-- --round-trip [--pages N]`: a 3M-page
 * world through `gatehouse export`, `import`, `export` (bench/scale/round-trip.ts).
 */
const argv = process.argv.slice(2);
const log = (line: string) => console.log(`· ${line}`);
const file = 'bench/results.json';
if (argv.includes('--round-trip')) {
  const results = await runRoundTrip(argv, log);
  console.log(`\n${table(results)}`);
  writeResults(file, mergeResults(file, results));
} else if (argv.includes('--scale')) {
  const results = await runScale(argv, log);
  console.log(`\n${table(results)}`);
  writeResults(file, mergeResults(file, results));
} else {
  const pagesAt = argv.indexOf('--pages');
  const budget: Budget = argv.includes('--quick')
    ? QUICK_BUDGET
    : pagesAt !== -1
      ? { ...FULL_BUDGET, world: worldOfPages(Number(argv[pagesAt + 1])) }
      : FULL_BUDGET;
  const results = await runSuite(budget, log);
  console.log(`\n${table(results)}`);
  writeResults(file, mergeResults(file, results));
}
console.log(`\nwrote ${file}`);
