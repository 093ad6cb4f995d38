import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, basic, demoTenant, startTestApp, type TestApp } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

const twoSites = () => {
  const tenant = demoTenant();
  tenant.orgs.push(smallTenant().orgs[0]!);
  return tenant;
};
const PATH = '/wiki/rest/api/content/98305/restriction';
const ada = basic('ada@acme.test', 'ada-token');

describe.each(DIALECTS)('site routing with several sites on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('a plain /wiki path needs --default-site once several sites exist', async () => {
    t = await startTestApp(dialect, twoSites());
    const plain = await t.app.inject({ url: PATH, headers: { authorization: ada } });
    expect(plain.statusCode).toBe(404);
    expect(plain.json().message).toMatch(/^Several sites exist: use Host/);
    const byHost = await t.app.inject({
      url: PATH,
      headers: { authorization: ada, host: 'ACME.localhost:8080' },
    });
    expect(byHost.statusCode).toBe(200);
    const byGateway = await t.app.inject({
      url: `/ex/confluence/ee3c3183-3d6e-4077-8053-676d62c40929${PATH}`,
      headers: { authorization: ada },
    });
    expect(byGateway.statusCode).toBe(200);
    // a user of one org is unknown on another org's site: 401, never anonymous
    const wrongSite = await t.app.inject({
      url: PATH,
      headers: { authorization: ada, host: 'small.localhost' },
    });
    expect(wrongSite.statusCode).toBe(401);
  });

  it('--default-site names the site plain paths address', async () => {
    t = await startTestApp(dialect, twoSites(), { defaultSite: 'acme' });
    const plain = await t.app.inject({ url: PATH, headers: { authorization: ada } });
    expect(plain.statusCode).toBe(200);
    const other = await t.app.inject({
      url: '/wiki/rest/api/content/1/restriction',
      headers: { host: 'small.localhost', authorization: basic('ada@small.test', 'ada-token') },
    });
    expect(other.statusCode).toBe(200);
  });

  it('an unknown default site is a 404 that names it', async () => {
    t = await startTestApp(dialect, twoSites(), { defaultSite: 'nowhere' });
    const res = await t.app.inject({ url: PATH, headers: { authorization: ada } });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('Default site nowhere does not exist');
  });
});
