import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { DIALECTS, openTestStorage } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

describe.each(DIALECTS)('failures on %s', (dialect) => {
  it('/readyz is 503 once the database stops answering; an unexpected error is a 500 with a request id only', async () => {
    const test = await openTestStorage(dialect);
    await importTenant(test.storage, smallTenant(), 'small');
    const index = await WorldIndex.load(test.storage);
    const app = await buildApp(
      resolveConfig({}, {}),
      { storage: test.storage, index },
      { logger: false },
    );
    for (const path of [
      '/gatehouse/boom',
      '/admin/boom',
      '/wiki/rest/api/boom',
      '/wiki/api/v2/boom',
    ]) {
      app.get(path, () => {
        throw new Error('secret detail: select * from users');
      });
    }
    await app.ready();
    const boom = await app.inject({ url: '/gatehouse/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret');
    expect(boom.body).not.toContain('at ');
    expect(boom.json()).toMatchObject({
      requestId: boom.headers['x-request-id'],
      errors: [{ status: 500 }],
    });
    // each API's own 500 format: the request id, nothing of the error
    const admin = await app.inject({ url: '/admin/boom' });
    const adminId = admin.headers['x-request-id'];
    expect(admin.json()).toEqual({
      errors: [
        {
          id: adminId,
          status: '500',
          code: 'ADMIN-500',
          title: 'Internal Server Error',
          detail: `Internal server error (request id ${adminId})`,
        },
      ],
    });
    const v1 = await app.inject({ url: '/wiki/rest/api/boom' });
    expect(v1.statusCode).toBe(500);
    expect(v1.json()).toMatchObject({
      statusCode: 500,
      message: `Internal server error (request id ${v1.headers['x-request-id']})`,
    });
    const v2 = await app.inject({ url: '/wiki/api/v2/boom' });
    expect(v2.json()).toMatchObject({
      errors: [
        { status: 500, detail: `Internal server error (request id ${v2.headers['x-request-id']})` },
      ],
    });
    for (const res of [admin, v1, v2]) {
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toMatch(/secret|select|at \//);
    }
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    await test.dispose();
    const down = await app.inject({ url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
