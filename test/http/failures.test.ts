import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { DIALECTS, openTestStorage } from '../support/harness.js';

describe.each(DIALECTS)('failures on %s', (dialect) => {
  it('/readyz is 503 once the database stops answering; an unexpected error is a 500 with a request id only', async () => {
    const test = await openTestStorage(dialect);
    const index = await WorldIndex.load(test.storage);
    const app = await buildApp(
      resolveConfig({}, {}),
      { storage: test.storage, index },
      { logger: false },
    );
    app.get('/gatehouse/boom', () => {
      throw new Error('secret detail: select * from users');
    });
    await app.ready();
    const boom = await app.inject({ url: '/gatehouse/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret');
    expect(boom.body).not.toContain('at ');
    expect(boom.json()).toMatchObject({
      requestId: boom.headers['x-request-id'],
      errors: [{ status: 500 }],
    });
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    await test.dispose();
    const down = await app.inject({ url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
