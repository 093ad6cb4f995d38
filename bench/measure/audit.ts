import { runCommand, type Command } from '../../src/commands/command.js';
import { createDraft } from '../../src/commands/policies/drafts.js';
import { updateRestrictions } from '../../src/commands/update-restrictions.js';
import { BENCH_ACTOR, BENCH_ORIGIN } from '../policies.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { elapsedMs } from '../timing.js';
import { BENCH_ORG } from '../world.js';

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

/**
 * A13's figure: the same writes with and without their audit events (runCommand's bench-only
 * `recordEvents: false`), alternating, wall time of the committed transaction (the index sync is
 * left out: events do not reach the index).
 */
export async function measureAudit(
  bench: BenchWorld,
  repeats: number,
  log: Log,
): Promise<Result[]> {
  const { storage, index, world } = bench;
  const timed = async (cmd: Command<unknown>, recordEvents: boolean) => {
    const started = process.hrtime.bigint();
    await runCommand(storage, index.snapshot(), cmd, BENCH_ORIGIN, { recordEvents });
    return elapsedMs(started);
  };
  const restriction = (i: number) => {
    const accountId = world.accountIds[(i * 31) % world.accountIds.length]!;
    return updateRestrictions({
      orgId: BENCH_ORG,
      contentId: world.pageIds[(i * 7919 + 13) % world.pageIds.length]!,
      subject: { type: 'user', accountId },
      change: {
        kind: 'member',
        mode: 'add',
        operation: 'read',
        subject: { kind: 'users', id: accountId },
      },
    });
  };
  const draft = (i: number) =>
    createDraft(BENCH_ACTOR, {
      name: `bench audit draft ${i}`,
      coverageLevel: 'UNASSIGNED',
      rule: { export: { effect: 'block' } },
    });
  const samples = { on: [] as number[], off: [] as number[] };
  const rounds = repeats * 6;
  for (let i = 0; i < rounds; i++) {
    const make = i % 2 === 0 ? restriction : draft;
    // alternate which of the pair runs first, so neither always meets a warm cache
    const first = i % 4 < 2;
    const a = await timed(make(2 * i), first);
    const b = await timed(make(2 * i + 1), !first);
    samples[first ? 'on' : 'off'].push(a);
    samples[first ? 'off' : 'on'].push(b);
  }
  await index.sync();
  const on = median(samples.on);
  const off = median(samples.off);
  log(`audit: a write with its events ${on.toFixed(3)} ms, without ${off.toFixed(3)} ms`);
  return [
    result('a write with its audit events vs without', 'ms', on, off, '≤ 1.3×', (r) => r <= 1.3),
  ];
}
