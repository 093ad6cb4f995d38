import { afterAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { UNCAUGHT_EXCEPTION, UNHANDLED_REJECTION } from '../../src/cli/process-guards.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { errorFormatMismatch, familyOfPath, leakIn } from '../support/error-formats.js';
import { ADA_BASIC, ADMIN_KEY, ORG, demoSecrets } from '../support/fuzz-target.js';
import { call, spawnGatehouse, type GatehouseProcess } from '../support/gatehouse-process.js';
import { demoTenant } from '../support/harness.js';
import {
  createTestDatabase,
  startPostgresCluster,
  type PostgresCluster,
} from '../support/postgres-cluster.js';
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

const OUTAGES = 2;
const USERS = ['5b10ac8d82e05b22cc7d4ef5', '5b10ac8d82e05b22cc7d4ef8', '5b10ac8d82e05b22cc7d4efa'];
const PAGES = ['98305', '98306', '98309', '98320', '98330'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

const ready = async (g: GatehouseProcess) => (await call(g.url, 'GET', '/readyz', {})).status;

/** Every decision of the grid on one instance, as one comparable string. */
async function decisions(g: GatehouseProcess): Promise<string> {
  const checks = USERS.flatMap((accountId) =>
    PAGES.flatMap((id) =>
      ['read', 'export'].map((action) => ({
        subject: { type: 'user', accountId },
        action,
        resource: { type: 'page', id },
      })),
    ),
  );
  const res = await call(
    g.url,
    'POST',
    `/gatehouse/v1/orgs/${ORG}/check/batch`,
    {
      authorization: `Bearer ${ADMIN_KEY}`,
    },
    { checks },
  );
  if (res.status !== 200) return `status ${res.status}`;
  const body = JSON.parse(res.body) as { results: { decision: string }[] };
  return body.results.map((r) => r.decision).join(',');
}

describe('chaos: PostgreSQL stopped with -m immediate and restarted under load, two Gatehouse processes', () => {
  let cluster: PostgresCluster | undefined;
  const processes: GatehouseProcess[] = [];
  afterAll(async () => {
    for (const p of processes) await p.kill9();
    await cluster?.stop();
  });

  it(`F10 ${OUTAGES} outages: both processes stay up, /readyz 503 → 200 by itself, every acknowledged write is present, both instances' decisions converge`, async () => {
    cluster = await startPostgresCluster({ crashSafe: true });
    const { url } = await createTestDatabase(cluster.url);
    const seed: Storage = await openStorage({ kind: 'postgres', url });
    await importTenant(seed, demoTenant(), 'demo');
    const args = [
      '--database-url',
      url,
      '--no-demo',
      '--log-level',
      'info',
      // No polling worth the name: only the change feed (re-LISTEN, resync) can make B follow A.
      '--sync-interval',
      '3600000',
    ];
    const [a, b] = await Promise.all([spawnGatehouse(args), spawnGatehouse(args)]);
    processes.push(a!, b!);
    const drafts = [...(await createDrafts(a!.url, 4))];
    const writers: Writer[] = [
      policyWriter(a!, ...drafts[0]!),
      policyWriter(a!, ...drafts[1]!),
      restrictionWriter(a!, '98306'),
      policyWriter(b!, ...drafts[2]!),
      policyWriter(b!, ...drafts[3]!),
      restrictionWriter(b!, '98309'),
    ];
    for (const writer of writers) await prime(writer);

    const t = tally();
    const reads = { total: 0, ok: 0, other: new Map<number, number>() };
    const mismatches: string[] = [];
    const secrets = demoSecrets();
    let stopped = false;
    const reader = async (g: GatehouseProcess) => {
      while (!stopped) {
        const path = '/wiki/rest/api/content/98306/restriction';
        const res = await call(g.url, 'GET', path, { authorization: ADA_BASIC });
        reads.total++;
        if (res.status === 200) reads.ok++;
        else reads.other.set(res.status, (reads.other.get(res.status) ?? 0) + 1);
        await sleep(20);
      }
    };
    // Writers' 503s are checked for format and leaks as they come.
    const checked = writers.map((w) => {
      const write = w.write.bind(w);
      w.write = async (seq) => {
        const res = await write(seq);
        if (res.status >= 400) {
          const family = familyOfPath(w.label.startsWith('policy') ? '/admin/' : '/wiki/rest/api/');
          const problem = errorFormatMismatch(family, res.status, JSON.parse(res.body || 'null'));
          const leak = leakIn(res.body, secrets);
          if (problem || leak || (res.status === 503 && res.headers.get('retry-after') !== '5')) {
            mismatches.push(`${w.label} ${res.status}: ${problem ?? leak ?? 'no Retry-After'}`);
          }
        }
        return res;
      };
      return w;
    });
    const running = [...checked.map((w) => runWriter(w, () => stopped, t)), reader(a!), reader(b!)];
    const outages: { down: number; back: number }[] = [];
    try {
      for (let n = 0; n < OUTAGES; n++) {
        await sleep(500);
        await cluster.halt('immediate');
        const down = await until(
          'both /readyz 503',
          async () => (await ready(a!)) === 503 && (await ready(b!)) === 503,
          10_000,
        );
        await sleep(500);
        await cluster.resume();
        const back = await until(
          'both /readyz 200 by themselves',
          async () => (await ready(a!)) === 200 && (await ready(b!)) === 200,
          30_000,
        );
        outages.push({ down, back });
      }
      await sleep(500);
    } finally {
      stopped = true;
      await Promise.all(running);
    }

    const lost: string[] = [];
    for (const writer of writers) {
      const problem = await lostWrite(writer, seed.db);
      if (problem) lost.push(problem);
    }
    // A process started now builds its index from the database alone: the truth to converge to.
    const fresh = await spawnGatehouse(args);
    processes.push(fresh);
    const truth = await decisions(fresh);
    const converged = await until(
      'decisions of A and B converge on the database',
      async () => (await decisions(a!)) === truth && (await decisions(b!)) === truth,
      15_000,
    );
    const agreed = truth;
    await seed.close();
    const guardLines = [...a!.logLines(), ...b!.logLines()].filter(
      (l) => l.includes(UNCAUGHT_EXCEPTION) || l.includes(UNHANDLED_REJECTION),
    );
    const errorLines = [...a!.logLines(), ...b!.logLines()].filter((l) =>
      /"level":(50|60)/.test(l),
    );
    const leakyLines = [...a!.logLines(), ...b!.logLines()].filter((l) => leakIn(l, secrets));
    console.log(
      [
        `F10 chaos on PostgreSQL: ${OUTAGES} outages (-m immediate), /readyz 503 after ${outages.map((o) => o.down).join(', ')} ms and 200 again ${outages.map((o) => o.back).join(', ')} ms after each restart`,
        `writes attempted ${t.attempts}, acknowledged ${t.acknowledged}, 503 ${t.unavailable}, dropped ${t.dropped}, other ${JSON.stringify(Object.fromEntries(t.other))}, lost ${lost.length}, format mismatches ${mismatches.length}`,
        `reads ${reads.total}, answered 200 ${reads.ok}, other ${JSON.stringify(Object.fromEntries(reads.other))}`,
        `decisions of A and B equal a fresh instance's (${agreed.split(',').length} checks) ${converged} ms after it started; processes alive ${a!.alive()} ${b!.alive()}; guard lines ${guardLines.length}; error lines ${errorLines.length}; leaky lines ${leakyLines.length}`,
        ...lost,
        ...mismatches.slice(0, 10),
        ...errorLines.slice(0, 5),
      ].join('\n'),
    );
    expect(a!.alive() && b!.alive()).toBe(true);
    expect(lost).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(Object.fromEntries(t.other)).toEqual({});
    expect(t.unavailable).toBeGreaterThan(0);
    expect(reads.ok).toBe(reads.total);
    expect(agreed).not.toMatch(/status/);
    expect({ guardLines, errorLines, leakyLines }).toEqual({
      guardLines: [],
      errorLines: [],
      leakyLines: [],
    });
  }, 150_000);
});
