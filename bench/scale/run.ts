import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StorageTarget } from '../../src/storage/storage.js';
import { createTestDatabase, startPostgresCluster } from '../../test/support/postgres-cluster.js';
import { result, table, type Result } from '../results.js';
import { scaleScript } from './scripts.js';

const run = promisify(execFile);

export interface ScaleFigures {
  pages: number;
  users: number;
  loadMs: number;
  heapMB: number;
  steadyRssMB: number;
  rebuildMs: number;
  rebuildPeakRssMB: number;
  engineRate: number;
  minimalRate: number;
  p99Micros: number;
  /** The list-subjects figures of the world (bench/measure/subjects.ts). */
  subjects: Result[];
}

/** The exponent k of figure ∝ size^k between two sizes: 1 is linear, above 1 super-linear. */
export const growth = (small: number, large: number, sizeSmall: number, sizeLarge: number) =>
  Math.log(large / small) / Math.log(sizeLarge / sizeSmall);

async function child(script: string, nodeFlags: string[], args: string[]): Promise<string> {
  const { stdout, stderr } = await run(
    process.execPath,
    [...nodeFlags, scaleScript(script), ...args],
    { maxBuffer: 1 << 24, timeout: 60 * 60_000 },
  );
  if (stderr.length > 0) process.stderr.write(stderr);
  return stdout.trim().split('\n').pop()!;
}

/** Builds the world at each size in one child, measures it in a fresh one. */
async function measureAt(
  pages: number,
  target: StorageTarget,
  log: (line: string) => void,
): Promise<ScaleFigures> {
  const json = JSON.stringify(target);
  const built = JSON.parse(
    await child(
      'build.js',
      ['--max-old-space-size=12000'],
      ['--pages', String(pages), '--target', json],
    ),
  ) as { buildMs: number };
  log(`${target.kind} ${pages} pages: built in ${(built.buildMs / 1000).toFixed(1)} s`);
  const figures = JSON.parse(
    await child('measure.js', ['--expose-gc'], ['--target', json]),
  ) as ScaleFigures;
  log(
    `${target.kind} ${pages} pages: load ${figures.loadMs.toFixed(0)} ms, heap ${figures.heapMB.toFixed(0)} MB, RSS ${figures.steadyRssMB.toFixed(0)} MB (rebuild peak ${figures.rebuildPeakRssMB.toFixed(0)} MB), ${figures.engineRate.toFixed(0)} decisions/s (minimal ${figures.minimalRate.toFixed(0)}), p99 ${figures.p99Micros.toFixed(1)} µs`,
  );
  return figures;
}

/** Decisions per second of both worlds in one process, alternating (bench/scale/decisions.ts). */
async function decisionsSideBySide(
  small: StorageTarget,
  large: StorageTarget,
): Promise<{ smallRate: number; largeRate: number }> {
  return JSON.parse(
    await child(
      'decisions.js',
      ['--expose-gc'],
      ['--small', JSON.stringify(small), '--large', JSON.stringify(large)],
    ),
  ) as { smallRate: number; largeRate: number };
}

/**
 * `npm run bench -- --scale [--sizes 100000,1000000] [--dialects sqlite,postgres]`: the index at
 * two sizes side by side, each figure's growth exponent printed, the goals of issue 16 as rows.
 */
