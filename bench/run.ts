import { table, writeResults } from './results.js';
import { FULL_BUDGET, QUICK_BUDGET, runSuite } from './suite.js';

const quick = process.argv.includes('--quick');
const log = (line: string) => console.log(`· ${line}`);
const results = await runSuite(quick ? QUICK_BUDGET : FULL_BUDGET, log);
console.log(`\n${table(results)}`);
writeResults('bench/results.json', results);
console.log('\nwrote bench/results.json');
