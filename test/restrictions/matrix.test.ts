import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, basic, startTestApp, type TestApp } from '../support/harness.js';

const ADA = '5b10ac8d82e05b22cc7d4ef5';
const FINANCE = '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b02';
const pat = basic('pat@acme.test', 'pat-token');
const grace = basic('grace@acme.test', 'grace-token');
const ada = basic('ada@acme.test', 'ada-token');

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';
/** Every endpoint of the seed: method, path after `/content/{id}/restriction`, body. */
const ENDPOINTS: [Method, string, unknown?][] = [
  ['GET', ''],
  ['PUT', '', [{ operation: 'read', restrictions: { user: [{ accountId: ADA }] } }]],
  ['POST', '', [{ operation: 'read', restrictions: { user: [{ accountId: ADA }] } }]],
  ['DELETE', ''],
  ['GET', '/byOperation'],
  ['GET', '/byOperation/update'],
  ['GET', '/byOperation/update/group/finance'],
  ['PUT', '/byOperation/update/group/finance'],
  ['DELETE', '/byOperation/update/group/finance'],
  ['GET', `/byOperation/update/byGroupId/${FINANCE}`],
  ['PUT', `/byOperation/update/byGroupId/${FINANCE}`],
  ['DELETE', `/byOperation/update/byGroupId/${FINANCE}`],
  ['GET', `/byOperation/update/user?accountId=${ADA}`],
  ['PUT', `/byOperation/update/user?accountId=${ADA}`],
  ['DELETE', `/byOperation/update/user?accountId=${ADA}`],
];

/**
 * What a caller who may view a page but not edit it gets from each write (R11, from the status
 * codes Atlassian's reference lists per endpoint): 404 unless the endpoint documents a 403.
 */
const VIEWER_WRITE_STATUS: Record<string, number> = {
  'PUT ': 404,
  'POST ': 404,
  'DELETE ': 403,
  'PUT /byOperation/update/group/finance': 404,
  'DELETE /byOperation/update/group/finance': 404,
  [`PUT /byOperation/update/byGroupId/${FINANCE}`]: 403,
  [`DELETE /byOperation/update/byGroupId/${FINANCE}`]: 403,
  [`PUT /byOperation/update/user?accountId=${ADA}`]: 404,
  [`DELETE /byOperation/update/user?accountId=${ADA}`]: 404,
};

describe.each(DIALECTS)('R10/R11 the 404-vs-403 matrix on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: Method, id: string, path: string, who: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `/wiki/rest/api/content/${id}/restriction${path}`,
      headers: { authorization: who },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const hash = async (id: string) =>
    (await call('GET', id, '', ada)).json().restrictionsHash as string;

  for (const [method, path, body] of ENDPOINTS) {
    it(`R10 ${method} …/restriction${path}: hidden and missing content are the same 404`, async () => {
      const before = await hash('98306');
      const hidden = await call(method, '98306', path, pat, body);
      const hiddenAttachment = await call(method, 'att10002', path, pat, body);
      const missing = await call(method, '404404', path, pat, body);
      expect([hidden.statusCode, hiddenAttachment.statusCode, missing.statusCode]).toEqual([
        404, 404, 404,
      ]);
      expect(hidden.json()).toMatchObject({
        statusCode: 404,
        message: 'No content found with id: 98306',
      });
      expect(missing.json().message).toBe('No content found with id: 404404');
      expect(await hash('98306')).toBe(before);
    });

    if (method !== 'GET') {
      const expected = VIEWER_WRITE_STATUS[`${method} ${path}`];
      it(`R11 ${method} …/restriction${path}: a viewer who cannot edit gets ${expected}, nothing changes`, async () => {
        const before = await hash('98307');
        expect((await call('GET', '98307', '', grace)).statusCode).toBe(200);
        const res = await call(method, '98307', path, grace, body);
        expect(res.statusCode).toBe(expected);
        expect(res.json().statusCode).toBe(expected);
        if (expected === 403) {
          expect(res.json().message).toMatch(/Not enough permissions to alter ContentRestrictions/);
        }
        expect(await hash('98307')).toBe(before);
      });
    }
  }
});