export async function runScale(
  argv: readonly string[],
  log: (line: string) => void,
): Promise<Result[]> {
  const option = (name: string, fallback: string) => {
    const at = argv.indexOf(name);
    return at === -1 ? fallback : argv[at + 1]!;
  };
  const sizes = option('--sizes', '100000,1000000').split(',').map(Number);
  const dialects = option('--dialects', 'sqlite,postgres').split(',');
  const [small, large] = [sizes[0]!, sizes[sizes.length - 1]!];
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-scale-'));
  const results: Result[] = [];
  const exponents: string[] = [];
  try {
    for (const dialect of dialects) {
      const cluster = dialect === 'postgres' ? await startPostgresCluster() : null;
      try {
        const at = new Map<number, ScaleFigures>();
        const targets = new Map<number, StorageTarget>();
        for (const pages of sizes) {
          const target: StorageTarget =
            cluster !== null
              ? { kind: 'postgres', url: (await createTestDatabase(cluster.url)).url }
              : { kind: 'sqlite', file: join(dir, `scale-${pages}.db`), synchronous: 'NORMAL' };
          targets.set(pages, target);
          at.set(pages, await measureAt(pages, target, log));
        }
        const a = at.get(small)!;
        const b = at.get(large)!;
        const side = await decisionsSideBySide(targets.get(small)!, targets.get(large)!);
        log(
          `${dialect} decisions side by side: ${side.smallRate.toFixed(0)}/s at ${small} pages, ${side.largeRate.toFixed(0)}/s at ${large} (${(side.largeRate / side.smallRate).toFixed(3)}×)`,
        );
        for (const target of targets.values()) {
          if (target.kind === 'sqlite' && existsSync(target.file)) rmSync(target.file);
        }
        const k = (pick: (f: ScaleFigures) => number) => growth(pick(a), pick(b), small, large);
        const loadK = k((f) => f.loadMs);
        for (const [name, pick] of [
          ['index load (ms)', (f: ScaleFigures) => f.loadMs],
          ['heap (MB)', (f: ScaleFigures) => f.heapMB],
          ['steady RSS (MB)', (f: ScaleFigures) => f.steadyRssMB],
          ['rebuild (ms)', (f: ScaleFigures) => f.rebuildMs],
          ['decisions/s', (f: ScaleFigures) => f.engineRate],
          ['p99 of a decision (µs)', (f: ScaleFigures) => f.p99Micros],
        ] as const) {
          exponents.push(
            `${dialect.padEnd(8)} ${name.padEnd(24)} ${pick(a).toFixed(1).padStart(12)} → ${pick(b).toFixed(1).padStart(12)}   growth exponent ${k(pick).toFixed(2)}`,
          );
        }
        results.push(
          result(
            `index load of ${large} pages on ${dialect} vs ${small}`,
            'ms',
            b.loadMs,
            a.loadMs,
            '≤ 4 s, growth exponent ≤ 1.05',
            (_r, v) => v <= 4000 && loadK <= 1.05,
          ),
        );
        if (dialect === 'sqlite') {
          results.push(
            ...b.subjects,
            result(
              `index heap per 100,000 pages at ${large}`,
              'MB',
              (b.heapMB * 100_000) / b.pages,
              null,
              '≤ 30 MB',
              (_r, v) => v <= 30,
            ),
            result(
              `steady RSS at ${large} pages`,
              'MB',
              b.steadyRssMB,
              null,
              '≤ 700 MB',
              (_r, v) => v <= 700,
            ),
            result(
              `peak RSS during a rebuild vs steady RSS at ${large} pages`,
              'MB',
              b.rebuildPeakRssMB,
              b.steadyRssMB,
              '≤ 1.3×',
              (r) => r <= 1.3,
            ),
            result(
              `decisions/s with reasons vs minimal evaluator at ${small} pages`,
              'decisions/s',
              a.engineRate,
              a.minimalRate,
              '≥ 0.5×',
              (r) => r >= 0.5,
            ),
            result(
              `decisions/s at ${large} pages vs at ${small}, side by side`,
              'decisions/s',
              side.largeRate,
              side.smallRate,
              '≥ 0.7×',
              (r) => r >= 0.7,
            ),
          );
        }
      } finally {
        await cluster?.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log(`growth from ${small} to ${large} pages (exponent 1 = linear):\n${exponents.join('\n')}`);
  return results;
}

/** Replaces the rows of `results.json` that these results name, keeping the others. */
export function mergeResults(file: string, results: readonly Result[]): Result[] {
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Result[]) : [];
  const names = new Set(results.map((r) => r.name));
  return [...previous.filter((r) => !names.has(r.name)), ...results];
}

export { table };
