import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';
import { BASE, KEY, V1, draftBody, siteAri } from './helpers.js';

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: (ids: Ids) => string;
  payload?: string | object | ((ids: Ids) => object);
}
interface Ids {
  org: string;
  container: string;
  other: string;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const withAttributes = (patch: Record<string, unknown>) => {
  const body = draftBody({ level: 'ORG' });
  return { data: { ...body.data, attributes: { ...body.data.attributes, ...patch } } };
};

/**
 * Issue 3's list of bad input: each is a 4xx in the Admin API's error format that names the field
 * (or the policy), and nothing is written — not a row, not a change-log entry.
 */
const CASES: [string, Call, number, RegExp][] = [
  [
    'malformed JSON',
    { method: 'POST', url: () => BASE, payload: '{"data": {' },
    400,
    /^Body is not valid JSON/,
  ],
  [
    'a missing data',
    { method: 'POST', url: () => BASE, payload: { attributes: {} } },
    400,
    /^body\.data: must have required property|^body\.attributes: must NOT have additional/,
  ],
  [
    'a missing attributes',
    { method: 'POST', url: () => BASE, payload: { data: { type: 'policy' } } },
    400,
    /^body\.data\.attributes: must have required property/,
  ],
  [
    'a wrong type',
    { method: 'POST', url: () => BASE, payload: { data: { ...draftBody().data, type: 'user' } } },
    400,
    /^body\.data\.type: must be equal to constant/,
  ],
  [
    'a wrong attributes.type',
    { method: 'POST', url: () => BASE, payload: withAttributes({ type: 'ip-allowlist' }) },
    400,
    /^body\.data\.attributes\.type: must be equal to constant/,
  ],
  [
    'an unknown rule',
    {
      method: 'POST',
      url: () => BASE,
      payload: withAttributes({ rule: { print: { effect: 'block' } } }),
    },
    400,
    /rule\.print/,
  ],
  [
    'a bad effect',
    {
      method: 'POST',
      url: () => BASE,
      payload: withAttributes({ rule: { export: { effect: 'deny' } } }),
    },
    400,
    /rule\.export\.effect/,
  ],
  [
    'a 100 KB name',
    { method: 'POST', url: () => BASE, payload: withAttributes({ name: 'n'.repeat(100 * 1024) }) },
    400,
    /^body\.data\.attributes\.name: must NOT have more than 255 characters/,
  ],
  [
    'a name that is a number',
    { method: 'POST', url: () => BASE, payload: withAttributes({ name: 5 }) },
    400,
    /^body\.data\.attributes\.name: must be string/,
  ],
  [
    'an unknown field',
    { method: 'POST', url: () => BASE, payload: { data: { ...draftBody().data, id: 'x' } } },
    400,
    /^body\.data\.id: must NOT have additional properties/,
  ],
  [
    'a 10,000-item resources batch',
    {
      method: 'POST',
      url: (ids) => `${BASE}/${ids.container}/resources`,
      payload: Array.from({ length: 10_000 }, (_, i) => ({
        operation: 'ADD',
        resourceAri: `${siteAri}${i}`,
      })),
    },
    400,
    /^body: must NOT have more than 1000 items/,
  ],
  [
    'an unknown policy id on GET',
    { method: 'GET', url: () => `${BASE}/${UNKNOWN}` },
    404,
    new RegExp(`^Policy ${UNKNOWN} not found$`),
  ],
  [
    'an unknown policy id on PUT',
    { method: 'PUT', url: () => `${BASE}/${UNKNOWN}`, payload: draftBody({ level: 'ORG' }) },
    404,
    new RegExp(`^Policy ${UNKNOWN} not found$`),
  ],
  [
    'an unknown policy id on resources',
    {
      method: 'POST',
      url: () => `${BASE}/${UNKNOWN}/resources`,
      payload: [{ operation: 'ADD', resourceAri: siteAri }],
    },
    404,
    new RegExp(`^Policy ${UNKNOWN} not found$`),
  ],
  [
    'an unknown policy id on DELETE',
    { method: 'DELETE', url: () => `${V1}/${UNKNOWN}` },
    404,
    new RegExp(`^Policy ${UNKNOWN} not found$`),
  ],
  [
    'an unknown policy id in a publish batch',
    {
      method: 'POST',
      url: () => `${BASE}/publishDraftPolicies`,
      payload: {
        type: 'data-security',
        ruleName: 'export',
        policyOperations: [{ policyId: UNKNOWN, action: 'UPDATE', policyCoverageLevel: 'ORG' }],
      },
    },
    400,
    new RegExp(`^policyOperations\\[0\\]\\.policyId: no draft or published policy ${UNKNOWN}$`),
  ],
  [
    "another org's policy id on PUT",
    { method: 'PUT', url: (ids) => `${BASE}/${ids.other}`, payload: draftBody({ level: 'ORG' }) },
    404,
    /^Policy [0-9a-f-]{36} not found$/,
  ],
  [
    "another org's policy id on DELETE",
    { method: 'DELETE', url: (ids) => `${V1}/${ids.other}` },
    404,
    /^Policy [0-9a-f-]{36} not found$/,
  ],
  [
    "another org's policy id in a publish batch",
    {
      method: 'POST',
      url: () => `${BASE}/publishDraftPolicies`,
      payload: (ids) => ({
        type: 'data-security',
        ruleName: 'export',
        policyOperations: [{ policyId: ids.other, action: 'UPDATE', policyCoverageLevel: 'ORG' }],
      }),
    },
    // The same answer as an unknown id: existence in another org does not leak.
    400,
    /^policyOperations\[0\]\.policyId: no draft or published policy [0-9a-f-]{36}$/,
  ],
  [
    'a publish batch that names the same policy twice',
    {
      method: 'POST',
      url: () => `${BASE}/publishDraftPolicies`,
      payload: (ids) => ({
        type: 'data-security',
        ruleName: 'export',
        policyOperations: [
          { policyId: ids.org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
          { policyId: ids.org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        ],
      }),
    },
    400,
    /^policyOperations\[1\]\.policyId: policy .* is named twice in the batch/,
  ],
];

describe.each(DIALECTS)('Admin API bad input on %s', (dialect) => {
  let t: TestApp;
  const ids: Ids = { org: '', container: '', other: '' };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const create = async (key: string, url: string, body: object) => {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${key}` },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(202);
      return (res.json() as { data: { id: string } }).data.id;
    };
    ids.org = await create(KEY, BASE, draftBody({ level: 'ORG' }));
    ids.container = await create(
      KEY,
      BASE,
      draftBody({ level: 'CONTAINER', rule: { export: { effect: 'block' } } }),
    );
    await importTenant(t.storage, smallTenant(), 'second org');
    await t.index.sync();
    ids.other = await create(
      'admin-key-small',
      '/admin/control/v2/orgs/org-small/policies',
      draftBody({ level: 'ORG' }),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  /** Everything a write could touch: the change log, every policy and every resource. */
  const snapshot = async () => ({
    revision: await latestRevision(t.storage.db),
    policies: await t.storage.db.selectFrom('policies').selectAll().orderBy('id').execute(),
    resources: await t.storage.db.selectFrom('policy_resources').selectAll().execute(),
  });

  for (const [name, call, status, message] of CASES) {
    it(`refuses ${name}: ${status} in the Admin format naming it, writing nothing`, async () => {
      const before = await snapshot();
      const payload = typeof call.payload === 'function' ? call.payload(ids) : call.payload;
      const res = await t.app.inject({
        method: call.method,
        url: call.url(ids),
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        ...(payload === undefined
          ? {}
          : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
      });
      expect(res.statusCode, res.body).toBe(status);
      if (status === 400) {
        const body = res.json() as { errors: { status: string; code: string; detail: string }[] };
        expect(body.errors).toHaveLength(1);
        expect(body.errors[0]).toMatchObject({
          status: '400',
          detail: expect.stringMatching(message),
        });
      } else {
        expect(res.json()).toEqual({ code: status, message: expect.stringMatching(message) });
      }
      expect(await snapshot()).toEqual(before);
    });
  }
});
