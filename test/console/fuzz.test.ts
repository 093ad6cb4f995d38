import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { CLOUD, KEY, signIn, type Session } from './helpers.js';

/** Every console page that takes input: writes (forms) and reads (query strings). */
const WRITES = [
  '/console/sign-in',
  '/console/policies',
  '/console/policies/{policy}',
  '/console/policies/{policy}/resources',
  '/console/policies/{policy}/delete',
  '/console/publish/rehearse',
  '/console/publish',
  `/console/content/${CLOUD}/98305/restrictions`,
];
const READS = [
  '/console/policies/new',
  '/console/publish',
  '/console/audit',
  `/console/content/${CLOUD}/98305`,
  `/console/world/${CLOUD}/spaces/10005`,
  `/console/world/${CLOUD}/pages/98305/children`,
];
const FIELDS = [
  'name',
  'description',
  'rule',
  'effect',
  'level',
  'subject',
  'operation',
  'resourceAri',
  'resourceAriText',
  'op',
  'read-users',
  'read-groups',
  'update-users',
  'kind',
  'credential',
  'next',
  'cursor',
  'action',
  'from',
  'to',
  'readers',
  'fragment',
];
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'ORG',
    'CLASSIFICATION',
    'export',
    'block',
    'ADD',
    'REMOVE',
    'user:x',
    'a|ORG',
    '%',
    '../',
    '\u0000',
  ),
);
const fields = fc.dictionary(fc.constantFrom(...FIELDS), text, { maxKeys: 6 });

/** K28: random forms and query strings on every console page never get a 5xx (SQLite). */
describe('the console under random input', () => {
  let t: TestApp;
  let admin: Session;
  let policy = 'x';
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    admin = await signIn(t.app, 'admin', KEY);
    const created = await admin.post('/console/policies', {
      name: 'Fuzz',
      rule: 'export',
      effect: 'allow',
      level: 'ORG',
    });
    policy = created.location!.split('/').pop()!;
  });
  afterAll(async () => {
    await t.close();
  });

  it('K28 random forms and query strings on every console page are answered below 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WRITES, ...READS), fields, async (path, values) => {
        const url = path.replace('{policy}', policy);
        const res =
          READS.includes(path) && !WRITES.includes(path)
            ? await admin.get(`${url}?${new URLSearchParams(values).toString()}`)
            : await admin.post(url, values);
        expect(res.status, `${url} ${JSON.stringify(values)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
