import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { resolveConfig } from '../../src/config.js';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { DIALECTS, demoTenant, openTestStorage, type TestStorage } from '../support/harness.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';

/**
 * A server listens before its index is loaded: liveness at once, readiness with the load's
 * progress, and every API a 503 with Retry-After in its own format until the index is ready.
 */
describe.each(DIALECTS)('listening while the index loads on %s', (dialect) => {
  let test: TestStorage;
  let app: FastifyTypebox;
  let index: WorldIndex;
  beforeAll(async () => {
    test = await openTestStorage(dialect);
    await importTenant(test.storage, demoTenant(), 'demo');
    index = WorldIndex.create(test.storage);
    const config = resolveConfig({ logLevel: 'silent' }, {});
    app = await buildApp(config, { storage: test.storage, index }, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await test.dispose();
  });

  it('answers /healthz at once, /readyz 503 with progress, the APIs 503 with Retry-After, then all', async () => {
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const loading = await app.inject({ url: '/readyz' });
    expect(loading.statusCode).toBe(503);
    expect(loading.json()).toEqual({ status: 'loading', progress: 0 });
    const check = () =>
      app.inject({
        method: 'POST',
        url: `/gatehouse/v1/orgs/${ORG}/check`,
        headers: { authorization: 'Bearer gh-demo-admin-key-0001' },
        payload: {
          subject: { type: 'anonymous' },
          action: 'read',
          resource: { type: 'page', id: '98330' },
        },
      });
    for (const res of [
      await check(),
      await app.inject({ url: '/wiki/rest/api/content/98330' }),
      await app.inject({ url: `/admin/control/v2/orgs/${ORG}/policies` }),
    ]) {
      expect(res.statusCode, res.body).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toMatch(/loading its index/);
    }
    expect((await app.inject({ url: '/wiki/rest/api/content/98330' })).json()).toMatchObject({
      statusCode: 503,
    });
    await index.rebuild();
    expect(index.progress).toBe(1);
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    expect((await check()).statusCode).toBe(200);
  });
});
