import { execFileSync, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import { authenticateAdmin } from '../../src/http/auth.js';
import { CheckBody, DecisionResponse, OrgParams } from '../../src/http/schemas/decisions.js';
import { presentDecision } from '../../src/presenters/decision.js';
import { decide } from '../../src/domain/decision/engine.js';
import type { CheckRequest } from '../../src/domain/decision/types.js';
import { decideWithSql, indexForSqlBaseline } from '../baselines/sql-check.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { BENCH_ADMIN_KEY, BENCH_ORG, pick, random } from '../world.js';

export interface HttpBudget {
  seconds: number;
  rounds: number;
  connections: number;
}

/** The compiled load generator (next to this file in dist/, or in dist/ when run from source). */
const LOAD_SCRIPT = [
  fileURLToPath(new URL('../load.js', import.meta.url)),
  fileURLToPath(new URL('../../dist/bench/load.js', import.meta.url)),
].find((file) => existsSync(file));

/** This process's CPU affinity mask (hex, as `taskset -p` prints it), or null without taskset. */
export function affinityMask(): string | null {
  try {
    const out = execFileSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' });
    return /:\s*([0-9a-f]+)\s*$/i.exec(out)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** One autocannon run in a child process (on core 1 when taskset is there). */
export function load(
  spec: object,
  pinned: boolean,
): Promise<{ requestsPerSecond: number; errors: number }> {
  if (LOAD_SCRIPT === undefined) throw new Error('build first: dist/bench/load.js is missing');
  const args = [LOAD_SCRIPT, JSON.stringify(spec)];
  const [command, argv] = pinned
    ? ['taskset', ['-c', '1', process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout.trim()) as { requestsPerSecond: number; errors: number });
    });
  });
}

/** User read/export/download checks of random pages, as request bodies. */
export function bodies(bench: BenchWorld, count: number): string[] {
  const rnd = random(11);
  const actions = ['read', 'export', 'downloadAttachment'];
  return Array.from({ length: count }, () =>
    JSON.stringify({
      subject: { type: 'user', accountId: pick(rnd, bench.world.accountIds) },
      action: pick(rnd, actions),
      resource: { type: 'page', id: pick(rnd, bench.world.pageIds) },
    }),
  );
}

/** The answer of the first allowed check of the mix, as the check route sends it. */
function typicalAnswer(bench: BenchWorld, checks: string[]) {
  for (const body of checks) {
    const request = JSON.parse(body) as CheckRequest;
    const decision = decide(bench.facts(), request);
    if (decision.decision === 'allow') return presentDecision(decision, request);
  }
  throw new Error('no allowed check in the mix');
}

/**
 * POST …/check over a real socket against two routes in the same server: one validating the same
 * body and answering a constant JSON — one real allowed decision of the mix, through the same
 * response schema, so both send answers of the same size (the floor) — and one deciding with one
 * SQL query. Runs alternate A/B/C.
 */
export async function measureHttp(
  bench: BenchWorld,
  budget: HttpBudget,
  log: Log,
): Promise<Result[]> {
  await indexForSqlBaseline(bench.storage);
  const config = resolveConfig({ logLevel: 'silent' }, {});
  const app = await buildApp(
    config,
    { storage: bench.storage, index: bench.index },
    { logger: false },
  );
  const checks = bodies(bench, 256);
  const constant = typicalAnswer(bench, checks);
  app.post(
    '/bench/orgs/:orgId/constant',
    { schema: { params: OrgParams, body: CheckBody, response: { 200: DecisionResponse } } },
    () => constant,
  );
  app.post(
    '/bench/orgs/:orgId/sql-check',
    { schema: { params: OrgParams, body: CheckBody } },
    async (request) => {
      const { orgId } = request.params;
      authenticateAdmin(request, bench.index.snapshot(), orgId, `Organization ${orgId} not found`);
      const { subject, action, resource } = request.body;
      return decideWithSql(
        bench.storage,
        bench.facts(),
        orgId,
        subject.type === 'user' ? subject.accountId : '',
        action,
        resource.id ?? '',
      );
    },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const mask = availableParallelism() >= 2 ? affinityMask() : null;
  const pinned = mask !== null;
  if (pinned) execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${address.port}`;
  const routes = {
    check: `${base}/gatehouse/v1/orgs/${BENCH_ORG}/check`,
    constant: `${base}/bench/orgs/${BENCH_ORG}/constant`,
    sql: `${base}/bench/orgs/${BENCH_ORG}/sql-check`,
  };
  const spec = {
    headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}` },
    bodies: checks,
    connections: budget.connections,
    seconds: budget.seconds,
  };
  const totals = { check: 0, constant: 0, sql: 0 };
  let errors = 0;
  try {
    for (let round = 0; round < budget.rounds; round++) {
      for (const name of ['check', 'constant', 'sql'] as const) {
        const run = await load({ ...spec, url: routes[name] }, pinned);
        totals[name] += run.requestsPerSecond / budget.rounds;
        errors += run.errors;
        log(`http round ${round + 1} ${name}: ${run.requestsPerSecond.toFixed(0)} req/s`);
      }
    }
  } finally {
    if (mask !== null)
      execFileSync('taskset', ['-p', mask, String(process.pid)], { stdio: 'ignore' });
    await app.close();
  }
  if (errors > 0) log(`http: ${errors} errors or non-2xx responses`);
  return [
    result(
      'POST /check req/s vs constant route',
      'req/s',
      totals.check,
      totals.constant,
      '≥ 0.85×',
      (r) => r >= 0.85,
    ),
    result(
      'POST /check req/s vs one-SQL-query route',
      'req/s',
      totals.check,
      totals.sql,
      '≥ 1.8×',
      (r) => r >= 1.8,
    ),
  ];
}
