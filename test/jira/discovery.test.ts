import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, demoTenant, startTestApp, type TestApp } from '../support/harness.js';
import { responseErrors, schemaErrors } from '../support/jira-openapi.js';
import { call } from './helpers.js';

const CLOUD = 'ee3c3183-3d6e-4077-8053-676d62c40929';

/** Two sites, so Host routing matters; the demo site is `acme`. */
function twoSites() {
  const tenant = demoTenant();
  tenant.orgs[0]!.sites!.push({ cloudId: 'cloud-other', name: 'other', products: ['confluence'] });
  return tenant;
}

describe.each(DIALECTS)('discovery on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, twoSites());
  });
  afterAll(async () => {
    await t.close();
  });

  it('J36 /_edge/tenant_info answers the cloudId of the site the Host names, without credentials', async () => {
    const acme = await call(t, 'GET', '/_edge/tenant_info', 'anonymous', undefined, {
      host: 'acme.localhost:8080',
    });
    expect(acme.status).toBe(200);
    expect(acme.json()).toEqual({ cloudId: CLOUD });
    const other = await call(t, 'GET', '/_edge/tenant_info', 'anonymous', undefined, {
      host: 'other.localhost',
    });
    expect(other.json()).toEqual({ cloudId: 'cloud-other' });
    const none = await call(t, 'GET', '/_edge/tenant_info');
    expect(none.status).toBe(404);
    const unknown = await call(t, 'GET', '/_edge/tenant_info', 'anonymous', undefined, {
      host: 'nope.localhost',
    });
    expect(unknown.status).toBe(404);
  });

  it('J37 GET /wiki/api/v2/spaces lists only the spaces the caller may view, in v2 shapes, paged', async () => {
    const host = { host: 'acme.localhost' };
    const ada = await call(t, 'GET', '/wiki/api/v2/spaces', 'ada', undefined, host);
    expect(ada.status).toBe(200);
    expect(responseErrors('confluence-v2-spaces', '/spaces', 'get', '200', ada.json())).toEqual([]);
    const ids = (a: typeof ada) => a.json<{ results: { id: string }[] }>().results.map((s) => s.id);
    expect(ids(ada)).toEqual(['10005', '10007']);
    const fiona = await call(t, 'GET', '/wiki/api/v2/spaces', 'fiona', undefined, host);
    expect(ids(fiona)).toEqual(['10005', '10006', '10007']);
    const anonymous = await call(t, 'GET', '/wiki/api/v2/spaces', 'anonymous', undefined, host);
    expect(ids(anonymous)).toEqual(['10007']);

    const page1 = await call(
      t,
      'GET',
      '/wiki/api/v2/spaces?limit=2&sort=-key',
      'fiona',
      undefined,
      host,
    );
    const body = page1.json<{
      results: { key: string }[];
      _links: { next: string; base: string };
    }>();
    expect(body.results.map((s) => s.key)).toEqual(['PUB', 'FIN']);
    expect(page1.headers.link).toContain('rel="next"');
    const page2 = await call(t, 'GET', body._links.next, 'fiona', undefined, host);
    expect(page2.json<{ results: { key: string }[] }>().results.map((s) => s.key)).toEqual(['ENG']);

    const filtered = await call(
      t,
      'GET',
      '/wiki/api/v2/spaces?keys=FIN,PUB&ids=10006',
      'fiona',
      undefined,
      host,
    );
    expect(ids(filtered)).toEqual(['10006']);
    for (const query of ['type=personal', 'status=archived', 'labels=x', 'favorited-by=me']) {
      const none = await call(t, 'GET', `/wiki/api/v2/spaces?${query}`, 'fiona', undefined, host);
      expect(ids(none), query).toEqual([]);
    }
    const bad = await call(t, 'GET', '/wiki/api/v2/spaces?cursor=nope', 'ada', undefined, host);
    expect(bad.status).toBe(400);
    const badSort = await call(t, 'GET', '/wiki/api/v2/spaces?sort=owner', 'ada', undefined, host);
    expect(badSort.status).toBe(400);
    expect(badSort.json<{ errors: unknown[] }>().errors).toHaveLength(1);
  });

  it('J38 GET /wiki/api/v2/spaces/{id} answers a visible space and 404 for a hidden one', async () => {
    const host = { host: 'acme.localhost' };
    const eng = await call(
      t,
      'GET',
      '/wiki/api/v2/spaces/10005?description-format=plain',
      'ada',
      undefined,
      host,
    );
    expect(eng.status).toBe(200);
    expect(schemaErrors('confluence-v2-spaces', 'SpaceSingle', eng.json())).toEqual([]);
    expect(eng.json()).toMatchObject({
      id: '10005',
      key: 'ENG',
      type: 'global',
      status: 'current',
      homepageId: '98305',
      description: { plain: { representation: 'plain', value: '' } },
      _links: { webui: '/spaces/ENG', base: 'http://acme.localhost/wiki' },
    });
    const hidden = await call(t, 'GET', '/wiki/api/v2/spaces/10006', 'ada', undefined, host);
    expect(hidden.status).toBe(404);
    const missing = await call(t, 'GET', '/wiki/api/v2/spaces/424242', 'ada', undefined, host);
    expect(missing.status).toBe(404);
    expect(missing.text.replace('424242', 'ID')).toBe(hidden.text.replace('10006', 'ID'));
  });
});
