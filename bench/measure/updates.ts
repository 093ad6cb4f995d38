import { createDraft } from '../../src/commands/policies/drafts.js';
import { publishDrafts } from '../../src/commands/policies/publish.js';
import { updateRestrictions } from '../../src/commands/update-restrictions.js';
import { BENCH_ACTOR, BENCH_ORIGIN, writer } from '../policies.js';
import { runCommand } from '../../src/commands/command.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { elapsedMs, medianMs } from '../timing.js';
import { BENCH_ORG } from '../world.js';

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

async function timedSync(bench: BenchWorld): Promise<number> {
  const started = process.hrtime.bigint();
  await bench.index.sync();
  return elapsedMs(started);
}

/**
 * Applying one committed write to the index (`sync` after the real command commits) against
 * rebuilding the whole index from the database.
 */
export async function measureUpdates(
  bench: BenchWorld,
  repeats: number,
  log: Log,
): Promise<Result[]> {
  const { storage, index, world } = bench;
  const write = writer(storage, index);
  const restriction: number[] = [];
  const publish: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const pageId = world.pageIds[(i * 7919) % world.pageIds.length]!;
    const accountId = world.accountIds[i % world.accountIds.length]!;
    // The command alone (runCommand: no sync), then the index's sync is timed on its own.
    await runCommand(
      storage,
      index.snapshot(),
      updateRestrictions({
        orgId: BENCH_ORG,
        contentId: pageId,
        subject: { type: 'user', accountId },
        change: {
          kind: 'member',
          mode: 'add',
          operation: 'read',
          subject: { kind: 'users', id: accountId },
        },
      }),
      BENCH_ORIGIN,
    );
    restriction.push(await timedSync(bench));

    const draft = await write(
      createDraft(BENCH_ACTOR, {
        name: `bench export ORG ${i}`,
        coverageLevel: 'ORG',
        rule: { export: { effect: i % 2 === 0 ? 'block' : 'allow' } },
      }),
    );
    await runCommand(
      storage,
      index.snapshot(),
      publishDrafts(BENCH_ACTOR, 'export', [
        { policyId: draft.id, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]),
      BENCH_ORIGIN,
    );
    publish.push(await timedSync(bench));
  }
  const rebuild = await medianMs(Math.max(1, Math.floor(repeats / 3)), () => index.rebuild());
  log(
    `updates: restriction sync ${median(restriction).toFixed(2)} ms, publish sync ${median(publish).toFixed(2)} ms, rebuild ${rebuild.toFixed(0)} ms`,
  );
  return [
    result(
      'apply one restriction change vs full rebuild',
      'ms',
      median(restriction),
      rebuild,
      '≤ 0.01×',
      (r) => r <= 0.01,
    ),
    result(
      'apply one publish vs full rebuild',
      'ms',
      median(publish),
      rebuild,
      '≤ 0.01×',
      (r) => r <= 0.01,
    ),
  ];
}
