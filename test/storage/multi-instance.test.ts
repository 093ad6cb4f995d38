import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { resolveConfig } from '../../src/config.js';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import { ChangeFeed } from '../../src/index/change-feed.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import {
  basic,
  DIALECTS,
  demoTenant,
  openTestStorage,
  type TestStorage,
} from '../support/harness.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
const KEY = 'gh-demo-admin-key-0001';
const ADA = '5b10ac8d82e05b22cc7d4ef5';
const FIONA = '5b10ac8d82e05b22cc7d4ef8';
const PAGE = '98305';

interface Instance {
  storage: Storage;
  index: WorldIndex;
  feed: ChangeFeed;
  app: FastifyTypebox;
  close(): Promise<void>;
}

/** One Gatehouse instance: its own pool, index, change feed and app — and no polling timer. */
async function startInstance(url: string): Promise<Instance> {
  const storage = await openStorage({ kind: 'postgres', url });
  const index = await WorldIndex.load(storage);
  const feed = await ChangeFeed.start(storage, index, { reconnectDelayMs: 50 });
  const config = resolveConfig({ logLevel: 'silent' }, {});
  const app = await buildApp(config, { storage, index }, { logger: false });
  await app.ready();
  return {
    storage,
    index,
    feed,
    app,
    async close() {
      await feed.close();
      await app.close();
      await storage.close();
    },
  };
}

async function decision(instance: Instance, accountId: string, action: string): Promise<string> {
  const res = await instance.app.inject({
    method: 'POST',
    url: `/gatehouse/v1/orgs/${ORG}/check`,
    headers: { authorization: `Bearer ${KEY}` },
    payload: {
      subject: { type: 'user', accountId },
      action,
      resource: { type: 'page', id: PAGE },
    },
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as { decision: string }).decision;
}

/** Polls for up to 5 s: the other instance must catch up well within that. */
async function eventually(read: () => Promise<string>, expected: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value === expected) return Date.now() - started;
    if (Date.now() - started > 5000) throw new Error(`still ${value} after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function until(condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 5000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** PostgreSQL only: skipped when GATEHOUSE_TEST_DIALECTS leaves it out. */
const onPostgres = DIALECTS.includes('postgres') ? describe : describe.skip;

onPostgres('several instances on one PostgreSQL database', () => {
  let db: TestStorage;
  let a: Instance;
  let b: Instance;

  beforeEach(async () => {
    db = await openTestStorage('postgres');
    await importTenant(db.storage, demoTenant(), 'demo');
    if (db.target.kind !== 'postgres') throw new Error('postgres only');
    a = await startInstance(db.target.url);
    b = await startInstance(db.target.url);
    expect(a.feed.listening && b.feed.listening).toBe(true);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await db.dispose();
  });

  it('a restriction written through A changes the decision on B', async () => {
    expect(await decision(b, FIONA, 'read')).toBe('allow');
    const put = await a.app.inject({
      method: 'PUT',
      url: `/wiki/rest/api/content/${PAGE}/restriction`,
      headers: { authorization: basic('ada@acme.test', 'ada-token') },
      payload: [{ operation: 'read', restrictions: { user: [{ accountId: ADA }] } }],
    });
    expect(put.statusCode).toBe(200);
    expect(await decision(a, FIONA, 'read')).toBe('deny');
    await eventually(() => decision(b, FIONA, 'read'), 'deny');
    expect(await decision(b, ADA, 'read')).toBe('allow');
  });

  it('a policy published through A changes the decision on B', async () => {
    expect(await decision(b, ADA, 'export')).toBe('allow');
    const headers = { authorization: `Bearer ${KEY}` };
    const created = await a.app.inject({
      method: 'POST',
      url: `/admin/control/v2/orgs/${ORG}/policies`,
      headers,
      payload: {
        data: {
          type: 'policy',
          attributes: {
            type: 'data-security',
            name: 'no exports',
            status: 'draft',
            metadata: { policyCoverageLevel: 'ORG' },
            rule: { export: { effect: 'block' } },
          },
        },
      },
    });
    expect(created.statusCode).toBe(202);
    const policyId = (created.json() as { data: { id: string } }).data.id;
    // A draft enforces nothing (D3): B still allows once it has seen the draft's change.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await decision(b, ADA, 'export')).toBe('allow');
    const published = await a.app.inject({
      method: 'POST',
      url: `/admin/control/v2/orgs/${ORG}/policies/publishDraftPolicies`,
      headers,
      payload: {
        type: 'data-security',
        ruleName: 'export',
        policyOperations: [{ policyId, action: 'UPDATE', policyCoverageLevel: 'ORG' }],
      },
    });
    expect(published.statusCode).toBeLessThan(300);
    await eventually(() => decision(b, ADA, 'export'), 'deny');
  });

  it('B catches up after its listening connection is killed (reconnect and full resync)', async () => {
    const pid = b.feed.backendPid;
    expect(pid).not.toBeNull();
    await sql`select pg_terminate_backend(${pid})`.execute(a.storage.db);
    // Written while B has no listener: no notification reaches B for this change, ever.
    const put = await a.app.inject({
      method: 'PUT',
      url: `/wiki/rest/api/content/${PAGE}/restriction`,
      headers: { authorization: basic('ada@acme.test', 'ada-token') },
      payload: [{ operation: 'read', restrictions: { user: [{ accountId: ADA }] } }],
    });
    expect(put.statusCode).toBe(200);
    await eventually(() => decision(b, FIONA, 'read'), 'deny');
    await until(() => b.feed.resyncs === 1 && b.feed.listening);
    expect(b.feed.backendPid).not.toBe(pid);
    // And the new connection wakes B again.
    const cleared = await a.app.inject({
      method: 'PUT',
      url: `/wiki/rest/api/content/${PAGE}/restriction`,
      headers: { authorization: basic('ada@acme.test', 'ada-token') },
      payload: [{ operation: 'read', restrictions: { user: [] } }],
    });
    expect(cleared.statusCode).toBe(200);
    await eventually(() => decision(b, FIONA, 'read'), 'allow');
  });

  it('without the feed (and no polling timer) B would not have seen the write', async () => {
    await b.feed.close();
    const put = await a.app.inject({
      method: 'PUT',
      url: `/wiki/rest/api/content/${PAGE}/restriction`,
      headers: { authorization: basic('ada@acme.test', 'ada-token') },
      payload: [{ operation: 'read', restrictions: { user: [{ accountId: ADA }] } }],
    });
    expect(put.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await decision(b, FIONA, 'read')).toBe('allow');
    await b.index.sync();
    expect(await decision(b, FIONA, 'read')).toBe('deny');
  });
});
