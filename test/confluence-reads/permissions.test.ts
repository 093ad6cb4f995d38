import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER, world } from '../decision/fixtures.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { openApiDocErrors } from '../support/openapi.js';
import { ARI, GROUP, SPACE, as, caller, policy, startWith } from './helpers.js';

const CHECK = (id: string) => `/wiki/rest/api/content/${id}/permission/check`;
const OPS = (id: string, type = 'pages') => `/wiki/api/v2/${type}/${id}/operations`;
const user = (identifier: string) => ({ type: 'user', identifier });
const group = (identifier: string) => ({ type: 'group', identifier });

describe.each(DIALECTS)('permission check and operations on %s', (dialect) => {
  let t: TestApp;
  const call = caller(() => t);
  beforeAll(async () => {
    t = await startWith(dialect, [policy('CONTAINER', 'export', 'block', [ARI.space(SPACE.pub)])]);
  });
  afterAll(async () => {
    await t.close();
  });

  const check = async (
    who: string,
    id: string,
    subject: { type: string; identifier: string },
    operation = 'read',
  ) => {
    const res = await call('POST', CHECK(id), who, { subject, operation });
    if (res.statusCode === 200) {
      expect(openApiDocErrors('confluence-v1', 'PermissionCheckResponse', res.json())).toEqual([]);
    }
    return res;
  };
  const answer = async (...args: Parameters<typeof check>) => {
    const res = await check(...args);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    return body.hasPermission
      ? true
      : (body.errors as { translation: string }[]).map((e) => e.translation).join('; ');
  };

  it('C10 checking yourself needs a user; checking others needs a Confluence admin', async () => {
    expect(await answer(as.ada, '98306', user(USER.ada))).toBe(true);
    const other = await check(as.ada, '98306', user(USER.pat));
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain('Confluence Administrator');
    expect((await check(as.ada, '98306', group(GROUP.finance))).statusCode).toBe(403);
    expect((await check(as.anonymous, '98330', user('anonymous'))).statusCode).toBe(401);
    // Pat cannot see 98306: it does not exist for them.
    expect((await check(as.pat, '98306', user(USER.pat))).statusCode).toBe(404);
    expect((await check(as.ada, '99999', user(USER.ada))).statusCode).toBe(404);
    // A site admin checks anyone, even on content they cannot read themselves.
    expect(await answer(as.sam, '98306', user(USER.linus))).toBe(true);
    // Apps check on behalf of their users.
    expect(await answer(as.exporter, '98330', user(USER.pat))).toBe(true);
    expect((await check(as.exporter, '98306', user(USER.linus))).statusCode).toBe(404);
  });

  it('C10 bad subjects and operations are a 400 naming the field', async () => {
    const unknown = await check(as.sam, '98305', user('nobody'));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('subject.identifier');
    expect((await check(as.sam, '98305', group('nope'))).statusCode).toBe(400);
    expect((await check(as.sam, '98305', { type: 'robot', identifier: 'x' })).statusCode).toBe(400);
    const op = await check(as.sam, '98305', user(USER.ada), 'administer');
    expect(op.statusCode).toBe(400);
    expect(op.json().message).toContain('operation');
    const missing = await call('POST', CHECK('98305'), as.sam, { subject: user(USER.ada) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('operation');
    const notJson = await t.app.inject({
      method: 'POST',
      url: CHECK('98305'),
      headers: { authorization: as.sam, 'content-type': 'application/json' },
      payload: '{"subject":',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('C11 the answer and Confluence’s messages: space vs content, users, groups, anonymous', async () => {
    expect(await answer(as.sam, '98306', user(USER.pat))).toBe(
      'User does not have permission to the content',
    );
    expect(await answer(as.sam, '98321', user(USER.pat))).toBe(
      'User does not have permission to the space',
    );
    expect(await answer(as.sam, '98330', user('anonymous'))).toBe(true);
    expect(await answer(as.sam, '98332', user('anonymous'))).toBe(
      'Anonymous user does not have permission to the content',
    );
    expect(await answer(as.sam, '98305', user('anonymous'))).toBe(
      'Anonymous user does not have permission to the space',
    );
    expect(await answer(as.sam, '98320', group(GROUP.finance))).toBe(true);
    expect(await answer(as.sam, '98320', group(GROUP.engineering))).toBe(
      'Group does not have permission to the space',
    );
    expect(await answer(as.sam, '98306', group(GROUP.users))).toBe(
      'Group does not have permission to the content',
    );
    // update and delete are both edit: Ada is the page's only editor.
    expect(await answer(as.ada, '98307', user(USER.ada), 'update')).toBe(true);
    expect(await answer(as.ada, '98307', user(USER.ada), 'delete')).toBe(true);
    expect(await answer(as.grace, '98307', user(USER.grace), 'update')).toBe(
      'User does not have permission to the content',
    );
    expect(await answer(as.grace, '98307', user(USER.grace), 'delete')).toBe(
      'User does not have permission to the content',
    );
    // An attachment is checked on its page.
    expect(await answer(as.sam, 'att10002', user(USER.pat))).toBe(
      'User does not have permission to the content',
    );
  });

  it('C11 with the site switch off anonymous users may not use Confluence', async () => {
    const closed = await startTestApp(
      dialect,
      world([], (tenant) => {
        tenant.orgs[0]!.sites![0]!.anonymousAccess = false;
      }),
    );
    try {
      const res = await closed.app.inject({
        method: 'POST',
        url: CHECK('98330'),
        headers: { authorization: as.sam },
        payload: { subject: user('anonymous'), operation: 'read' },
      });
      expect(res.json().errors[0].translation).toBe(
        'Anonymous users are not allowed to use Confluence',
      );
    } finally {
      await closed.close();
    }
  });

  it('C12 operations: what the caller may do, decided by the engine, hidden is 404', async () => {
    const names = async (who: string, id: string, type?: string) => {
      const res = await call('GET', OPS(id, type), who);
      expect(res.statusCode).toBe(200);
      expect(openApiDocErrors('confluence-v2', 'PermittedOperationsResponse', res.json())).toEqual(
        [],
      );
      return (res.json().operations as { operation: string; targetType: string }[]).map(
        (o) => `${o.operation}:${o.targetType}`,
      );
    };
    expect(await names(as.ada, '98307')).toEqual([
      'read:page',
      'update:page',
      'delete:page',
      'restrict_content:page',
      'export:page',
    ]);
    expect(await names(as.grace, '98307')).toEqual(['read:page', 'export:page']);
    expect(await names(as.pat, '98305')).toEqual(['read:page', 'export:page']);
    // PUB blocks export by policy; the reports app has no write scope.
    expect(await names(as.pat, '98330')).toEqual([
      'read:page',
      'update:page',
      'delete:page',
      'restrict_content:page',
    ]);
    expect(await names(as.reports, '98330')).toEqual(['read:page']);
    expect(await names(as.ada, '98310', 'blogposts')).toContain('read:blogpost');
    expect((await call('GET', OPS('98306'), as.pat)).statusCode).toBe(404);
    expect((await call('GET', OPS('98310'), as.ada)).statusCode).toBe(404);
  });
});
