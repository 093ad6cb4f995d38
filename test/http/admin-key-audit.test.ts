import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { resolveConfig } from '../../src/config.js';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { basic, demoTenant, openTestStorage, type TestStorage } from '../support/harness.js';

/** semantics §8 decision 8: every access through the admin key is recorded (one log line). */
describe('admin key accesses are recorded', () => {
  const lines: Record<string, unknown>[] = [];
  let test: TestStorage;
  let app: FastifyTypebox;

  beforeAll(async () => {
    test = await openTestStorage('sqlite');
    await importTenant(test.storage, demoTenant(), 'demo');
    const index = await WorldIndex.load(test.storage);
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    const config = resolveConfig({ logLevel: 'info' }, {});
    app = await buildApp(config, { storage: test.storage, index }, { logger: { stream } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await test.dispose();
  });

  const audits = () => lines.filter((line) => line.audit === 'admin-key');
  const get = (authorization: string, adminKey: boolean) =>
    app.inject({
      method: 'GET',
      url: '/wiki/rest/api/content/98320/restriction',
      headers: {
        authorization,
        ...(adminKey ? { 'atl-confluence-with-admin-key': 'true' } : {}),
      },
    });

  it('a site admin using the header is logged with who and what', async () => {
    const response = await get(basic('sam@acme.test', 'sam-token'), true);
    expect(response.statusCode).toBe(200);
    expect(audits()).toEqual([
      expect.objectContaining({
        accountId: '5b10ac8d82e05b22cc7d4ef9',
        method: 'GET',
        url: '/wiki/rest/api/content/98320/restriction',
      }),
    ]);
  });

  it('the header from a non-admin, or an admin without it, records nothing and grants nothing', async () => {
    lines.length = 0;
    expect((await get(basic('ada@acme.test', 'ada-token'), true)).statusCode).toBe(404);
    expect((await get(basic('sam@acme.test', 'sam-token'), false)).statusCode).toBe(404);
    expect(audits()).toEqual([]);
  });
});
