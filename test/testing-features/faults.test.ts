import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/http/faults/rate-limit.js';
import type { OrgAccess } from '../../src/http/schemas/orgs.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import {
  ADA,
  OPERATOR_KEY,
  PAT,
  createOrg,
  gatehouseError,
  inject,
  operator,
  orgDocument,
  userAuth,
  wiki,
} from './helpers.js';

const FAULTS = '/gatehouse/v1/faults';
const PAGE = '/wiki/api/v2/pages/98305';
const RESET = /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/;

describe.each(DIALECTS)('faults on demand on %s', (dialect) => {
  let t: TestApp;
  let org: OrgAccess;
  let other: OrgAccess;
  beforeAll(async () => {
    t = await startTestApp(dialect, null, { operatorKey: OPERATOR_KEY });
    org = await createOrg(t, orgDocument('faults-a'));
    other = await createOrg(t, orgDocument('faults-b'));
  });
  afterEach(async () => {
    await operator(t, 'DELETE', FAULTS);
  });
  afterAll(async () => {
    await t.close();
  });
  const setRules = async (rules: object[]) => {
    const res = await operator(t, 'PUT', FAULTS, { rules });
    expect(res.statusCode, res.body).toBe(200);
  };
  const ada = () => userAuth(org, ADA);
  const adminCall = (o: OrgAccess, method: 'GET' | 'POST' = 'GET', payload?: unknown) =>
    inject(
      t,
      method,
      `/admin/control/v2/orgs/${o.id}/policies`,
      `Bearer ${o.adminApiKeys[0]}`,
      payload,
    );

  it('G11 PUT sets the rules, GET lists them with fired counts, DELETE clears; the fault endpoints are never faulted', async () => {
    const put = await operator(t, 'PUT', FAULTS, {
      rules: [
        { api: 'gatehouse', status: 500 },
        { api: 'jira', times: 2, status: 503 },
      ],
    });
    expect(put.json()).toEqual({
      rules: [
        { api: 'gatehouse', status: 500, fired: 0 },
        { api: 'jira', times: 2, status: 503, fired: 0 },
      ],
    });
    expect((await inject(t, 'GET', '/healthz', undefined)).statusCode).toBe(500);
    expect((await inject(t, 'GET', '/healthz', undefined)).statusCode).toBe(500);
    const listed = await operator(t, 'GET', FAULTS);
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { rules: { fired: number }[] }).rules.map((r) => r.fired)).toEqual([
      2, 0,
    ]);
    expect((await operator(t, 'DELETE', FAULTS)).statusCode).toBe(204);
    expect((await operator(t, 'GET', FAULTS)).json()).toEqual({ rules: [] });
    expect((await inject(t, 'GET', '/healthz', undefined)).statusCode).toBe(200);
  });

  it('G12 rules match by API, method, path glob (served or as sent) and org', async () => {
    await setRules([
      { api: 'confluence-v2', method: 'get', path: '/wiki/api/v2/pages/*', status: 500 },
    ]);
    expect((await wiki(t, org, 'GET', PAGE, ada())).statusCode).toBe(500);
    expect((await wiki(t, org, 'GET', `${PAGE}/operations`, ada())).statusCode).toBe(200);
    expect((await wiki(t, org, 'GET', '/wiki/rest/api/content/98305', ada())).statusCode).toBe(200);
    expect((await wiki(t, org, 'POST', PAGE, ada(), {})).statusCode, 'POST is not GET').not.toBe(
      500,
    );

    await setRules([{ api: 'confluence-v2', path: '/wiki/**/operations', status: 502 }]);
    expect((await wiki(t, org, 'GET', `${PAGE}/operations`, ada())).statusCode).toBe(502);
    expect((await wiki(t, org, 'GET', PAGE, ada())).statusCode).toBe(200);

    await setRules([
      { api: 'confluence-v1', path: `/ex/confluence/${org.sites[0]!.cloudId}/**`, status: 503 },
    ]);
    expect((await wiki(t, org, 'GET', '/wiki/rest/api/content/98305', ada())).statusCode).toBe(503);
    expect(
      (await wiki(t, other, 'GET', '/wiki/rest/api/content/98305', userAuth(other, ADA)))
        .statusCode,
    ).toBe(200);

    await setRules([
      { api: 'confluence-v2', org: org.id, status: 500 },
      { api: 'admin', org: org.id, status: 500 },
    ]);
    expect((await wiki(t, org, 'GET', PAGE, ada())).statusCode).toBe(500);
    expect((await wiki(t, other, 'GET', PAGE, userAuth(other, ADA))).statusCode).toBe(200);
    expect((await adminCall(org)).statusCode).toBe(500);
    expect((await adminCall(other)).statusCode).toBe(200);
  });

  it("G13 a fault answers in the API's own error format; 429 carries Atlassian's rate-limit headers", async () => {
    await setRules([
      { api: 'admin', method: 'GET', status: 500 },
      { api: 'admin', method: 'POST', status: 403 },
      { api: 'confluence-v1', status: 503, retryAfter: 7 },
      { api: 'confluence-v2', status: 429 },
      { api: 'jira', status: 429, retryAfter: 30 },
      { api: 'gatehouse', status: 502 },
    ]);
    const admin500 = await adminCall(org);
    expect(admin500.statusCode).toBe(500);
    expect(admin500.json()).toMatchObject({
      errors: [{ status: '500', title: 'Internal Server Error' }],
    });
    const admin403 = await adminCall(org, 'POST', {});
    expect(admin403.json()).toEqual({ code: 403, message: 'Injected fault: 403' });
    const v1 = await wiki(t, org, 'GET', '/wiki/rest/api/content/98305', ada());
    expect(v1.statusCode).toBe(503);
    expect(v1.headers['retry-after']).toBe('7');
    expect(v1.json()).toMatchObject({
      statusCode: 503,
      data: { successful: false },
      reason: 'Service Unavailable',
    });
    const v2 = await wiki(t, org, 'GET', PAGE, ada());
    expect(v2.statusCode).toBe(429);
    expect(v2.json()).toEqual({
      errors: [
        {
          status: 429,
          code: 'TOO_MANY_REQUESTS',
          title: 'Too Many Requests',
          detail: 'Rate limit exceeded.',
        },
      ],
    });
    expect(v2.headers['retry-after']).toBe('1');
    expect(v2.headers['x-gatehouse-fault']).toBe('injected');
    expect(v2.headers['x-ratelimit-limit']).toBe('100');
    expect(v2.headers['x-ratelimit-remaining']).toBe('0');
    expect(v2.headers['x-ratelimit-reset']).toMatch(RESET);
    expect(
      Date.parse(String(v2.headers['x-ratelimit-reset']).replace('Z', ':00Z')),
    ).toBeGreaterThan(Date.now());
    expect(v2.headers['ratelimit-reason']).toBeDefined();
    const jira = await inject(
      t,
      'GET',
      `/ex/jira/${org.sites[0]!.cloudId}/rest/api/3/issue/OPS-1`,
      ada(),
    );
    expect(jira.statusCode).toBe(429);
    expect(jira.headers['retry-after']).toBe('30');
    expect(jira.json()).toEqual({ errorMessages: ['Rate limit exceeded.'], errors: {} });
    const own = await inject(t, 'GET', '/readyz', undefined);
    expect(own.statusCode).toBe(502);
    expect(own.json()).toMatchObject({
      errors: [{ status: 502, code: 'BAD_GATEWAY' }],
      requestId: own.headers['x-request-id'],
    });
  });

  it('G14 times faults the next N matching requests; probability each with that chance', async () => {
    await setRules([{ api: 'gatehouse', path: '/healthz', times: 2, status: 503 }]);
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await inject(t, 'GET', '/healthz', undefined)).statusCode);
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect((await operator(t, 'GET', FAULTS)).json()).toEqual({
      rules: [{ api: 'gatehouse', path: '/healthz', times: 2, status: 503, fired: 2 }],
    });
    for (const [probability, low, high] of [
      [0, 0, 0],
      [1, 200, 200],
      [0.5, 50, 150],
    ] as const) {
      await setRules([{ api: 'gatehouse', path: '/healthz', probability, status: 500 }]);
      let failed = 0;
      for (let i = 0; i < 200; i++) {
        if ((await inject(t, 'GET', '/healthz', undefined)).statusCode === 500) failed++;
      }
      expect(failed, `probability ${probability}`).toBeGreaterThanOrEqual(low);
      expect(failed, `probability ${probability}`).toBeLessThanOrEqual(high);
    }
  });

  it('G15 latency delays a request, which then fails with a status or goes on; the first status answers', async () => {
    await setRules([{ api: 'confluence-v2', latencyMs: 150 }]);
    let started = performance.now();
    const slow = await wiki(t, org, 'GET', PAGE, ada());
    expect(slow.statusCode).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    await setRules([
      { api: 'confluence-v2', latencyMs: 60 },
      { api: 'confluence-v2', latencyMs: 60, status: 500 },
      { api: 'confluence-v2', status: 503 },
    ]);
    started = performance.now();
    expect((await wiki(t, org, 'GET', PAGE, ada())).statusCode).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    const fired = (await operator(t, 'GET', FAULTS)).json() as { rules: { fired: number }[] };
    expect(fired.rules.map((r) => r.fired)).toEqual([1, 1, 0]);
  });

  it('G16 a faulted request changes nothing: answered before auth, body parsing and the handler', async () => {
    const restriction = '/wiki/rest/api/content/98305/restriction';
    const before = (await wiki(t, org, 'GET', restriction, ada())).json() as unknown;
    const revision = t.index.currentRevision;
    const log = await t.storage.db.selectFrom('change_log').selectAll().execute();
    await setRules([
      { api: 'confluence-v1', method: 'PUT', status: 500 },
      { api: 'admin', method: 'POST', status: 503 },
    ]);
    const write = await wiki(t, org, 'PUT', restriction, ada(), [
      { operation: 'read', restrictions: { user: [{ accountId: ADA }] } },
    ]);
    expect(write.statusCode).toBe(500);
    const draft = await adminCall(org, 'POST', {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: 'x',
          status: 'draft',
          rule: { export: { effect: 'block' } },
        },
      },
    });
    expect(draft.statusCode).toBe(503);
    // Bad credentials and a broken body get the fault too: nothing looked at them.
    expect(
      (await wiki(t, org, 'PUT', restriction, 'Basic bm9ib2R5Om5vdGhpbmc=', [])).statusCode,
    ).toBe(500);
    const raw = await t.app.inject({
      method: 'PUT',
      url: `/ex/confluence/${org.sites[0]!.cloudId}${restriction}`,
      headers: { authorization: ada(), 'content-type': 'application/json' },
      payload: '{"not json',
    });
    expect(raw.statusCode).toBe(500);
    await operator(t, 'DELETE', FAULTS);
    expect(t.index.currentRevision).toBe(revision);
    expect(await t.storage.db.selectFrom('change_log').selectAll().execute()).toEqual(log);
    expect(
      await t.storage.db.selectFrom('policies').selectAll().where('org_id', '=', org.id).execute(),
    ).toEqual([]);
    expect((await wiki(t, org, 'GET', restriction, ada())).json()).toEqual(before);
    expect((await wiki(t, org, 'GET', PAGE, userAuth(org, PAT))).statusCode).toBe(200);
  });

  it('G17 bad rules are a 400 and keep the rules there were', async () => {
    await setRules([{ api: 'jira', status: 500 }]);
    const cases: [unknown, string][] = [
      [
        { rules: [{ api: 'jira', status: 500, times: 1, probability: 0.5 }] },
        'FAULT_RULES_INVALID',
      ],
      [{ rules: [{ api: 'jira' }] }, 'FAULT_RULES_INVALID'],
      [{ rules: [{ api: 'jira', status: 200 }] }, 'INVALID_REQUEST_PARAMETER'],
      [{ rules: [{ api: 'soap', status: 500 }] }, 'INVALID_REQUEST_PARAMETER'],
      [{ rules: [{ api: 'jira', status: 500, colour: 'red' }] }, 'INVALID_REQUEST_PARAMETER'],
      [{ rules: [{ api: 'jira', probability: 2, status: 500 }] }, 'INVALID_REQUEST_PARAMETER'],
    ];
    for (const [body, code] of cases) {
      const res = await operator(t, 'PUT', FAULTS, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(gatehouseError(res).code).toBe(code);
    }
    const withAdminKey = await inject(t, 'PUT', FAULTS, `Bearer ${org.adminApiKeys[0]}`, {
      rules: [],
    });
    expect(withAdminKey.statusCode).toBe(401);
    expect((await operator(t, 'GET', FAULTS)).json()).toEqual({
      rules: [{ api: 'jira', status: 500, fired: 0 }],
    });
  });

  it('G18 --rate-limit atlassian: a burst window per caller and site, 429 as Atlassian sends it; off by default', async () => {
    for (let i = 0; i < 120; i++) {
      const res = await wiki(t, org, 'GET', PAGE, ada());
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    const limited = await startTestApp(dialect, null, {
      operatorKey: OPERATOR_KEY,
      rateLimit: 'atlassian',
    });
    try {
      const o = await createOrg(limited, orgDocument('faults-rl'));
      // 100 in a burst, refilled at 10 a second: the first 429 comes after at least 100 requests.
      let allowed = 0;
      let near = 0;
      let over = await wiki(limited, o, 'GET', PAGE, userAuth(o, ADA));
      while (over.statusCode === 200 && allowed < 400) {
        allowed++;
        const left = Number(over.headers['x-ratelimit-remaining']);
        if (allowed === 1) expect(left).toBe(99);
        expect(over.headers['x-ratelimit-nearlimit'] === 'true').toBe(left < 20);
        if (left < 20) near++;
        over = await wiki(limited, o, 'GET', PAGE, userAuth(o, ADA));
      }
      expect(allowed).toBeGreaterThanOrEqual(100);
      expect(near).toBeGreaterThan(0);
      expect(over.statusCode).toBe(429);
      expect(over.json()).toMatchObject({ errors: [{ status: 429, code: 'TOO_MANY_REQUESTS' }] });
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(over.headers['x-ratelimit-limit']).toBe('100');
      expect(over.headers['x-ratelimit-remaining']).toBe('0');
      expect(over.headers['x-ratelimit-reset']).toMatch(RESET);
      expect(over.headers['ratelimit-reason']).toBe('confluence-burst-based');
      // Another caller, another API and Gatehouse's own API have their own buckets (or none).
      expect((await wiki(limited, o, 'GET', PAGE, userAuth(o, PAT))).statusCode).toBe(200);
      expect(
        (await wiki(limited, o, 'GET', '/wiki/rest/api/content/98305', userAuth(o, ADA)))
          .statusCode,
      ).toBe(200);
      for (let i = 0; i < 110; i++) {
        const res = await inject(
          limited,
          'POST',
          `/gatehouse/v1/orgs/${o.id}/check`,
          `Bearer ${o.adminApiKeys[0]}`,
          {
            subject: { type: 'user', accountId: ADA },
            action: 'read',
            resource: { type: 'page', id: '98305' },
          },
        );
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await limited.close();
    }
    // The buckets refill: 10 s let 100 more through; the hourly quota holds on its own.
    let now = 0;
    const limiter = new RateLimiter(
      {
        'confluence-v1': {
          burst: { limit: 2, seconds: 10, reason: 'b' },
          quota: { limit: 3, seconds: 3600, reason: 'q' },
        },
        'confluence-v2': {
          burst: { limit: 2, seconds: 10, reason: 'b' },
          quota: { limit: 3, seconds: 3600, reason: 'q' },
        },
        jira: {
          burst: { limit: 2, seconds: 10, reason: 'b' },
          quota: { limit: 3, seconds: 3600, reason: 'q' },
        },
        admin: {
          burst: { limit: 2, seconds: 10, reason: 'b' },
          quota: { limit: 3, seconds: 3600, reason: 'q' },
        },
      },
      () => now,
    );
    expect([1, 2, 3].map(() => limiter.take('jira', 'k').allowed)).toEqual([true, true, false]);
    expect(limiter.take('jira', 'k')).toMatchObject({
      allowed: false,
      reason: 'b',
      retryAfterSeconds: 5,
    });
    now = 10_000;
    expect(limiter.take('jira', 'k').allowed).toBe(true);
    expect(limiter.take('jira', 'k')).toMatchObject({ allowed: false, reason: 'q' });
  });
});
