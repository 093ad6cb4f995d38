import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { applyAdminApi, editRestrictions } from '../support/world-apply.js';
import { buildWorld, worldSpec, type BuiltWorld, type WireSubject } from '../support/world-gen.js';

/**
 * D20, one door: for random worlds (apps with and without scopes, appAccess policies at ORG and
 * CONTAINER for all apps and for one app, restrictions, classification, public links), every
 * generated caller — each user, each site admin with the admin key, each app, anonymous — gets from
 * every Confluence endpoint the status that `POST …/check` gives for the matching action. Writes
 * are probed with bodies that fail only after authorization (an unknown account, group or level),
 * so the world does not change while it is checked.
 */
const NUM_RUNS = { sqlite: 24, postgres: 12 } as const;
const READ_SCOPE = 'read:confluence-content.all';
const WRITE_SCOPE = 'write:confluence-content';

interface Caller {
  name: string;
  headers: Record<string, string>;
  subject: WireSubject;
  /** The app's scopes; null for users and anonymous (no scope checks). */
  scopes: string[] | null;
  /** A site admin (checks anyone's permissions, C10). */
  siteAdmin: boolean;
  /** Whom the caller is when it checks itself (permission/check). */
  self: { identifier: string; subject: WireSubject } | null;
}

type Resource = { type: 'page' | 'blogpost' | 'attachment' | 'space'; id: string };
const SPACE_ACTIONS = ['read', 'administer'];

