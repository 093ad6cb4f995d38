import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { secretMatches } from '../../src/index/credentials.js';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import {
  DIALECTS,
  basic,
  openTestStorage,
  startTestApp,
  type TestApp,
} from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
const KEY = 'gh-demo-admin-key-0001';
const POLICIES = `/admin/control/v2/orgs/${ORG}/policies`;
// Two orgs, two sites: Confluence paths name the demo site by the gateway form.
const WIKI = '/ex/confluence/ee3c3183-3d6e-4077-8053-676d62c40929/wiki';
const RESTRICTION = `${WIKI}/rest/api/content/98305/restriction`;
const ada = basic('ada@acme.test', 'ada-token');

describe('storage and secrets', () => {
  it('SQLite runs in WAL mode', async () => {
    const test = await openTestStorage('sqlite');
    try {
      const result = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(
        test.storage.db,
      );
      expect(result.rows[0]?.journal_mode).toBe('wal');
    } finally {
      await test.dispose();
    }
  });

  it('secrets compare by fixed-length digest: any length, never a throw', () => {
    expect(secretMatches('ada-token', 'ada-token')).toBe(true);
    expect(secretMatches('ada-token', 'ada-token-but-longer')).toBe(false);
    expect(secretMatches('x'.repeat(10_000), 'ada-token')).toBe(false);
    expect(secretMatches('', undefined)).toBe(false);
    expect(secretMatches('', '')).toBe(true);
  });
});

describe.each(DIALECTS)('HTTP hardening on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await importTenant(t.storage, smallTenant(), 'second org');
    await t.index.sync();
  });
  afterAll(async () => {
    await t.close();
  });

  const anonymous = () => t.app.inject({ url: RESTRICTION });

  it('a bad Confluence credential is always a 401 in v1 format, never anonymous', async () => {
    const anon = await anonymous();
    const headers = [
      basic('ada@acme.test', 'wrong'),
      basic('nobody@acme.test', 'ada-token'),
      basic('ada@small.test', 'ada-token'), // a user of another org on this site
      'Basic !!!not-base64!!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Bearer ${KEY}`, // an Admin API key is not a Confluence token
      'Bearer ',
      'Digest username="ada"',
    ];
    for (const authorization of headers) {
      const res = await t.app.inject({ url: RESTRICTION, headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json(), authorization).toMatchObject({
        statusCode: 401,
        data: { authorized: false, errors: ['AUTHENTICATION_DENIED'] },
      });
      expect(res.body).not.toBe(anon.body);
    }
  });

  it('Admin API: no key, an unknown key or a Confluence credential is 401; another org is the unknown-org 404', async () => {
    for (const authorization of [undefined, 'Bearer nope', ada, 'Bearer admin-key-small ']) {
      const res = await t.app.inject({
        url: POLICIES,
        headers: authorization === undefined ? {} : { authorization },
      });
      if (authorization === 'Bearer admin-key-small ') {
        // a valid key of the other org: the same answer as an org that does not exist
        const unknownOrg = await t.app.inject({
          url: '/admin/control/v2/orgs/no-such-org/policies',
          headers: { authorization: `Bearer ${KEY}` },
        });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({ code: 404, message: `Organization ${ORG} not found` });
        expect(unknownOrg.json()).toEqual({
          code: 404,
          message: 'Organization no-such-org not found',
        });
        continue;
      }
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(res.json()).toEqual({ code: 401, message: expect.any(String) });
    }
  });

  it('413 in each API format when a body is over the limit', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    const send = (url: string, authorization: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { authorization, 'content-type': 'application/json' },
        payload: big,
      });
    const admin = await send(POLICIES, `Bearer ${KEY}`);
    expect(admin.statusCode).toBe(413);
    expect(admin.json()).toEqual({ code: 413, message: 'Request body is too large' });
    const v1 = await send(RESTRICTION, ada);
    expect(v1.statusCode).toBe(413);
    expect(v1.json()).toMatchObject({ statusCode: 413 });
  });

  it('NUL and lone surrogates are a 400 naming the field on real write routes, writing nothing', async () => {
    const before = await latestRevision(t.storage.db);
    const name = await t.app.inject({
      method: 'POST',
      url: POLICIES,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      payload: `{"data":{"type":"policy","attributes":{"type":"data-security","name":"a\\u0000b","rule":{"export":{"effect":"allow"}},"metadata":{"policyCoverageLevel":"ORG"}}}}`,
    });
    expect(name.statusCode).toBe(400);
    expect(name.json().errors[0]).toMatchObject({
      status: '400',
      detail: 'body.data.attributes.name: NUL characters are not allowed',
    });
    const user = await t.app.inject({
      method: 'PUT',
      url: RESTRICTION,
      headers: { authorization: ada, 'content-type': 'application/json' },
      payload: '[{"operation":"read","restrictions":{"user":[{"accountId":"\\ud800"}]}}]',
    });
    expect(user.statusCode).toBe(400);
    expect(user.json()).toMatchObject({
      statusCode: 400,
      message: 'body[0].restrictions.user[0].accountId: lone surrogate characters are not allowed',
    });
    expect(await latestRevision(t.storage.db)).toBe(before);
  });

  it('a restriction body may carry the extra fields a GET returned (Confluence ignores them)', async () => {
    const got = (
      await t.app.inject({
        url: `${WIKI}/rest/api/content/98306/restriction`,
        headers: { authorization: basic('linus@acme.test', 'linus-token') },
      })
    ).json();
    const read = got.results[0];
    const res = await t.app.inject({
      method: 'PUT',
      url: `${WIKI}/rest/api/content/98306/restriction`,
      headers: { authorization: basic('linus@acme.test', 'linus-token') },
      payload: [
        {
          operation: 'read',
          restrictions: {
            user: read.restrictions.user.results,
            group: read.restrictions.group.results,
          },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().restrictionsHash).toBe(got.restrictionsHash);
  });
});
