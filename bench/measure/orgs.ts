import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { buildApp } from '../../src/app.js';
import { runCommand, SYSTEM_ORIGIN } from '../../src/commands/command.js';
import { deleteOrg, forkOrg, setEnforcement } from '../../src/commands/orgs.js';
import { resolveConfig } from '../../src/config.js';
import { normalizeModes } from '../../src/domain/decision/enforcement-modes.js';
import { decide } from '../../src/domain/decision/engine.js';
import type { CheckRequest, Decision } from '../../src/domain/decision/types.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { elapsedMs } from '../timing.js';
import { BENCH_ADMIN_KEY, BENCH_ORG } from '../world.js';
import { affinityMask, bodies, load, type HttpBudget } from './http.js';

/** The bench's check mix, as engine requests. */
function requests(bench: BenchWorld, count: number): CheckRequest[] {
  return bodies(bench, count).map((body) => JSON.parse(body) as CheckRequest);
}

const sameDecision = (a: Decision, b: Decision) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Forking the bench org (docs/testing-features.md G3, G4): the real fork command, until the
 * index serves the fork (what `POST …/fork` waits for), against rebuilding the whole index; the
 * source's decisions before and after the fork (none may change). Then `POST …/check` on the
 * fork with every rule `soft` against the source (all enforced), alternating A/B, same server.
 */
export async function measureOrgs(
  bench: BenchWorld,
  budget: HttpBudget,
  log: Log,
): Promise<Result[]> {
  const { storage, index } = bench;
  const mix = requests(bench, 4096);
  const before = mix.map((request) => decide(bench.facts(), request));

  let started = process.hrtime.bigint();
  const { result: forkId, revision } = await runCommand(
    storage,
    index.snapshot(),
    forkOrg(BENCH_ORG),
    SYSTEM_ORIGIN,
  );
  const copyMs = elapsedMs(started);
  await index.syncTo(revision);
  const forkMs = elapsedMs(started);
  log(`fork: ${copyMs.toFixed(0)} ms to copy, ${forkMs.toFixed(0)} ms until the index serves it`);
  started = process.hrtime.bigint();
  await index.rebuild();
  const rebuildMs = elapsedMs(started);

  const after = mix.map((request) => decide(bench.facts(), request));
  const changed = before.filter((d, i) => !sameDecision(d, after[i]!)).length;
  const fork = index.snapshot().org(forkId);
  if (!fork) throw new Error('the fork is not in the index');
  const forkFacts = fork.facts;
  const differ = mix.filter((r, i) => !sameDecision(decide(forkFacts, r), after[i]!)).length;

  await runCommand(
    storage,
    index.snapshot(),
    setEnforcement(forkId, normalizeModes({ default: 'soft' })),
    SYSTEM_ORIGIN,
  );
  await index.sync();
  const rates = await checkSoftVsEnforce(bench, forkId, budget, log);
  await runCommand(storage, index.snapshot(), deleteOrg(forkId), SYSTEM_ORIGIN);
  await index.sync();

  return [
    result(
      'fork of the bench org until served vs full index rebuild',
      'ms',
      forkMs,
      rebuildMs,
      '< 2000 ms',
      (_ratio, value) => value < 2000,
    ),
    result(
      `source decisions changed by the fork (of ${mix.length})`,
      'decisions',
      changed,
      null,
      '0',
      (_ratio, value) => value === 0,
    ),
    result(
      `fork decisions unlike the source's (of ${mix.length})`,
      'decisions',
      differ,
      null,
      '0',
      (_ratio, value) => value === 0,
    ),
    result(
      'POST /check req/s, soft mode vs enforce',
      'req/s',
      rates.soft,
      rates.enforce,
      '≥ 0.9×',
      (ratio) => ratio >= 0.9,
    ),
  ];
}

/** The check route of the source (enforce) and of the fork (every rule soft), A/B per round. */
async function checkSoftVsEnforce(
  bench: BenchWorld,
  forkId: string,
  budget: HttpBudget,
  log: Log,
): Promise<{ soft: number; enforce: number }> {
  const forkKey = bench.index.snapshot().org(forkId)?.world.adminKeys[0];
  if (forkKey === undefined) throw new Error('the fork has no Admin API key');
  const config = resolveConfig({ logLevel: 'silent' }, {});
  const app = await buildApp(
    config,
    { storage: bench.storage, index: bench.index },
    { logger: false },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const mask = availableParallelism() >= 2 ? affinityMask() : null;
  const pinned = mask !== null;
  if (pinned) execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${address.port}/gatehouse/v1/orgs`;
  const checks = bodies(bench, 256);
  const runs = {
    enforce: { url: `${base}/${BENCH_ORG}/check`, key: BENCH_ADMIN_KEY },
    soft: { url: `${base}/${forkId}/check`, key: forkKey },
  };
  const totals = { enforce: 0, soft: 0 };
  try {
    for (let round = 0; round < budget.rounds; round++) {
      for (const name of ['enforce', 'soft'] as const) {
        const run = await load(
          {
            url: runs[name].url,
            headers: { authorization: `Bearer ${runs[name].key}` },
            bodies: checks,
            connections: budget.connections,
            seconds: budget.seconds,
          },
          pinned,
        );
        totals[name] += run.requestsPerSecond / budget.rounds;
        if (run.errors > 0) log(`check ${name}: ${run.errors} errors or non-2xx responses`);
        log(`check round ${round + 1} ${name}: ${run.requestsPerSecond.toFixed(0)} req/s`);
      }
    }
  } finally {
    if (mask !== null)
      execFileSync('taskset', ['-p', mask, String(process.pid)], { stdio: 'ignore' });
    await app.close();
  }
  return totals;
}
