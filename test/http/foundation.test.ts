import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, basic, startTestApp, type TestApp } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

const V1_ERROR_KEYS = ['data', 'message', 'reason', 'statusCode'];

describe.each(DIALECTS)('HTTP foundation on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, smallTenant());
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /healthz answers ok and /readyz ready', async () => {
    const health = await t.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ openapi: '3.0.3', paths: { '/healthz': {} } });
    const paths = res.json().paths as Record<string, Record<string, unknown>>;
    const operations = (prefix: string) =>
      Object.entries(paths)
        .filter(([path]) => path.startsWith(prefix))
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
    expect(operations('/admin/control/')).toEqual(
      [
        'DELETE /admin/control/v1/orgs/{orgId}/policies/{policyId}',
        'GET /admin/control/v2/orgs/{orgId}/policies',
        'GET /admin/control/v2/orgs/{orgId}/policies/{policyId}',
        'GET /admin/control/v2/orgs/{orgId}/policies/{policyId}/resources',
        'POST /admin/control/v2/orgs/{orgId}/policies',
        'POST /admin/control/v2/orgs/{orgId}/policies/publishDraftPolicies',
        'POST /admin/control/v2/orgs/{orgId}/policies/{policyId}/resources',
        'PUT /admin/control/v2/orgs/{orgId}/policies/{policyId}',
      ].sort(),
    );
    const restriction = '/wiki/rest/api/content/{id}/restriction';
    const member = `${restriction}/byOperation/{operationKey}`;
    expect(operations(restriction)).toEqual(
      [
        `GET ${restriction}`,
        `PUT ${restriction}`,
        `POST ${restriction}`,
        `DELETE ${restriction}`,
        `GET ${restriction}/byOperation`,
        `GET ${member}`,
        ...['GET', 'PUT', 'DELETE'].flatMap((m) => [
          `${m} ${member}/group/{groupName}`,
          `${m} ${member}/byGroupId/{groupId}`,
          `${m} ${member}/user`,
        ]),
      ].sort(),
    );
  });

  it('a wrong Confluence token is a 401 in Confluence v1 format, never anonymous', async () => {
    const res = await t.app.inject({
      url: '/wiki/rest/api/content/1/restriction',
      headers: { authorization: basic('ada@small.test', 'not-the-token') },
    });
    expect(res.statusCode).toBe(401);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(V1_ERROR_KEYS);
    expect(body).toMatchObject({ statusCode: 401, data: { errors: ['AUTHENTICATION_DENIED'] } });
  });

  it('an unknown app token is a 401 too, and v2 answers in its own format', async () => {
    const res = await t.app.inject({
      url: '/wiki/api/v2/pages/1',
      headers: { authorization: 'Bearer nope' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ errors: [{ status: 401, code: 'UNAUTHORIZED' }] });
  });

  it('routes a site by Host, by the gateway form, and refuses an unknown site', async () => {
    const byHost = await t.app.inject({
      url: '/wiki/rest/api/nothing',
      headers: { host: 'small.localhost:8080' },
    });
    expect(byHost.statusCode).toBe(501);
    const unknownHost = await t.app.inject({
      url: '/wiki/rest/api/nothing',
      headers: { host: 'other.localhost' },
    });
    expect(unknownHost.statusCode).toBe(404);
    expect(unknownHost.json().message).toBe('No site named other');
    const gateway = await t.app.inject({ url: '/ex/confluence/cloud-1/wiki/rest/api/nothing' });
    expect(gateway.statusCode).toBe(501);
    const badGateway = await t.app.inject({ url: '/ex/confluence/nope/wiki/rest/api/nothing' });
    expect(badGateway.statusCode).toBe(404);
  });

  it('answers an unimplemented Atlassian endpoint with 501 in that API format', async () => {
    const v1 = await t.app.inject({ method: 'POST', url: '/wiki/rest/api/space' });
    expect(v1.statusCode).toBe(501);
    expect(v1.json()).toMatchObject({ statusCode: 501, reason: 'Not Implemented' });
    const admin = await t.app.inject({ url: '/admin/v1/orgs/org-small/users' });
    expect(admin.statusCode).toBe(501);
    expect(admin.json()).toMatchObject({ errors: [{ status: '501', code: 'NOT_IMPLEMENTED' }] });
    const jira = await t.app.inject({ url: '/ex/jira/cloud-1/rest/api/3/field' });
    expect(jira.statusCode).toBe(501);
    expect(jira.json()).toEqual({
      errorMessages: ['Gatehouse does not implement GET /rest/api/3/field'],
      errors: {},
    });
  });

  it('an unknown path is a 404 in the Gatehouse format', async () => {
    const res = await t.app.inject({ url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ errors: [{ status: 404, code: 'NOT_FOUND' }] });
  });

  describe('bad bodies are a clear 4xx, never a 500', () => {
    const post = (payload: string | Buffer, contentType = 'application/json') =>
      t.app.inject({
        method: 'POST',
        url: '/wiki/rest/api/space',
        headers: { 'content-type': contentType },
        payload,
      });

    it('malformed JSON', async () => {
      const res = await post('{"a":');
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/^Body is not valid JSON/);
    });
    it('a NUL character, naming the field', async () => {
      const res = await post('{"name":"a\\u0000b"}');
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('body.name: NUL characters are not allowed');
    });
    it('a lone surrogate', async () => {
      const res = await post('{"list":["\\ud800"]}');
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('body.list[0]: lone surrogate characters are not allowed');
    });
    it('invalid UTF-8', async () => {
      const res = await post(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('Body is not valid UTF-8');
    });
    it('a prototype key', async () => {
      const res = await post('{"__proto__":{"admin":true}}');
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/prototype keys/);
    });
    it('a wrong content type', async () => {
      const res = await post('name=x', 'application/x-www-form-urlencoded');
      expect(res.statusCode).toBe(415);
    });
    it('a body over the limit', async () => {
      const res = await post(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }));
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ statusCode: 413 });
    });
  });
});
