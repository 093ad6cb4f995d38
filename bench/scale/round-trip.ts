import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { result, type Result } from '../results.js';
import { scaleScript } from './scripts.js';

const script = scaleScript;
// `npm run bench` runs from the repository's root, where the CLI's entry is
const gatehouse = join(process.cwd(), 'bin', 'gatehouse.js');

interface Run {
  ms: number;
  peakRssMB: number;
  stdout: string;
}

/** Runs a child to its end: wall time, peak RSS (getrusage, via max-rss.js), stdout to `out`. */
function runChild(args: string[], out?: string): Promise<Run> {
  const rssFile = join(tmpdir(), `gatehouse-rss-${process.pid}-${Date.now()}`);
  const fd = out === undefined ? 'pipe' : openSync(out, 'w');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', script('max-rss.js'), ...args], {
      env: { ...process.env, GATEHOUSE_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', fd, 'inherit'],
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (typeof fd === 'number') closeSync(fd);
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}`));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const kb = Number(readFileSync(rssFile, 'utf8'));
      rmSync(rssFile, { force: true });
      // getrusage's kilobytes (KiB) as the bench's other figures count: MB of 10^6 bytes
      resolve({ ms, peakRssMB: (kb * 1024) / 1e6, stdout });
    });
  });
}

/**
 * `npm run bench -- --round-trip [--pages 3000000]` (issue 16): a world of N pages built into
 * one SQLite database, then the real CLI — `gatehouse export`, `gatehouse import` of that file
 * into an empty database, `gatehouse export` again — each in a process of its own whose peak RSS
 * is measured; the two files are compared as streams (the second is the first plus the import's
 * own audit event).
 */
export async function runRoundTrip(
  argv: readonly string[],
  log: (line: string) => void,
): Promise<Result[]> {
  const at = argv.indexOf('--pages');
  const pages = at === -1 ? 3_000_000 : Number(argv[at + 1]);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-round-trip-'));
  const [a, b] = [join(dir, 'a.db'), join(dir, 'b.db')];
  const [first, second] = [join(dir, 'first.json'), join(dir, 'second.json')];
  try {
    const target = JSON.stringify({ kind: 'sqlite', file: a, synchronous: 'NORMAL' });
    const built = await runChild([
      '--max-old-space-size=16000',
      script('build.js'),
      '--pages',
      String(pages),
      '--target',
      target,
    ]);
    log(`built ${pages} pages in ${(built.ms / 1000).toFixed(0)} s`);
    const exported = await runChild([gatehouse, 'export', '--db', a], first);
    const mb = (path: string) => (statSync(path).size / 1e6).toFixed(0);
    log(
      `export: ${(exported.ms / 1000).toFixed(0)} s, ${mb(first)} MB, peak RSS ${exported.peakRssMB.toFixed(0)} MB`,
    );
    const imported = await runChild([gatehouse, 'import', first, '--db', b]);
    log(
      `import: ${(imported.ms / 1000).toFixed(0)} s, peak RSS ${imported.peakRssMB.toFixed(0)} MB — ${imported.stdout.trim()}`,
    );
    const again = await runChild([gatehouse, 'export', '--db', b], second);
    log(`export again: ${(again.ms / 1000).toFixed(0)} s, ${mb(second)} MB`);
    const compared = JSON.parse((await runChild([script('compare.js'), first, second])).stdout) as {
      same: boolean;
      pages: [number, number];
    };
    log(`compared: ${JSON.stringify(compared)}`);
    return [
      result(
        `gatehouse export of ${pages} pages, peak RSS`,
        'MB',
        exported.peakRssMB,
        null,
        '≤ 1 GB',
        (_r, v) => v <= 1000,
      ),
      result(
        `gatehouse import of ${pages} pages, peak RSS`,
        'MB',
        imported.peakRssMB,
        null,
        '≤ 1 GB',
        (_r, v) => v <= 1000,
      ),
      result(
        `export → import → export of ${pages} pages: files unlike (beyond the import's own event)`,
        'files',
        compared.same && compared.pages[0] === pages ? 0 : 1,
        null,
        '0',
        (_r, v) => v === 0,
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
