import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, basic, startTestApp, type TestApp } from '../support/harness.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';

/**
 * Authentication runs before the body is parsed or validated, on every API: a request with no or
 * bad credentials and a malformed body is a 401, never a 400 that reveals the schema.
 */
describe.each(DIALECTS)('authentication first on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: [string, 'POST' | 'PUT', string, string | undefined][] = [
    ['Gatehouse check, no key', 'POST', `/gatehouse/v1/orgs/${ORG}/check`, undefined],
    ['Gatehouse check, wrong key', 'POST', `/gatehouse/v1/orgs/${ORG}/check`, 'Bearer nope'],
    ['Admin API draft, no key', 'POST', `/admin/control/v2/orgs/${ORG}/policies`, undefined],
    [
      'Admin API publish, wrong key',
      'POST',
      `/admin/control/v2/orgs/${ORG}/policies/publishDraftPolicies`,
      'Bearer nope',
    ],
    [
      'restriction PUT, bad Basic',
      'PUT',
      '/wiki/rest/api/content/98305/restriction',
      basic('ada@acme.test', 'wrong'),
    ],
    ['restriction PUT, empty Authorization', 'PUT', '/wiki/rest/api/content/98305/restriction', ''],
    [
      'permission check, bad Bearer',
      'POST',
      '/wiki/rest/api/content/98305/permission/check',
      'Bearer nope',
    ],
  ];
  for (const [name, method, url, authorization] of cases) {
    for (const [kind, payload] of [
      ['an unknown field', { action: 'fly', nonsense: true }],
      ['malformed JSON', '{"action": '],
    ] as const) {
      it(`${name} with ${kind} is a 401`, async () => {
        const res = await t.app.inject({
          method,
          url,
          headers: {
            'content-type': 'application/json',
            ...(authorization === undefined ? {} : { authorization }),
          },
          payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        });
        expect(res.statusCode, res.body).toBe(401);
        expect(res.body).not.toMatch(/action|nonsense|JSON/);
      });
    }
  }
});
