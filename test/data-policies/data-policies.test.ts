import { afterEach, describe, expect, it } from 'vitest';
import type { TenantPolicy } from '../../src/tenant/schema.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { openApiDocErrors } from '../support/openapi.js';
import { APP, ARI, SPACE, as, policy, request, v2Error, world } from '../classification/helpers.js';

const META = '/wiki/api/v2/data-policies/metadata';
const SPACES = '/wiki/api/v2/data-policies/spaces';

interface SpaceRow {
  id: string;
  key: string;
  dataPolicy: { anyContentBlocked: boolean };
}

const reportsPolicy = (
  coverage: TenantPolicy['coverageLevel'],
  effect: 'block' | 'allow',
  resources: string[] = [],
) =>
  policy(coverage, 'appAccess', effect, resources, {
    subject: { subjectType: 'marketplaceApp', subjectId: APP.reports },
  });

describe.each(DIALECTS)('data policies for apps on %s', (dialect) => {
  let t: TestApp;
  const call = request(() => t);
  const start = async (policies: TenantPolicy[], exemptExporter = false) => {
    t = await startTestApp(
      dialect,
      world(policies, (file) => {
        if (exemptExporter) file.orgs[0]!.apps![0]!.exempt = true;
      }),
    );
  };
  const blockedSpaces = async (who: string) => {
    const res = await call('GET', SPACES, who);
    expect(res.statusCode).toBe(200);
    return (res.json().results as SpaceRow[])
      .filter((s) => s.dataPolicy.anyContentBlocked)
      .map((s) => s.id);
  };
  const anyBlocked = async (who: string) => (await call('GET', META, who)).json().anyContentBlocked;
  afterEach(async () => {
    await t.close();
  });

  it('E13 only apps can make these requests: users and anonymous callers get 401', async () => {
    await start([]);
    for (const url of [META, SPACES]) {
      for (const who of [as.ada, as.sam, '']) {
        const res = await call('GET', url, who);
        expect(res.statusCode, `${url} ${who}`).toBe(401);
        expect(v2Error(res)).toMatchObject({
          code: 'UNAUTHORIZED',
          detail: 'Only apps can make this request',
        });
      }
      expect((await call('GET', url, as.reports)).statusCode).toBe(200);
    }
    const meta = (await call('GET', META, as.reports)).json();
    expect(meta).toEqual({ anyContentBlocked: false });
    expect(openApiDocErrors('confluence-v2', 'DataPolicyMetadata', meta)).toEqual([]);
  });

  it('E14 anyContentBlocked follows appAccess for the calling app; exempt apps are never blocked', async () => {
    await start(
      [
        policy('ORG', 'appAccess', 'allow'),
        policy('CONTAINER', 'appAccess', 'block', [ARI.space(SPACE.fin)]),
      ],
      true,
    );
    expect(await anyBlocked(as.reports)).toBe(true);
    expect(await blockedSpaces(as.reports)).toEqual([SPACE.fin]);
    expect(await anyBlocked(as.exporter)).toBe(false);
    expect(await blockedSpaces(as.exporter)).toEqual([]);
    await t.close();
    // "allow some on selected spaces": all apps blocked, Reports allowed in PUB
    await start([
      policy('ORG', 'appAccess', 'block'),
      reportsPolicy('ORG', 'block'),
      reportsPolicy('CONTAINER', 'allow', [ARI.space(SPACE.pub)]),
    ]);
    expect(await blockedSpaces(as.reports)).toEqual([SPACE.eng, SPACE.fin]);
    expect(await blockedSpaces(as.exporter)).toEqual([SPACE.eng, SPACE.fin, SPACE.pub]);
    await t.close();
    await start([policy('ORG', 'appAccess', 'allow')]);
    expect(await anyBlocked(as.reports)).toBe(false);
  });

  it('E15 spaces: by id, filters, sort, limit and cursor with a Link header', async () => {
    await start([
      policy('ORG', 'appAccess', 'allow'),
      policy('CONTAINER', 'appAccess', 'block', [ARI.space(SPACE.eng)]),
    ]);
    const all = await call('GET', SPACES, as.reports);
    const body = all.json() as { results: SpaceRow[]; _links: { next?: string; base: string } };
    expect(body.results.map((s) => s.key)).toEqual(['ENG', 'FIN', 'PUB']);
    expect(body._links.next).toBeUndefined();
    expect(body._links.base).toMatch(/\/wiki$/);
    expect(all.headers.link).toBeUndefined();
    for (const row of body.results) {
      expect(openApiDocErrors('confluence-v2', 'DataPolicySpace', row)).toEqual([]);
    }
    const first = await call('GET', `${SPACES}?limit=2`, as.reports);
    const page1 = first.json() as { results: SpaceRow[]; _links: { next: string } };
    expect(page1.results.map((s) => s.id)).toEqual([SPACE.eng, SPACE.fin]);
    expect(first.headers.link).toBe(
      `<${page1._links.next}>; rel="next", <${body._links.base}>; rel="base"`,
    );
    const second = await call('GET', page1._links.next, as.reports);
    expect(second.json().results.map((s: SpaceRow) => s.id)).toEqual([SPACE.pub]);
    expect(second.json()._links.next).toBeUndefined();
    const ids = async (query: string) =>
      ((await call('GET', `${SPACES}?${query}`, as.reports)).json().results as SpaceRow[]).map(
        (s) => s.key,
      );
    expect(await ids(`ids=${SPACE.pub},${SPACE.eng}`)).toEqual(['ENG', 'PUB']);
    expect(await ids(`ids=${SPACE.pub}&ids=${SPACE.fin}`)).toEqual(['FIN', 'PUB']);
    expect(await ids('keys=FIN')).toEqual(['FIN']);
    expect(await ids('ids=99999')).toEqual([]);
    expect(await ids('sort=-name')).toEqual(['PUB', 'FIN', 'ENG']);
    expect(await ids('sort=-id&limit=1')).toEqual(['PUB']);
    for (const bad of [
      'limit=0',
      'limit=251',
      'sort=size',
      'cursor=nonsense',
      Array.from({ length: 251 }, (_, i) => `ids=${i}`).join('&'),
    ]) {
      const res = await call('GET', `${SPACES}?${bad}`, as.reports);
      expect(res.statusCode, bad).toBe(400);
      expect(v2Error(res).code).toBe('INVALID_REQUEST_PARAMETER');
    }
  });
});
