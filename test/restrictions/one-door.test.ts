import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import { ORG, admin, allApps, spaceAri } from '../admin/helpers.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';

const EXPORTER = 'Bearer exporter-app-token';
const R = (id: string) => `/wiki/rest/api/content/${id}/restriction`;

/**
 * The one door on the restriction endpoints (R10, R11 through the engine, D14): the issue's
 * reproduction. With a published appAccess CONTAINER block for all apps on space 10005 (and the
 * ORG allow it needs), the exporter app is blocked from page 98305 — and gets the same 404 from
 * every restriction endpoint that the content endpoints give, writing nothing.
 */
describe.each(DIALECTS)('one door on the restriction endpoints on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
    const api = admin(t);
    const org = await api.draft({
      level: 'ORG',
      rule: { appAccess: { effect: 'allow' } },
      subject: allApps,
    });
    const block = await api.draft({
      level: 'CONTAINER',
      rule: { appAccess: { effect: 'block' } },
      subject: allApps,
    });
    expect(
      (await api.resources(block, [{ operation: 'ADD', resourceAri: spaceAri('10005') }]))
        .statusCode,
    ).toBe(204);
    const published = await api.publish('appAccess', [
      { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      { policyId: block, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
    ]);
    expect(published.statusCode, published.body).toBe(202);
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: EXPORTER },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('R10 R11 D14 a blocked app gets 404 from every restriction endpoint, as from the content ones, and writes nothing', async () => {
    expect((await call('GET', '/wiki/api/v2/pages/98305')).statusCode).toBe(404);
    expect((await call('GET', '/wiki/rest/api/content/98305')).statusCode).toBe(404);
    const check = await t.app.inject({
      method: 'POST',
      url: `/gatehouse/v1/orgs/${ORG}/check`,
      headers: { authorization: 'Bearer gh-demo-admin-key-0001' },
      payload: {
        subject: { type: 'app', ari: 'ari:cloud:ecosystem::connect-app/com.acme.exporter' },
        action: 'restrict',
        resource: { type: 'page', id: '98305' },
      },
    });
    expect(check.json()).toMatchObject({ decision: 'deny' });
    expect(check.json().reasons.map((r: { rule: string }) => r.rule)).toContain('D14');

    const before = await latestRevision(t.storage.db);
    const body = [
      { operation: 'read', restrictions: { user: [{ accountId: '557058:app-exporter' }] } },
    ];
    for (const [method, url, payload] of [
      ['GET', R('98305'), undefined],
      ['GET', `${R('98305')}/byOperation`, undefined],
      ['GET', `${R('98305')}/byOperation/read`, undefined],
      ['PUT', R('98305'), body],
      ['POST', R('98305'), body],
      ['DELETE', R('98305'), undefined],
      ['PUT', `${R('98305')}/byOperation/read/user?accountId=557058:app-exporter`, undefined],
      ['DELETE', `${R('98305')}/byOperation/read/user?accountId=557058:app-exporter`, undefined],
      [
        'PUT',
        `${R('98305')}/byOperation/read/byGroupId/6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b01`,
        undefined,
      ],
      ['GET', `${R('98305')}/byOperation/read/group/engineering`, undefined],
    ] as const) {
      const res = await call(method, url, payload);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
      expect(res.json().message).toMatch(/^No content found with id: 98305/);
    }
    expect(await latestRevision(t.storage.db)).toBe(before);
    // the same app still reads and restricts where it is not blocked (space 10007, its own page)
    expect((await call('GET', R('98330'))).statusCode).toBe(200);
  });
});
