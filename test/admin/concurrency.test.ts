import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { DIALECTS, listenTestApp, type TestApp } from '../support/harness.js';
import { BASE, KEY, draftBody } from './helpers.js';

const PARALLEL = 12;

/**
 * P22 with real parallelism: two server instances on one database (each with its own connection
 * pool), hit over sockets at the same time. The org's policy lock serializes the writes, so one
 * control never ends up with two drafts or two published policies.
 */
describe.each(DIALECTS)('P22 concurrent writes from two instances on %s', (dialect) => {
  let first: TestApp & { url: string };
  let second: { app: FastifyTypebox; storage: Storage; url: string };
  beforeAll(async () => {
    first = await listenTestApp(dialect);
    const storage = await openStorage(first.target);
    const index = await WorldIndex.load(storage);
    const app = await buildApp(
      resolveConfig({ logLevel: 'silent', syncInterval: '50' }, {}),
      { storage, index },
      { logger: false },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    second = { app, storage, url: `http://127.0.0.1:${port}` };
  });
  afterAll(async () => {
    await second.app.close();
    await second.storage.close();
    await first.close();
  });

  const send = (i: number, path: string, body: unknown) =>
    fetch(`${i % 2 === 0 ? first.url : second.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const rows = (status: string, level: string) =>
    first.storage.db
      .selectFrom('policies')
      .select(['id', 'rules'])
      .where('status', '=', status)
      .where('coverage_level', '=', level)
      .execute();

  it('P22 parallel drafts for one control: exactly one is created', async () => {
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        send(i, BASE, draftBody({ level: 'ORG', rule: { export: { effect: 'allow' } } })),
      ),
    );
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 202)).toHaveLength(1);
    expect(codes.filter((c) => c === 400)).toHaveLength(PARALLEL - 1);
    expect(await rows('draft', 'ORG')).toHaveLength(1);
  });

  it('P22 parallel publishes of one control: one published policy remains', async () => {
    const [draft] = await rows('draft', 'ORG');
    const publish = {
      type: 'data-security',
      ruleName: 'export',
      policyOperations: [{ policyId: draft!.id, action: 'UPDATE', policyCoverageLevel: 'ORG' }],
    };
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => send(i, `${BASE}/publishDraftPolicies`, publish)),
    );
    // one publishes; the others find it published and leave it as it is (P15)
    expect(results.map((r) => r.status)).toEqual(Array(PARALLEL).fill(202));
    expect((await rows('published', 'ORG')).map((r) => r.id)).toEqual([draft!.id]);

    // A replacement drafted and published in parallel with itself: still one published policy.
    const created = await send(
      1,
      BASE,
      draftBody({ level: 'ORG', rule: { export: { effect: 'block' } } }),
    );
    expect(created.status).toBe(202);
    const replacement = ((await created.json()) as { data: { id: string } }).data.id;
    const again = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        send(i, `${BASE}/publishDraftPolicies`, {
          ...publish,
          policyOperations: [
            { policyId: replacement, action: 'UPDATE', policyCoverageLevel: 'ORG' },
          ],
        }),
      ),
    );
    expect(again.map((r) => r.status)).toEqual(Array(PARALLEL).fill(202));
    expect((await rows('published', 'ORG')).map((r) => r.id)).toEqual([replacement]);
    expect((await rows('deleted', 'ORG')).map((r) => r.id)).toEqual([draft!.id]);
  });
});
