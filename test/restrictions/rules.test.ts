import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, basic, startTestApp, type TestApp } from '../support/harness.js';
import { openApiErrors } from '../support/openapi.js';

const U = {
  ada: '5b10ac8d82e05b22cc7d4ef5',
  grace: '5b10ac8d82e05b22cc7d4ef6',
  linus: '5b10ac8d82e05b22cc7d4ef7',
  pat: '5b10ac8d82e05b22cc7d4efa',
};
const ENGINEERING = '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b01';
const FINANCE = '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b02';
const as = {
  ada: basic('ada@acme.test', 'ada-token'),
  grace: basic('grace@acme.test', 'grace-token'),
  linus: basic('linus@acme.test', 'linus-token'),
  pat: basic('pat@acme.test', 'pat-token'),
  sam: basic('sam@acme.test', 'sam-token'),
  fiona: basic('fiona@acme.test', 'fiona-token'),
  exporter: 'Bearer exporter-app-token',
  reports: 'Bearer reports-app-token',
};
const R = (id: string) => `/wiki/rest/api/content/${id}/restriction`;

describe.each(DIALECTS)('restriction rules on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    url: string,
    who?: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(who ? { authorization: who } : {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const readUsers = async (id: string, op = 'read') => {
    const res = await call('GET', `${R(id)}/byOperation/${op}`, as.sam, undefined, {
      'atl-confluence-with-admin-key': 'true',
    });
    return res
      .json()
      .restrictions.user.results.map((u: { accountId: string }) => u.accountId)
      .sort() as string[];
  };
  const canRead = async (who: string, id: string) =>
    (await call('GET', R(id), who)).statusCode === 200;

  it('R1 a read restriction applies to the page and every descendant, three levels down', async () => {
    for (const id of ['98306', '98307', '98308']) {
      expect(await canRead(as.pat, id), id).toBe(false);
      expect(await canRead(as.linus, id), id).toBe(true);
    }
    expect(await canRead(as.pat, '98305')).toBe(true);
  });

  it('R2 an update restriction applies only to its own page', async () => {
    expect(
      (await call('PUT', `${R('98307')}/byOperation/read/user?accountId=${U.pat}`, as.grace))
        .statusCode,
    ).toBe(404);
    expect(
      (await call('PUT', `${R('98308')}/byOperation/update/user?accountId=${U.linus}`, as.grace))
        .statusCode,
    ).toBe(200);
  });

  it('R3 editing needs view, space update and the page update list', async () => {
    const res = await call('POST', R('98307'), as.ada, [
      { operation: 'update', restrictions: { user: [{ accountId: U.grace }] } },
    ]);
    expect(res.statusCode).toBe(200);
    expect((await call('POST', R('98305'), as.pat, [])).statusCode).toBe(404);
  });

  it('R4 a user passes a list through any of their groups', async () => {
    expect(await canRead(as.grace, '98306')).toBe(true);
    expect(await canRead(as.fiona, '98306')).toBe(false);
  });

  it('R5 anonymous callers read only unrestricted pages of anonymous spaces, and never write', async () => {
    expect(await canRead('', '98330')).toBe(true);
    expect(await canRead('', '98332')).toBe(false);
    expect(await canRead('', '98305')).toBe(false);
    expect((await call('DELETE', R('98330'))).statusCode).toBe(403);
  });

  it('R6 space permissions come first: no space read, no view whatever the restrictions', async () => {
    expect(await canRead(as.pat, '98320')).toBe(false);
    const listed = await call(
      'PUT',
      `${R('98321')}/byOperation/read/user?accountId=${U.pat}`,
      as.fiona,
    );
    expect(listed.statusCode).toBe(200);
    expect(await canRead(as.pat, '98321')).toBe(false);
  });

  it('R7 a site admin has no implicit access; the admin key header bypasses restrictions', async () => {
    expect(await canRead(as.sam, '98306')).toBe(false);
    const withKey = await call('GET', R('98306'), as.sam, undefined, {
      'atl-confluence-with-admin-key': 'true',
    });
    expect(withKey.statusCode).toBe(200);
    const notAdmin = await call('GET', R('98306'), as.pat, undefined, {
      'atl-confluence-with-admin-key': 'true',
    });
    expect(notAdmin.statusCode).toBe(404);
  });

  it('R8 attachments follow their page; blog posts have only their own restrictions', async () => {
    expect(await canRead(as.pat, 'att10002')).toBe(false);
    expect(await canRead(as.linus, 'att10002')).toBe(true);
    expect(await canRead(as.pat, '98310')).toBe(true);
  });

  it('R9 apps are held by restrictions through their app user', async () => {
    expect(await canRead(as.exporter, '98305')).toBe(true);
    expect(await canRead(as.exporter, '98306')).toBe(false);
    await call(
      'PUT',
      `${R('98306')}/byOperation/read/user?accountId=557058:app-exporter`,
      as.linus,
    );
    expect(await canRead(as.exporter, '98306')).toBe(true);
  });

  it('R10 content the caller cannot view and missing content get the same 404', async () => {
    const hidden = await call('GET', R('98306'), as.pat);
    const missing = await call('GET', R('404404'), as.pat);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().message).toBe('No content found with id: 98306');
    expect(missing.json().message).toBe('No content found with id: 404404');
    expect((await call('GET', `${R('98306')}/byOperation`, as.pat)).statusCode).toBe(404);
  });

  it('R11 a viewer who cannot edit: 404 on PUT/POST, 403 on DELETE and byGroupId writes, nothing changes', async () => {
    const before = (await call('GET', R('98307'), as.grace)).json().restrictionsHash;
    expect((await call('PUT', R('98307'), as.grace, [])).statusCode).toBe(404);
    expect((await call('POST', R('98307'), as.grace, [])).statusCode).toBe(404);
    const del = await call('DELETE', R('98307'), as.grace);
    expect(del.statusCode).toBe(403);
    expect(del.json().message).toMatch(
      /PermissionException: Not enough permissions to alter ContentRestrictions/,
    );
    expect(
      (await call('PUT', `${R('98307')}/byOperation/update/byGroupId/${FINANCE}`, as.grace))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('DELETE', `${R('98307')}/byOperation/update/byGroupId/${FINANCE}`, as.grace))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('PUT', `${R('98307')}/byOperation/update/user?accountId=${U.grace}`, as.grace))
        .statusCode,
    ).toBe(404);
    expect((await call('GET', R('98307'), as.grace)).json().restrictionsHash).toBe(before);
  });

  it('R12 attachments have no own restrictions and cannot be restricted themselves', async () => {
    const res = await call('GET', R('att10001'), as.ada);
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .results.every(
          (r: { restrictions: { user: { size: number } } }) => r.restrictions.user.size === 0,
        ),
    ).toBe(true);
    const write = await call('PUT', R('att10001'), as.ada, []);
    expect(write.statusCode).toBe(400);
    expect(write.json().message).toMatch(/follows the restrictions of page 98305/);
  });

  it('R13 PUT replaces the operations in the body and leaves the others', async () => {
    await call('PUT', R('98305'), as.ada, [
      {
        operation: 'read',
        restrictions: { user: [{ accountId: U.ada }], group: [{ type: 'group', id: FINANCE }] },
      },
      { operation: 'update', restrictions: { user: [{ accountId: U.ada }] } },
    ]);
    const res = await call('PUT', R('98305'), as.ada, [
      { operation: 'read', restrictions: { user: [{ accountId: U.ada }, { accountId: U.linus }] } },
    ]);
    const body = res.json();
    const read = body.results[0].restrictions;
    expect(read.user.results.map((u: { accountId: string }) => u.accountId).sort()).toEqual(
      [U.ada, U.linus].sort(),
    );
    expect(read.group.size).toBe(0);
    expect(
      body.results[1].restrictions.user.results.map((u: { accountId: string }) => u.accountId),
    ).toEqual([U.ada]);
    const cleared = await call('PUT', R('98305'), as.ada, [
      { operation: 'update', restrictions: { user: [] } },
    ]);
    expect(cleared.json().results[1].restrictions.user.size).toBe(0);
  });

  it('R14 POST adds; DELETE clears read and update', async () => {
    await call('POST', R('98305'), as.ada, [
      { operation: 'read', restrictions: { user: [{ accountId: U.ada }] } },
    ]);
    await call('POST', R('98305'), as.ada, [
      { operation: 'read', restrictions: { group: [{ type: 'group', name: 'engineering' }] } },
    ]);
    const res = await call('GET', R('98305'), as.ada);
    expect(res.json().results[0].restrictions.user.size).toBe(1);
    expect(res.json().results[0].restrictions.group.results[0].id).toBe(ENGINEERING);
    const del = await call('DELETE', R('98306'), as.linus);
    expect(del.statusCode).toBe(200);
    expect(
      del
        .json()
        .results.map(
          (r: { restrictions: { user: { size: number }; group: { size: number } } }) =>
            r.restrictions.user.size + r.restrictions.group.size,
        ),
    ).toEqual([0, 0]);
    expect(await canRead(as.fiona, '98307')).toBe(false);
  });

  it('R15 apps need the read scope to read and the write scope to write', async () => {
    expect((await call('GET', R('98305'), as.reports)).statusCode).toBe(200);
    const write = await call('DELETE', R('98305'), as.reports);
    expect(write.statusCode).toBe(401);
    expect(write.json().message).toMatch(/scope does not match/);
    expect((await call('DELETE', R('98305'), as.exporter)).statusCode).toBe(200);
  });

  describe('R16 bad bodies are a 400 naming the problem, and nothing is written', () => {
    const cases: [string, unknown, RegExp][] = [
      [
        'a body that is not an array',
        { operation: 'read' },
        /^body\.results: must have required property 'results'/,
      ],
      [
        'an unknown operation',
        [{ operation: 'purge', restrictions: { user: [] } }],
        /^body\[0\]\.operation: must be equal to one of the allowed values \(read, update\)/,
      ],
      [
        'a user without accountId',
        [{ operation: 'read', restrictions: { user: [{ type: 'known' }] } }],
        /^body\[0\]\.restrictions\.user\[0\]\.accountId: must have required property/,
      ],
      [
        'an unknown account id',
        [{ operation: 'read', restrictions: { user: [{ accountId: 'ghost' }] } }],
        /unknown account id "ghost"/,
      ],
      [
        'an unknown group',
        [{ operation: 'read', restrictions: { group: [{ type: 'group', name: 'ghosts' }] } }],
        /unknown group "ghosts"/,
      ],
      [
        'a group with neither name nor id',
        [{ operation: 'read', restrictions: { group: [{ type: 'group' }] } }],
        /group\[0\]: a group needs an id/,
      ],
      [
        '5,000 subjects',
        [
          {
            operation: 'read',
            restrictions: { user: Array.from({ length: 5000 }, () => ({ accountId: U.ada })) },
          },
        ],
        /at most 1000 users and groups/,
      ],
    ];
    for (const [name, body, message] of cases) {
      it(`R16 ${name}`, async () => {
        const before = (await call('GET', R('98305'), as.ada)).json().restrictionsHash;
        const res = await call('PUT', R('98305'), as.ada, body);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          statusCode: 400,
          message: expect.stringMatching(message),
        });
        expect((await call('GET', R('98305'), as.ada)).json().restrictionsHash).toBe(before);
      });
    }
    it('R16 malformed JSON', async () => {
      const res = await t.app.inject({
        method: 'PUT',
        url: R('98305'),
        headers: { authorization: as.ada, 'content-type': 'application/json' },
        payload: '[{',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().statusCode).toBe(400);
    });
  });

  it('R17 restrictionsHash changes whenever a restriction changes, and only then', async () => {
    const a = (await call('GET', R('98305'), as.ada)).json().restrictionsHash;
    expect((await call('GET', R('98305'), as.ada)).json().restrictionsHash).toBe(a);
    await call('PUT', `${R('98305')}/byOperation/update/user?accountId=${U.ada}`, as.ada);
    const b = (await call('GET', R('98305'), as.ada)).json().restrictionsHash;
    expect(b).not.toBe(a);
    await call('DELETE', `${R('98305')}/byOperation/update/user?accountId=${U.ada}`, as.ada);
    expect((await call('GET', R('98305'), as.ada)).json().restrictionsHash).toBe(a);
  });

  it('R18 a write that would lock the caller out adds the caller', async () => {
    const res = await call('PUT', R('98305'), as.grace, [
      { operation: 'read', restrictions: { user: [{ accountId: U.pat }] } },
      { operation: 'update', restrictions: { group: [{ type: 'group', id: FINANCE }] } },
    ]);
    expect(res.statusCode).toBe(200);
    expect(await readUsers('98305', 'read')).toEqual([U.grace, U.pat].sort());
    expect(await readUsers('98305', 'update')).toEqual([U.grace]);
    expect(await canRead(as.grace, '98305')).toBe(true);
    expect(
      (await call('DELETE', `${R('98305')}/byOperation/read/user?accountId=${U.grace}`, as.grace))
        .statusCode,
    ).toBe(200);
    expect(await readUsers('98305', 'read')).toContain(U.grace);
  });

  it('R18 a site admin writing with the admin key is never added, and without it gets 404', async () => {
    const body = [{ operation: 'read', restrictions: { user: [{ accountId: U.pat }] } }];
    expect((await call('PUT', R('98306'), as.sam, body)).statusCode).toBe(404);
    const res = await call('PUT', R('98306'), as.sam, body, {
      'atl-confluence-with-admin-key': 'true',
    });
    expect(res.statusCode).toBe(200);
    expect(await readUsers('98306', 'read')).toEqual([U.pat]);
    expect(await canRead(as.sam, '98306')).toBe(false);
  });

  it('R19 users and groups are paged with start and limit, capped at 200', async () => {
    await call('PUT', R('98305'), as.ada, [
      {
        operation: 'read',
        restrictions: {
          user: [U.ada, U.grace, U.linus, U.pat].map((accountId) => ({ accountId })),
        },
      },
    ]);
    const page = (await call('GET', `${R('98305')}?start=1&limit=2`, as.ada)).json();
    expect(page.results[0].restrictions.user).toMatchObject({
      start: 1,
      limit: 2,
      size: 2,
      totalSize: 4,
    });
    const capped = (
      await call('GET', `${R('98305')}/byOperation/read?limit=100000`, as.ada)
    ).json();
    expect(capped.restrictions.user.limit).toBe(200);
  });

  it('R20 membership endpoints answer "listed", not effective access', async () => {
    expect(
      (await call('GET', `${R('98306')}/byOperation/read/user?accountId=${U.linus}`, as.ada))
        .statusCode,
    ).toBe(200);
    const ada = await call('GET', `${R('98306')}/byOperation/read/user?accountId=${U.ada}`, as.ada);
    expect(ada.statusCode).toBe(404);
    expect(await canRead(as.ada, '98306')).toBe(true);
    const group = await call(
      'GET',
      `${R('98306')}/byOperation/read/byGroupId/${ENGINEERING}`,
      as.ada,
    );
    expect(group.statusCode).toBe(200);
    expect(group.body).toBe('');
    expect(
      (await call('GET', `${R('98306')}/byOperation/read/group/engineering`, as.ada)).statusCode,
    ).toBe(200);
    expect(
      (await call('GET', `${R('98306')}/byOperation/read/group/finance`, as.ada)).statusCode,
    ).toBe(404);
    expect(
      (await call('PUT', `${R('98305')}/byOperation/read/group/finance`, as.ada)).statusCode,
    ).toBe(200);
    expect(
      (await call('GET', `${R('98305')}/byOperation/read/group/finance`, as.ada)).statusCode,
    ).toBe(200);
    expect((await call('GET', `${R('98305')}/byOperation/read/user`, as.ada)).statusCode).toBe(400);
  });

  it('R21 responses have Confluence shapes and validate against the OpenAPI document', async () => {
    const array = (await call('GET', `${R('98306')}?expand=content`, as.ada)).json();
    expect(openApiErrors('ContentRestrictionArray', array)).toEqual([]);
    expect(array.results[0].content).toMatchObject({ id: '98306', type: 'page', title: 'Roadmap' });
    const user = array.results[0].restrictions.user.results[0];
    expect(user).toMatchObject({
      type: 'known',
      accountType: 'atlassian',
      email: 'linus@acme.test',
      publicName: 'Linus Torvalds',
    });
    expect(
      openApiErrors(
        'ContentRestriction',
        (await call('GET', `${R('98306')}/byOperation/read`, as.ada)).json(),
      ),
    ).toEqual([]);
    const app = (await call('GET', R('98305'), as.exporter)).json();
    expect(openApiErrors('ContentRestrictionArray', app)).toEqual([]);
    await call('PUT', `${R('98305')}/byOperation/read/user?accountId=557058:app-exporter`, as.ada);
    const withApp = (await call('GET', R('98305'), as.exporter)).json();
    const appUser = withApp.results[0].restrictions.user.results.find(
      (u: { accountId: string }) => u.accountId === '557058:app-exporter',
    );
    expect(appUser).toMatchObject({ accountType: 'app', email: '' });
  });
});
