import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { resolveConfig } from '../../src/config.js';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import { ChangeFeed } from '../../src/index/change-feed.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { errorFormatMismatch, type Family } from '../support/error-formats.js';
import { ADA, ADA_BASIC, ADMIN_KEY, ORG, demoSecrets } from '../support/fuzz-target.js';
import { demoTenant } from '../support/harness.js';
import {
  createTestDatabase,
  startPostgresCluster,
  type PostgresCluster,
} from '../support/postgres-cluster.js';

const FIONA = '5b10ac8d82e05b22cc7d4ef8';
const PAGE = '98306';
const RESTRICTION = `/wiki/rest/api/content/${PAGE}/restriction`;
const POLICIES = `/admin/control/v2/orgs/${ORG}/policies`;
const admin = { authorization: `Bearer ${ADMIN_KEY}` };

interface Instance {
  storage: Storage;
  index: WorldIndex;
  feed: ChangeFeed;
  app: FastifyTypebox;
  connectionErrors: number;
  close(): Promise<void>;
}

/** One Gatehouse: its own pool, index, change feed (quick reconnects) and app. */
async function startInstance(url: string): Promise<Instance> {
  const instance = { connectionErrors: 0 } as Instance;
  const storage = await openStorage(
    { kind: 'postgres', url },
    { onConnectionError: () => instance.connectionErrors++ },
  );
  const index = await WorldIndex.load(storage);
  const feed = await ChangeFeed.start(storage, index, {
    reconnectDelayMs: 50,
    maxReconnectDelayMs: 400,
  });
  const app = await buildApp(
    resolveConfig({ logLevel: 'silent' }, {}),
    { storage, index },
    {
      logger: false,
    },
  );
  await app.ready();
  return Object.assign(instance, {
    storage,
    index,
    feed,
    app,
    async close() {
      await feed.close();
      await app.close();
      await storage.close();
    },
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const restrictTo = (accountIds: string[]) => ({
  method: 'PUT' as const,
  url: RESTRICTION,
  headers: { authorization: ADA_BASIC },
  payload: [
    { operation: 'read', restrictions: { user: accountIds.map((accountId) => ({ accountId })) } },
  ],
});

describe('PostgreSQL stops (-m immediate) under write load and comes back', () => {
  let cluster: PostgresCluster;
  let url: string;
  let g: Instance;
  let policyId: string;

  beforeAll(async () => {
    cluster = await startPostgresCluster({ crashSafe: true });
    url = (await createTestDatabase(cluster.url)).url;
    const seed = await openStorage({ kind: 'postgres', url });
    await importTenant(seed, demoTenant(), 'demo');
    await seed.close();
    g = await startInstance(url);
    const draft = await g.app.inject({
      method: 'POST',
      url: POLICIES,
      headers: admin,
      payload: {
        data: {
          type: 'policy',
          attributes: {
            type: 'data-security',
            name: 'w-0',
            metadata: { policyCoverageLevel: 'ORG' },
            rule: { export: { effect: 'block' } },
          },
        },
      },
    });
    expect(draft.statusCode, draft.body).toBe(202);
    policyId = (draft.json() as { data: { id: string } }).data.id;
  }, 120_000);

  afterAll(async () => {
    await g?.close();
    await cluster?.stop();
  });

  const decision = async (accountId: string) => {
    const res = await g.app.inject({
      method: 'POST',
      url: `/gatehouse/v1/orgs/${ORG}/check`,
      headers: admin,
      payload: {
        subject: { type: 'user', accountId },
        action: 'read',
        resource: { type: 'page', id: PAGE },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { decision: string }).decision;
  };

  const expect503 = (
    res: { statusCode: number; headers: Record<string, unknown>; body: string },
    family: Family,
  ) => {
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(errorFormatMismatch(family, 503, JSON.parse(res.body))).toBeNull();
    for (const secret of demoSecrets()) expect(res.body).not.toContain(secret);
    expect(res.body).not.toMatch(/ECONNREFUSED|terminat|select|at \//i);
  };

  it('F8 writes in flight when the server dies fail with 503, never 500, and the process keeps serving', async () => {
    let stop = false;
    const statuses = new Map<number, number>();
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const res =
          n % 2 === 0
            ? await g.app.inject(restrictTo(i % 2 ? [ADA] : []))
            : await g.app.inject({
                method: 'PUT',
                url: `${POLICIES}/${policyId}`,
                headers: admin,
                payload: {
                  data: {
                    type: 'policy',
                    attributes: {
                      type: 'data-security',
                      name: `w-${n}-${i}`,
                      metadata: { policyCoverageLevel: 'ORG' },
                      rule: { export: { effect: 'block' } },
                    },
                  },
                },
              });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 503) {
          expect503(res, n % 2 === 0 ? 'confluence-v1' : 'admin');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, n) => writer(n));
    await new Promise((resolve) => setTimeout(resolve, 400));
    await cluster.halt('immediate');
    await new Promise((resolve) => setTimeout(resolve, 400));
    stop = true;
    await Promise.all(writers);
    console.log(
      `F8 statuses under load across -m immediate: ${JSON.stringify(Object.fromEntries(statuses))}; pool connection errors heard: ${g.connectionErrors}`,
    );
    expect([...statuses.keys()].sort()).toEqual([200, 202, 503]);
    expect((await g.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('F9 while it is down: /readyz 503, what the index answers keeps answering, writes and reads that need the database 503 with Retry-After', async () => {
    expect503(await g.app.inject({ url: '/readyz' }), 'gatehouse');
    expect((await g.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ada = { authorization: ADA_BASIC };
    const app = { authorization: 'Bearer exporter-app-token' };
    const check = {
      subject: { type: 'user', accountId: FIONA },
      action: 'read',
      resource: { type: 'page', id: PAGE },
    };
    const fromIndex: [string, string, Record<string, string>, object?][] = [
      ['GET', RESTRICTION, ada],
      [
        'GET',
        `${RESTRICTION}/byOperation/read/byGroupId/6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b01`,
        ada,
      ],
      ['GET', `/wiki/rest/api/content/${PAGE}`, ada],
      ['GET', `/wiki/api/v2/pages/${PAGE}`, ada],
      ['GET', '/wiki/api/v2/spaces/10005/pages', ada],
      ['GET', '/wiki/rest/api/content/98305/child/attachment', ada],
      ['GET', '/wiki/api/v2/attachments/att10001', ada],
      [
        'POST',
        `/wiki/rest/api/content/${PAGE}/permission/check`,
        ada,
        { subject: { type: 'user', identifier: ADA }, operation: 'read' },
      ],
      ['GET', `/wiki/api/v2/pages/${PAGE}/operations`, ada],
      ['GET', '/wiki/api/v2/data-policies/metadata', app],
      ['GET', '/wiki/api/v2/data-policies/spaces', app],
      ['GET', '/wiki/api/v2/classification-levels', ada],
      ['GET', `/wiki/api/v2/pages/${PAGE}/classification-level`, ada],
      ['GET', '/wiki/api/v2/spaces/10005/classification-level/default', ada],
      ['POST', `/gatehouse/v1/orgs/${ORG}/check`, admin, check],
      [
        'POST',
        `/gatehouse/v1/orgs/${ORG}/list-resources`,
        admin,
        { subject: check.subject, action: 'read' },
      ],
    ];
    for (const [method, url, headers, payload] of fromIndex) {
      const res = await g.app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(payload ? { payload } : {}),
      });
      // 200, or the index's own 404 ("not listed"): an answer, not an outage.
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(500);
    }
    const needsDatabase: [string, string, Record<string, string>, Family, object?][] = [
      ['GET', `${POLICIES}/${policyId}`, admin, 'admin'],
      ['GET', POLICIES, admin, 'admin'],
      ['GET', `${POLICIES}/${policyId}/resources`, admin, 'admin'],
      ['GET', `/wiki/rest/api/content/${PAGE}?expand=body.storage`, ada, 'confluence-v1'],
      ['GET', `/wiki/api/v2/pages/${PAGE}?body-format=storage`, ada, 'confluence-v2'],
      ['GET', `/wiki/spaces/flyingpdf/pdfpageexport.action?pageId=${PAGE}`, ada, 'confluence-v1'],
      ['GET', '/wiki/external/pl-7f3c1d2a', {}, 'confluence-v1'],
      ['PUT', RESTRICTION, ada, 'confluence-v1', restrictTo([ADA]).payload],
      [
        'PUT',
        `/wiki/api/v2/pages/${PAGE}/classification-level`,
        ada,
        'confluence-v2',
        { id: '28a6d272-0d95-4a81-baea-a0660f490afc', status: 'current' },
      ],
      ['DELETE', `/admin/control/v1/orgs/${ORG}/policies/${policyId}`, admin, 'admin'],
    ];
    for (const [method, url, headers, family, payload] of needsDatabase) {
      expect503(
        await g.app.inject({
          method: method as 'GET',
          url,
          headers,
          ...(payload ? { payload } : {}),
        }),
        family,
      );
    }
    expect(['allow', 'deny']).toContain(await decision(FIONA));
  });

  it('F10 once it is back: /readyz 200 by itself, the feed listens again after a resync, and writes and wake-ups work', async () => {
    const resyncs = g.feed.resyncs;
    await cluster.resume();
    const waited = Date.now();
    await until('/readyz 200', async () =>
      (await g.app.inject({ url: '/readyz' })).statusCode === 200 ? true : undefined,
    );
    const readyAfter = Date.now() - waited;
    await until('feed listening after a resync', async () =>
      g.feed.listening && g.feed.resyncs > resyncs ? true : undefined,
    );
    // A write by another process reaches this instance by the feed's new connection.
    const other = await startInstance(url);
    try {
      const before = await decision(FIONA);
      const put = await other.app.inject(restrictTo(before === 'allow' ? [ADA] : []));
      expect(put.statusCode, put.body).toBe(200);
      const expected = before === 'allow' ? 'deny' : 'allow';
      await until('decision follows the other instance', async () =>
        (await decision(FIONA)) === expected ? true : undefined,
      );
    } finally {
      await other.close();
    }
    const write = await g.app.inject(restrictTo([]));
    expect(write.statusCode, write.body).toBe(200);
    console.log(
      `F10 /readyz 200 again ${readyAfter} ms after the restart began; feed resyncs ${g.feed.resyncs - resyncs}`,
    );
  });

  it('F10 a resync that fails right after reconnecting is retried until it works', async () => {
    const other = await startInstance(url);
    try {
      const resyncs = g.feed.resyncs;
      const pid = g.feed.backendPid;
      // The rebuild reads every table: without this one it fails until the table is back.
      await sql`alter table policies rename to policies_away`.execute(other.storage.db);
      await sql`select pg_terminate_backend(${pid})`.execute(other.storage.db);
      await until('listening again', async () =>
        g.feed.listening && g.feed.backendPid !== pid ? true : undefined,
      );
      const before = await decision(FIONA);
      const put = await other.app.inject(restrictTo(before === 'allow' ? [ADA] : []));
      expect(put.statusCode, put.body).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(g.feed.resyncs).toBe(resyncs);
      await sql`alter table policies_away rename to policies`.execute(other.storage.db);
      await until('resynced', async () => (g.feed.resyncs > resyncs ? true : undefined));
      expect(await decision(FIONA)).toBe(before === 'allow' ? 'deny' : 'allow');
    } finally {
      await sql`alter table if exists policies_away rename to policies`.execute(other.storage.db);
      await other.close();
    }
  });
});
