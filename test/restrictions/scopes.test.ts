import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, demoTenant, startTestApp, type TestApp } from '../support/harness.js';

const R = (id: string) => `/wiki/rest/api/content/${id}/restriction`;

/** R15 for every combination of the two scopes, on an otherwise unrestricted page. */
describe.each(DIALECTS)('R15 app scopes on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    const tenant = demoTenant();
    const apps = tenant.orgs[0]!.apps!;
    apps.push(
      {
        ...apps[0]!,
        ari: 'ari:cloud:ecosystem::connect-app/w',
        key: 'w',
        token: 'write-only',
        accountId: 'app-w',
        scopes: ['write:confluence-content'],
      },
      {
        ...apps[0]!,
        ari: 'ari:cloud:ecosystem::connect-app/n',
        key: 'n',
        token: 'no-scopes',
        accountId: 'app-n',
        scopes: [],
      },
    );
    t = await startTestApp(dialect, tenant);
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: 'GET' | 'DELETE', token: string) =>
    t.app.inject({ method, url: R('98305'), headers: { authorization: `Bearer ${token}` } });

  it('R15 read needs read:confluence-content.all, write needs write:confluence-content', async () => {
    const cases: [string, number, number][] = [
      ['exporter-app-token', 200, 200],
      ['reports-app-token', 200, 401],
      // The write scope passes, but without the read scope the app has no space read (R6): 404.
      ['write-only', 401, 404],
      ['no-scopes', 401, 401],
    ];
    for (const [token, read, write] of cases) {
      const got = await call('GET', token);
      expect(got.statusCode, token).toBe(read);
      if (read === 401) expect(got.json().message).toMatch(/scope does not match/);
      const del = await call('DELETE', token);
      expect(del.statusCode, token).toBe(write);
      if (write === 401)
        expect(del.json()).toMatchObject({
          statusCode: 401,
          message: expect.stringMatching(/scope does not match/),
        });
    }
  });
});
