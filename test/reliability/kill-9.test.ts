import fc from 'fast-check';
import { describe, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { UNCAUGHT_EXCEPTION, UNHANDLED_REJECTION } from '../../src/cli/process-guards.js';
import { spawnGatehouse, type GatehouseProcess } from '../support/gatehouse-process.js';
import type { DialectName } from '../../src/storage/dialects/dialect.js';
import { DIALECTS, demoTenant, openTestStorage } from '../support/harness.js';
import {
  createDrafts,
  lostWrite,
  policyWriter,
  prime,
  restrictionWriter,
  runWriter,
  tally,
  type Writer,
} from '../support/write-workload.js';

const CYCLES = 10;
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));

// The two dialects run side by side: a cycle mostly waits for a process to start.
describe.concurrent('kill -9 of Gatehouse mid-write', () => {
  for (const dialect of DIALECTS) killCycles(dialect);
});

function killCycles(dialect: DialectName): void {
  it(`F13 ${CYCLES} cycles of writers, kill -9 and restart on ${dialect}: every acknowledged write is present`, async ({
    expect,
  }) => {
    const test = await openTestStorage(dialect);
    await importTenant(test.storage, demoTenant(), 'demo');
    const flags =
      test.target.kind === 'sqlite'
        ? ['--db', test.target.file]
        : ['--database-url', test.target.url];
    const args = [...flags, '--no-demo', '--log-level', 'warn'];
    const target = { url: '' };
    let gatehouse: GatehouseProcess = await spawnGatehouse(args);
    target.url = gatehouse.url;
    const drafts = await createDrafts(target.url, 3);
    const writers: Writer[] = [
      ...[...drafts].map(([rule, id]) => policyWriter(target, rule, id)),
      restrictionWriter(target, '98306'),
      restrictionWriter(target, '98309'),
    ];
    for (const writer of writers) await prime(writer);
    const waits = fc.sample(fc.integer({ min: 0, max: 300 }), { seed: SEED, numRuns: CYCLES });
    const t = tally();
    const lost: string[] = [];
    const guardLines: string[] = [];
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        if (cycle > 0) {
          gatehouse = await spawnGatehouse(args);
          target.url = gatehouse.url;
        }
        let stopped = false;
        const ackedBefore = t.acknowledged;
        const running = writers.map((w) => runWriter(w, () => stopped, t));
        // Mid-write for sure: once writes are being acknowledged, at a random moment after.
        for (
          let waited = 0;
          t.acknowledged < ackedBefore + writers.length && waited < 30_000;
          waited += 10
        ) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await new Promise((resolve) => setTimeout(resolve, waits[cycle]));
        await gatehouse.kill9();
        stopped = true;
        await Promise.all(running);
        guardLines.push(
          ...gatehouse
            .logLines()
            .filter((l) => l.includes(UNCAUGHT_EXCEPTION) || l.includes(UNHANDLED_REJECTION)),
        );
        for (const writer of writers) {
          const problem = await lostWrite(writer, test.storage.db);
          if (problem) lost.push(`cycle ${cycle}: ${problem}`);
        }
      }
    } finally {
      await gatehouse.kill9();
      await test.dispose();
    }
    console.log(
      `F13 kill -9 on ${dialect} (seed ${SEED}): cycles ${CYCLES}, writes attempted ${t.attempts}, acknowledged ${t.acknowledged}, cut by the kill ${t.dropped}, 503 ${t.unavailable}, other ${JSON.stringify(Object.fromEntries(t.other))}, lost ${lost.length}`,
    );
    expect(lost).toEqual([]);
    expect(t.acknowledged).toBeGreaterThanOrEqual(CYCLES * writers.length);
    expect(Object.fromEntries(t.other)).toEqual({});
    expect(guardLines).toEqual([]);
  }, 120_000);
}