function callersOf(world: BuiltWorld): Caller[] {
  const basic = (email: string, token: string) =>
    `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
  const callers: Caller[] = [];
  for (const user of world.credentials.users) {
    const authorization = basic(user.email, user.token);
    const self = {
      identifier: user.accountId,
      subject: { type: 'user' as const, accountId: user.accountId },
    };
    callers.push({
      name: `user ${user.accountId}`,
      headers: { authorization },
      subject: { type: 'user', accountId: user.accountId },
      scopes: null,
      siteAdmin: user.siteAdmin,
      self,
    });
    if (user.siteAdmin) {
      callers.push({
        name: `admin key ${user.accountId}`,
        headers: { authorization, 'atl-confluence-with-admin-key': 'true' },
        subject: { type: 'user', accountId: user.accountId, adminKey: true },
        scopes: null,
        siteAdmin: true,
        self,
      });
    }
  }
  for (const app of world.credentials.apps) {
    callers.push({
      name: `app ${app.ari}`,
      headers: { authorization: `Bearer ${app.token}` },
      subject: { type: 'app', ari: app.ari },
      scopes: app.scopes,
      siteAdmin: false,
      self:
        app.accountId === null
          ? { identifier: 'anonymous', subject: { type: 'anonymous' } }
          : { identifier: app.accountId, subject: { type: 'app', ari: app.ari } },
    });
  }
  callers.push({
    name: 'anonymous',
    headers: {},
    subject: { type: 'anonymous' },
    scopes: null,
    siteAdmin: false,
    self: null,
  });
  return callers;
}

const key = (subject: WireSubject, action: string, r: Resource) =>
  `${JSON.stringify(subject)} ${action} ${r.type}:${r.id}`;

describe.each(DIALECTS)('one door on %s', (dialect) => {
  let t: TestApp;
  let worlds = 0;
  beforeAll(async () => {
    t = await startTestApp(dialect, null);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every decision the endpoints will be compared with, from `POST …/check/batch`. */
  async function decisionsOf(
    world: BuiltWorld,
    subjects: WireSubject[],
    resources: Resource[],
  ): Promise<Map<string, boolean>> {
    const actionsOf = (r: Resource) =>
      r.type === 'space'
        ? SPACE_ACTIONS
        : r.type === 'attachment'
          ? ['read', 'restrict', 'downloadAttachment']
          : ['read', 'update', 'restrict', 'export', 'viewPublicLink'];
    const all = subjects.flatMap((subject) =>
      resources.flatMap((resource) =>
        actionsOf(resource).map((action) => ({ subject, action, resource })),
      ),
    );
    const answers = new Map<string, boolean>();
    for (let i = 0; i < all.length; i += 1000) {
      const batch = all.slice(i, i + 1000);
      const res = await t.app.inject({
        method: 'POST',
        url: `/gatehouse/v1/orgs/${world.orgId}/check/batch`,
        headers: { authorization: `Bearer ${world.adminKey}` },
        payload: { checks: batch },
      });
      expect(res.statusCode, res.body).toBe(200);
      const results = (res.json() as { results: { decision: string }[] }).results;
      batch.forEach((check, j) =>
        answers.set(
          key(check.subject, check.action, check.resource),
          results[j]!.decision === 'allow',
        ),
      );
    }
    return answers;
  }

  /** Each content's own lists as they are now, read by the site admin with the admin key. */
  async function restrictionsOf(world: BuiltWorld) {
    const auth = Buffer.from(`${world.editor.email}:${world.editor.token}`).toString('base64');
    const lists = new Map<string, { restricted: boolean; readUser: string | undefined }>();
    for (const c of world.content) {
      const cloudId = world.spaces.find((s) => s.id === c.spaceId)!.cloudId;
      const res = await t.app.inject({
        method: 'GET',
        url: `/ex/confluence/${cloudId}/wiki/rest/api/content/${c.id}/restriction/byOperation`,
        headers: { authorization: `Basic ${auth}`, 'atl-confluence-with-admin-key': 'true' },
      });
      expect(res.statusCode, res.body).toBe(200);
      type List = {
        restrictions: { user: { results: { accountId: string }[] }; group: { results: unknown[] } };
      };
      const body = res.json() as { read: List; update: List };
      const size = (l: List) =>
        l.restrictions.user.results.length + l.restrictions.group.results.length;
      lists.set(c.id, {
        restricted: size(body.read) + size(body.update) > 0,
        readUser: body.read.restrictions.user.results[0]?.accountId,
      });
    }
    return lists;
  }

  async function checkWorld(world: BuiltWorld): Promise<number> {
    const callers = callersOf(world);
    const spaceOf = new Map(world.content.map((c) => [c.id, c.spaceId]));
    const cloudOf = new Map(world.spaces.map((s) => [s.id, s.cloudId]));
    const pageOfAttachment = new Map(world.attachmentPages.map((a) => [a.id, a.contentId]));
    const lists = await restrictionsOf(world);
    const resources: Resource[] = [
      ...world.content.map((c) => ({ type: c.type, id: c.id })),
      ...world.attachments.map((id) => ({ type: 'attachment' as const, id })),
      ...world.spaces.map((s) => ({ type: 'space' as const, id: s.id })),
    ];
    const subjects = [
      ...callers.map((c) => c.subject),
      ...callers.flatMap((c) => (c.self ? [c.self.subject] : [])),
    ];
    const decisions = await decisionsOf(world, subjects, resources);
    const D = (subject: WireSubject, action: string, r: Resource) => {
      const answer = decisions.get(key(subject, action, r));
      if (answer === undefined) throw new Error(`no decision for ${key(subject, action, r)}`);
      return answer;
    };
    let requests = 0;

    for (const caller of callers) {
      const lacks = (scope: string) => caller.scopes !== null && !caller.scopes.includes(scope);
      const expectStatus = async (
        method: 'GET' | 'PUT' | 'POST' | 'DELETE',
        url: string,
        expected: number,
        why: string,
        payload?: unknown,
      ) => {
        requests++;
        const res = await t.app.inject({
          method,
          url,
          headers: caller.headers,
          ...(payload === undefined ? {} : { payload: payload as object }),
        });
        expect(res.statusCode, `${caller.name}: ${method} ${url} (${why})\n${res.body}`).toBe(
          expected,
        );
        return res;
      };
      /** The status of an endpoint needing `scope`: 401 without it, else what the decisions say. */
      const status = (scope: string, decided: () => number) => (lacks(scope) ? 401 : decided());
      const read = (r: Resource) => D(caller.subject, 'read', r);

      for (const r of resources) {
        const spaceId = r.type === 'space' ? r.id : spaceOf.get(pageOfAttachment.get(r.id) ?? r.id);
        const cloudId = cloudOf.get(spaceId!)!;
        const wiki = `/ex/confluence/${cloudId}/wiki`;
        if (r.type === 'space') {
          const visible = read(r);
          await expectStatus(
            'GET',
            `${wiki}/api/v2/spaces/${r.id}/pages?limit=250`,
            status(READ_SCOPE, () => (visible ? 200 : 404)),
            'read space',
          ).then(async (res) => {
            if (res.statusCode !== 200) return;
            const listed = new Set(
              (res.json() as { results: { id: string }[] }).results.map((p) => p.id),
            );
            const expected = world.content.filter(
              (c) =>
                c.type === 'page' &&
                c.spaceId === r.id &&
                D(caller.subject, 'read', { type: 'page', id: c.id }),
            );
            expect([...listed].sort(), `${caller.name} pages of ${r.id}`).toEqual(
              expected.map((c) => c.id).sort(),
            );
          });
          requests++;
          const level = await t.app.inject({
            method: 'GET',
            url: `${wiki}/api/v2/spaces/${r.id}/classification-level/default`,
            headers: caller.headers,
          });
          const where = `${caller.name} default level of ${r.id}: ${level.body}`;
          if (lacks(READ_SCOPE)) expect(level.statusCode, where).toBe(401);
          else if (!visible) expect(level.body, where).toMatch(/No space found/);
          else
            expect(level.statusCode === 200 || !/No space found/.test(level.body), where).toBe(
              true,
            );
          await expectStatus(
            'PUT',
            `${wiki}/api/v2/spaces/${r.id}/classification-level/default`,
            status(WRITE_SCOPE, () =>
              !D(caller.subject, 'read', r) ? 404 : !D(caller.subject, 'administer', r) ? 403 : 400,
            ),
            'administer space',
            { id: 'no-such-level', status: 'current' },
          );
          continue;
        }

        const attachment = r.type === 'attachment';
        const page: Resource = attachment
          ? {
              type: world.content.find((c) => c.id === pageOfAttachment.get(r.id))!.type,
              id: pageOfAttachment.get(r.id)!,
            }
          : r;
        const canRead = read(r);
        const canRestrict = D(caller.subject, 'restrict', r);
        const readStatus = status(READ_SCOPE, () => (canRead ? 200 : 404));
        const content = `${wiki}/rest/api/content/${r.id}`;
        await expectStatus('GET', content, readStatus, 'read');
        await expectStatus('GET', `${content}/restriction`, readStatus, 'read restrictions');
        await expectStatus('GET', `${content}/restriction/byOperation`, readStatus, 'read');
        await expectStatus('GET', `${content}/restriction/byOperation/update`, readStatus, 'read');
        const ghost = [{ operation: 'read', restrictions: { user: [{ accountId: 'ghost' }] } }];
        const writeStatus = status(WRITE_SCOPE, () => (canRestrict ? 400 : 404));
        await expectStatus('PUT', `${content}/restriction`, writeStatus, 'restrict', ghost);
        await expectStatus('POST', `${content}/restriction`, writeStatus, 'restrict', ghost);
        await expectStatus(
          'PUT',
          `${content}/restriction/byOperation/read/user?accountId=ghost`,
          writeStatus,
          'restrict',
        );
        const viewerForbidden = (allowed: number) =>
          status(WRITE_SCOPE, () => (canRestrict ? allowed : canRead ? 403 : 404));
        await expectStatus(
          'PUT',
          `${content}/restriction/byOperation/read/byGroupId/no-such-group`,
          viewerForbidden(400),
          'restrict',
        );
        await expectStatus(
          'DELETE',
          `${content}/restriction/byOperation/update/byGroupId/no-such-group`,
          viewerForbidden(attachment ? 400 : 200),
          'restrict',
        );
        const restricted = lists.get(r.id)?.restricted ?? false;
        if (!attachment && !restricted) {
          await expectStatus(
            'DELETE',
            `${content}/restriction`,
            viewerForbidden(200),
            'restrict (nothing to clear)',
          );
        }
        const listedUser = attachment ? undefined : lists.get(r.id)?.readUser;
        if (listedUser !== undefined) {
          await expectStatus(
            'GET',
            `${content}/restriction/byOperation/read/user?accountId=${listedUser}`,
            readStatus,
            'read (listed)',
          );
        }
        await expectStatus(
          'GET',
          `${content}/restriction/byOperation/read/byGroupId/no-such-group`,
          status(READ_SCOPE, () => 404),
          'read (not listed)',
        );

        if (attachment) {
          await expectStatus('GET', `${wiki}/api/v2/attachments/${r.id}`, readStatus, 'read');
          await expectStatus(
            'GET',
            `${wiki}/rest/api/content/${page.id}/child/attachment/${r.id}/download`,
            status(READ_SCOPE, () =>
              !read(page) ? 404 : D(caller.subject, 'downloadAttachment', r) ? 200 : 403,
            ),
            'download',
          );
          continue;
        }

        const segment = r.type === 'page' ? 'pages' : 'blogposts';
        await expectStatus('GET', `${wiki}/api/v2/${segment}/${r.id}`, readStatus, 'read');
        const ops = await expectStatus(
          'GET',
          `${wiki}/api/v2/${segment}/${r.id}/operations`,
          readStatus,
          'read',
        );
        if (ops.statusCode === 200) {
          const permitted = (ops.json() as { operations: { operation: string }[] }).operations.map(
            (o) => o.operation,
          );
          const expected = ['read'];
          if (D(caller.subject, 'update', r)) expected.push('update', 'delete');
          if (canRestrict) expected.push('restrict_content');
          if (D(caller.subject, 'export', r)) expected.push('export');
          expect(permitted.sort(), `${caller.name} operations of ${r.id}`).toEqual(expected.sort());
        }
        await expectStatus('GET', `${content}/child/attachment`, readStatus, 'read');
        const exportStatus = status(READ_SCOPE, () =>
          !canRead ? 404 : D(caller.subject, 'export', r) ? 200 : 403,
        );
        await expectStatus('GET', `${wiki}/exportword?pageId=${r.id}`, exportStatus, 'export');
        const level = await t.app.inject({
          method: 'GET',
          url: `${wiki}/api/v2/${segment}/${r.id}/classification-level`,
          headers: caller.headers,
        });
        requests++;
        if (lacks(READ_SCOPE)) expect(level.statusCode).toBe(401);
        else if (!canRead)
          expect(level.body, `${caller.name} level of ${r.id}`).toMatch(/No content/);
        else expect(level.body, `${caller.name} level of ${r.id}`).not.toMatch(/No content/);
        await expectStatus(
          'PUT',
          `${wiki}/api/v2/${segment}/${r.id}/classification-level`,
          status(WRITE_SCOPE, () => (D(caller.subject, 'update', r) ? 400 : 404)),
          'update',
          { id: 'no-such-level', status: 'current' },
        );
        if (r.type === 'page') {
          const children = await expectStatus(
            'GET',
            `${wiki}/api/v2/pages/${r.id}/children?limit=250`,
            readStatus,
            'read',
          );
          if (children.statusCode === 200) {
            const listed = (children.json() as { results: { id: string }[] }).results.map(
              (c) => c.id,
            );
            const expected = (world.childrenOf.get(r.id) ?? []).filter((id) =>
              D(caller.subject, 'read', { type: 'page', id }),
            );
            expect(listed.sort(), `${caller.name} children of ${r.id}`).toEqual(expected.sort());
          }
        }
        if (caller.self !== null) {
          const anonymousCaller = caller.subject.type === 'anonymous';
          const res = await expectStatus(
            'POST',
            `${content}/permission/check`,
            anonymousCaller
              ? 401
              : status(READ_SCOPE, () => (caller.siteAdmin || canRead ? 200 : 404)),
            'permission check of oneself',
            { subject: { type: 'user', identifier: caller.self.identifier }, operation: 'read' },
          );
          if (res.statusCode === 200) {
            expect(
              (res.json() as { hasPermission: boolean }).hasPermission,
              `${caller.name} checks itself on ${r.id}`,
            ).toBe(D(caller.self.subject, 'read', r));
          }
        }
      }
      for (const link of world.links) {
        const cloudId = cloudOf.get(spaceOf.get(link.contentId)!)!;
        const c = world.content.find((x) => x.id === link.contentId)!;
        await expectStatus(
          'GET',
          `/ex/confluence/${cloudId}/wiki/external/${link.id}`,
          D({ type: 'anonymous' }, 'viewPublicLink', c) ? 200 : 404,
          'view public link',
        );
      }
    }
    return requests;
  }

  it('D20 every Confluence endpoint answers what POST …/check decides for its action', async () => {
    let total = 0;
    await fc.assert(
      fc.asyncProperty(worldSpec, async (spec) => {
        const world = buildWorld(spec, 10_000 + worlds++);
        await importTenant(t.storage, world.tenant, `door world ${world.orgId}`);
        await t.index.sync();
        await applyAdminApi(t.app, world);
        await editRestrictions(t.app, world);
        total += await checkWorld(world);
      }),
      { numRuns: NUM_RUNS[dialect] },
    );
    console.log(`one door on ${dialect}: ${NUM_RUNS[dialect]} worlds, ${total} endpoint requests`);
    expect(total).toBeGreaterThan(NUM_RUNS[dialect] * 50);
  }, 240_000);
});
