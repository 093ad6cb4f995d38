import { writeFileSync } from 'node:fs';

/**
 * Preloaded (`node --import`) into a CLI command the round-trip bench times: at exit, the
 * process's peak RSS (kB, from getrusage) goes to the file `GATEHOUSE_BENCH_RSS_FILE` names.
 */
const file = process.env.GATEHOUSE_BENCH_RSS_FILE;
if (file !== undefined) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
