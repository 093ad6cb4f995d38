import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { command, runCommand, SYSTEM_ORIGIN, UnauditedWrite } from '../../src/commands/command.js';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { applyDueResources, changeResources } from '../../src/commands/policies/resources.js';
import { AUDIT_ACTION_IDS } from '../../src/domain/audit/actions.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import { openStorage } from '../../src/storage/storage.js';
import { admin, adminError, KEY, levelAri, ORG, spaceAri } from '../admin/helpers.js';
import {
  basic,
  DIALECTS,
  openTestStorage,
  startTestApp,
  type TestApp,
} from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

const ADA = '5b10ac8d82e05b22cc7d4ef5';
const ADA_AUTH = basic('ada@acme.test', 'ada-token');
const EXPORTER_AUTH = 'Bearer exporter-app-token';
const EXPORTER = 'ari:cloud:ecosystem::connect-app/com.acme.exporter';
const EVENTS = `/admin/v1/orgs/${ORG}/events`;
const PUBLIC = '3d0f8a39-5b9e-4c44-9f06-0d5a8c2b7e11';
const INTERNAL = '7e2b1c54-2f1d-4b8a-8c3e-6a9d4f0b2c22';

interface WireEvent {
  id: string;
  type: string;
  attributes: {
    time: string;
    action: string;
    processedAt?: string;
    actor: {
      id: string;
      name?: string;
      email?: string;
      auth?: { authType: string };
      app?: { id: string };
    };
    context: { id: string; type: string; attributes: Record<string, unknown> }[];
    container: { id: string; type: string; attributes: Record<string, unknown> }[];
    location?: { ip: string };
  };
  links: { self: string };
  message: { content: string; format: string };
}
interface WirePage {
  data: WireEvent[];
  meta: { next: string | null; prev: string | null; page_size: number };
  links: { self: string; prev: string | null; next: string | null };
}

describe.each(DIALECTS)('org audit log on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await importTenant(t.storage, smallTenant('org-other', 'o-'), 'other org');
    await t.index.sync();
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (url: string, key = KEY) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  const list = async (query = ''): Promise<WirePage> => {
    const res = await get(`${EVENTS}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as WirePage;
  };
  const since = (time: string) => `?from=${encodeURIComponent(time)}&limit=500`;
  const now = () => new Date().toISOString();
  const content = (
    method: 'PUT' | 'POST' | 'DELETE',
    url: string,
    auth: string,
    payload?: object,
  ) =>
    t.app.inject({
      method,
      url,
      // two orgs' sites: address the demo's by Host
      headers: { authorization: auth, host: 'acme.localhost' },
      ...(payload ? { payload } : {}),
    });

  it('A1 events commit with their write: a refused write records none, an unaudited one fails', async () => {
    const before = (await list('?limit=500')).data.length;
    const api = admin(t);
    const refused = await api.publish('export', [
      { policyId: 'no-such-policy', action: 'UPDATE', policyCoverageLevel: 'ORG' },
    ]);
    expect(refused.statusCode).toBe(400);
    expect((await list('?limit=500')).data.length).toBe(before);

    const revision = await latestRevision(t.storage.db);
    const forgetful = command('forgets its event', async (ctx) => {
      await ctx.record([{ orgId: ORG, kind: 'policy', entityId: 'x' }]);
    });
    await expect(
      runCommand(t.storage, t.index.snapshot(), forgetful, SYSTEM_ORIGIN),
    ).rejects.toBeInstanceOf(UnauditedWrite);
    expect(await latestRevision(t.storage.db)).toBe(revision);

    const failing = command('audits, then fails', async (ctx) => {
      ctx.audit({ orgId: ORG, action: 'policy_created', context: [], container: [], message: 'x' });
      await ctx.record([{ orgId: ORG, kind: 'policy', entityId: 'y' }]);
      throw new Error('boom');
    });
    await expect(runCommand(t.storage, t.index.snapshot(), failing, SYSTEM_ORIGIN)).rejects.toThrow(
      'boom',
    );
    expect((await list('?limit=500')).data.length).toBe(before);

    const id = await api.draft({ level: 'ORG', rule: { export: { effect: 'allow' } } });
    const [event] = (await list('?limit=1')).data;
    expect(event!.attributes.action).toBe('policy_created');
    expect(event!.attributes.context[0]!.id).toBe(id);
  });

  it('A2 actors: the key owner as createdBy, the user, the app, the import, the timer', async () => {
    const from = now();
    const api = admin(t);
    const id = await api.draft({ level: 'ORG', rule: { anonymousAccess: { effect: 'allow' } } });
    const createdBy = (
      (await api.get(id)).json() as { data: { attributes: { metadata: { createdBy: string } } } }
    ).data.attributes.metadata.createdBy;
    const put = (auth: string, page: string, accountId: string) =>
      content('POST', `/wiki/rest/api/content/${page}/restriction`, auth, [
        { operation: 'update', restrictions: { user: [{ accountId }] } },
      ]);
    expect((await put(EXPORTER_AUTH, '98305', '5b10ac8d82e05b22cc7d4ef7')).statusCode).toBe(200);
    expect((await put(ADA_AUTH, '98309', '5b10ac8d82e05b22cc7d4ef6')).statusCode).toBe(200);
    const events = (await list(since(from))).data.reverse();
    const [byKey, byApp, byUser] = events;
    expect(byKey!.attributes.actor).toEqual({
      id: createdBy,
      name: 'Admin API key',
      auth: { authType: 'api-token' },
    });
    expect(byKey!.attributes.location).toEqual({ ip: '127.0.0.1' });
    expect(byUser!.attributes.actor).toEqual({
      id: ADA,
      name: 'Ada Lovelace',
      email: 'ada@acme.test',
      auth: { authType: 'api-token' },
    });
    expect(byApp!.attributes.actor).toMatchObject({
      id: '557058:app-exporter',
      auth: { authType: 'connect-token' },
      app: { id: EXPORTER, type: 'app' },
    });
    const oldest = (await list(`?action=tenant_imported&limit=500`)).data.at(-1)!;
    expect(oldest.attributes.actor).toEqual({
      id: 'ari:cloud:identity::user/gatehouse-import',
      name: 'Gatehouse import',
    });
    expect(oldest.attributes.location).toBeUndefined();

    // The propagation timer: resources added pending, then applied by Gatehouse itself.
    const override = await api.draft({
      level: 'CONTAINER',
      rule: { anonymousAccess: { effect: 'block' } },
    });
    const actor = { orgId: ORG, ari: createdBy };
    await runCommand(
      t.storage,
      t.index.snapshot(),
      changeResources(
        actor,
        override,
        [{ operation: 'ADD', resourceAri: spaceAri('10007') }],
        60_000,
      ),
      SYSTEM_ORIGIN,
    );
    await runCommand(t.storage, t.index.snapshot(), applyDueResources(ORG, 0), SYSTEM_ORIGIN);
    const [applied] = (await list('?action=policy_resources_applied')).data;
    expect(applied!.attributes.actor).toEqual({ id: 'gatehouse-system', name: 'Gatehouse' });
    expect(applied!.attributes.context.map((c) => c.id)).toEqual([override, spaceAri('10007')]);
  });

  it('A3 each write records its actions; a publish one event per operation, in batch order', async () => {
    const from = now();
    const api = admin(t);
    const org = await api.draft({
      level: 'ORG',
      rule: { attachmentDownload: { effect: 'allow' } },
    });
    expect(
      (
        await api.call('PUT', `/admin/control/v2/orgs/${ORG}/policies/${org}`, {
          data: {
            type: 'policy',
            attributes: {
              type: 'data-security',
              name: 'renamed',
              metadata: { policyCoverageLevel: 'ORG' },
              rule: { attachmentDownload: { effect: 'allow' } },
            },
          },
        })
      ).statusCode,
    ).toBe(202);
    const override = await api.draft({
      level: 'CLASSIFICATION',
      rule: { attachmentDownload: { effect: 'block' } },
    });
    await api.resources(override, [
      { operation: 'ADD', resourceAri: levelAri(PUBLIC) },
      { operation: 'ADD', resourceAri: levelAri(INTERNAL) },
    ]);
    await api.resources(override, [{ operation: 'REMOVE', resourceAri: levelAri(INTERNAL) }]);
    expect(
      (
        await api.publish('attachmentDownload', [
          { policyId: override, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
          { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        ])
      ).statusCode,
    ).toBe(202);
    const scratch = await api.draft({ level: 'UNASSIGNED', rule: { export: { effect: 'block' } } });
    expect((await api.remove(scratch)).statusCode).toBe(202);
    // publicLinks: a block of the PUB space turns the public link of 98330 off.
    const links = await api.draft({ level: 'ORG', rule: { publicLinks: { effect: 'block' } } });
    expect(
      (
        await api.publish('publicLinks', [
          { policyId: links, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        ])
      ).statusCode,
    ).toBe(202);
    expect(
      (
        await content('PUT', '/wiki/rest/api/content/98331/restriction', ADA_AUTH, [
          { operation: 'read', restrictions: { group: [{ type: 'group', name: 'engineering' }] } },
        ])
      ).statusCode,
    ).toBe(200);
    expect(
      (await content('DELETE', '/wiki/rest/api/content/98331/restriction', ADA_AUTH)).statusCode,
    ).toBe(200);
    expect(
      (
        await content('PUT', '/wiki/api/v2/pages/98331/classification-level', ADA_AUTH, {
          id: INTERNAL,
          status: 'current',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await content('POST', '/wiki/api/v2/pages/98331/classification-level/reset', ADA_AUTH, {
          status: 'current',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await content('PUT', '/wiki/api/v2/spaces/10007/classification-level/default', ADA_AUTH, {
          id: PUBLIC,
        })
      ).statusCode,
    ).toBe(204);

    const actions = (await list(since(from))).data.reverse().map((e) => e.attributes.action);
    expect(actions).toEqual([
      'policy_created',
      'policy_updated',
      'policy_created',
      'policy_resources_added',
      'policy_resources_removed',
      'policy_published',
      'policy_published',
      'policy_created',
      'policy_deleted',
      'policy_created',
      'policy_published',
      'confluence_public_link_turned_off',
      // the PUT adds engineering and Ada (kept in the list she would lock herself out of, R18)
      'content_restriction_added',
      'content_restriction_removed',
      'content_classification_changed',
      'content_classification_changed',
      'space_default_classification_changed',
    ]);
    const published = (
      await list(`?action=policy_published&limit=2&from=${encodeURIComponent(from)}`)
    ).data;
    expect(published.map((e) => e.attributes.context[0]!.id)).toEqual([links, org]);
    expect(published[1]!.message).toEqual({
      content: 'Published "renamed" (attachmentDownload, ORG)',
      format: 'simple',
    });
    const [off] = (await list('?action=confluence_public_link_turned_off')).data;
    expect(off!.attributes.context.map((c) => c.id)).toEqual(['pl-7f3c1d2a', '98330']);
  });

  it('A4 context is what changed, container where', async () => {
    const from = now();
    const api = admin(t);
    const id = await api.draft({
      name: 'Context policy',
      level: 'UNASSIGNED',
      rule: { export: { effect: 'block' } },
    });
    expect(
      (
        await content('POST', '/wiki/rest/api/content/98307/restriction', ADA_AUTH, [
          {
            operation: 'read',
            restrictions: {
              user: [{ accountId: '5b10ac8d82e05b22cc7d4ef6' }],
              group: [{ type: 'group', name: 'finance' }],
            },
          },
        ])
      ).statusCode,
    ).toBe(200);
    const [restriction, policy] = (await list(since(from))).data;
    expect(policy!.attributes.context).toEqual([
      {
        id,
        type: 'org-policy',
        attributes: {
          name: 'Context policy',
          type: 'data-security',
          status: 'draft',
          rules: ['export'],
          policyCoverageLevel: 'UNASSIGNED',
        },
        links: { self: null, alt: null },
      },
    ]);
    expect(policy!.attributes.container).toEqual([
      { id: ORG, type: 'orgs', attributes: { name: 'Acme' }, links: { self: null, alt: null } },
    ]);
    expect(restriction!.attributes.action).toBe('content_restriction_added');
    expect(restriction!.attributes.context.map((c) => [c.type, c.id])).toEqual([
      ['page', '98307'],
      ['users', ADA],
      ['users', '5b10ac8d82e05b22cc7d4ef6'],
      ['groups', '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b02'],
    ]);
    expect(restriction!.attributes.context[0]!.attributes).toEqual({
      title: 'Q3 plan',
      operation: 'read',
    });
    expect(restriction!.attributes.container.map((c) => [c.type, c.id])).toEqual([
      ['sites', 'ee3c3183-3d6e-4077-8053-676d62c40929'],
      ['spaces', '10005'],
    ]);
  });

  it('A5 newest first, paged with meta and links', async () => {
    const from = now();
    const api = admin(t);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(
        await api.draft({
          name: `page ${i}`,
          level: 'UNASSIGNED',
          rule: { export: { effect: 'allow' } },
        }),
      );
    }
    const seen: string[] = [];
    let query = `?from=${encodeURIComponent(from)}&limit=3`;
    const pages: WirePage[] = [];
    for (;;) {
      const page = await list(query);
      pages.push(page);
      seen.push(...page.data.map((e) => e.attributes.context[0]!.id));
      expect(page.meta.page_size).toBe(3);
      if (!page.links.next) break;
      query = `?${page.links.next.split('?')[1]}`;
    }
    expect(seen).toEqual([...ids].reverse());
    expect(pages.map((p) => p.data.length)).toEqual([3, 3, 1]);
    expect(pages[0]!.meta.prev).toBeNull();
    expect(pages[0]!.links.prev).toBeNull();
    expect(pages[2]!.meta.next).toBeNull();
    expect(pages[2]!.links.next).toBeNull();
    const times = pages.flatMap((p) => p.data.map((e) => e.attributes.time));
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('A6 filters: action, actor, ip, product, q, from and to (ms, seconds, ISO)', async () => {
    const from = now();
    const fromMs = Date.parse(from);
    const api = admin(t);
    await api.draft({ name: 'Needle in a haystack', level: 'UNASSIGNED' });
    expect(
      (
        await content('POST', '/wiki/rest/api/content/98331/restriction', ADA_AUTH, [
          { operation: 'update', restrictions: { user: [{ accountId: ADA }] } },
        ])
      ).statusCode,
    ).toBe(200);
    const after = `&from=${fromMs}`;
    const actions = async (q: string) =>
      (await list(`?limit=500${after}${q}`)).data.map((e) => e.attributes.action);
    expect(await actions('')).toEqual(['content_restriction_added', 'policy_created']);
    expect(await actions('&action=policy_created')).toEqual(['policy_created']);
    expect(await actions(`&actor=${ADA}`)).toEqual(['content_restriction_added']);
    expect(await actions(`&actor=${ADA}&actor=nobody`)).toEqual(['content_restriction_added']);
    expect(await actions('&product=confluence')).toEqual(['content_restriction_added']);
    expect(await actions('&ip=127.0.0.1')).toHaveLength(2);
    expect(await actions('&ip=10.0.0.1')).toEqual([]);
    expect(await actions('&q=NEEDLE')).toEqual(['policy_created']);
    expect(await actions('&q=getting%20started')).toEqual(['content_restriction_added']);
    expect(await actions('&q=100%25')).toEqual([]);
    // seconds, ISO and an inclusive `to`
    const seconds = Math.floor(fromMs / 1000) + 3600;
    expect((await list(`?from=${seconds}`)).data).toEqual([]);
    const earlier = (await list(`?to=${fromMs - 1}&limit=500`)).data;
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.every((e) => Date.parse(e.attributes.time) < fromMs)).toBe(true);
    const newest = (await list(`?limit=1`)).data[0]!;
    const exactly = Date.parse(newest.attributes.time);
    expect((await list(`?from=${exactly}&to=${exactly}`)).data.map((e) => e.id)).toContain(
      newest.id,
    );

    for (const bad of ['from=yesterday', 'to=12abc', `from=${fromMs}&to=${fromMs - 1000}`]) {
      const res = await get(`${EVENTS}?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(adminError(res).code).toBe('ADMIN-400-3');
      expect(
        (res.json() as { errors: { status: string; title: string }[] }).errors[0],
      ).toMatchObject({
        status: '400',
        title: 'Bad Request',
      });
    }
  });

  it('A7 cursors: opaque, refused when forged, links keep the filters, back and forth agree', async () => {
    const from = now();
    const api = admin(t);
    for (let i = 0; i < 4; i++) await api.draft({ name: `cursor ${i}`, level: 'UNASSIGNED' });
    const filters = `from=${encodeURIComponent(from)}&action=policy_created&limit=2`;
    const first = await list(`?${filters}`);
    expect(first.links.next).toContain('action=policy_created');
    expect(first.links.next).toContain(`from=${encodeURIComponent(from)}`);
    const second = await list(`?${first.links.next!.split('?')[1]}`);
    expect(second.links.prev).toContain('action=policy_created');
    const back = await list(`?${second.links.prev!.split('?')[1]}`);
    expect(back.data.map((e) => e.id)).toEqual(first.data.map((e) => e.id));
    // meta.next alone, with the filters sent again
    const again = await list(`?${filters}&cursor=${first.meta.next!}`);
    expect(again.data.map((e) => e.id)).toEqual(second.data.map((e) => e.id));
    for (const bad of ['nope', Buffer.from('{"d":"next"}').toString('base64url')]) {
      const res = await get(`${EVENTS}?cursor=${bad}`);
      expect(res.statusCode).toBe(400);
      expect(adminError(res).code).toBe('ADMIN-400-1');
    }
  });

  it('A8 one event by id; 404 ADMIN-404-4; errors of /admin/v1 are JSON:API objects', async () => {
    const [newest] = (await list('?limit=1')).data;
    const one = await get(`${EVENTS}/${newest!.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ data: newest });
    expect(newest!.links.self).toBe(`${EVENTS}/${newest!.id}`);
    const missing = await get(`${EVENTS}/no-such-event`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      errors: [{ status: '404', code: 'ADMIN-404-4', title: 'Not Found' }],
    });
    const anonymous = await t.app.inject({ method: 'GET', url: EVENTS });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ errors: [{ status: '401' }] });
    const wrongKey = await get(EVENTS, 'not-a-key');
    expect(wrongKey.statusCode).toBe(401);
  });

  it('A9 the stream: oldest first with processedAt; its last cursor polls for new events', async () => {
    let cursor: string | undefined;
    let total = 0;
    for (;;) {
      const res = await get(
        `/admin/v1/orgs/${ORG}/events-stream?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      const page = res.json() as WirePage;
      expect(page.meta.next).toEqual(expect.any(String));
      for (const e of page.data) expect(e.attributes.processedAt).toBe(e.attributes.time);
      total += page.data.length;
      cursor = page.meta.next!;
      if (page.data.length === 0) break;
    }
    expect(total).toBe((await list('?limit=500')).data.length);
    await admin(t).draft({ name: 'polled', level: 'UNASSIGNED' });
    const polled = (
      await get(`/admin/v1/orgs/${ORG}/events-stream?cursor=${cursor}`)
    ).json() as WirePage;
    expect(polled.data.map((e) => e.attributes.action)).toEqual(['policy_created']);
    const oldest = (await get(`/admin/v1/orgs/${ORG}/events-stream?limit=1`)).json() as WirePage;
    expect(oldest.data[0]!.attributes.action).toBe('tenant_imported');
    const newest = (
      await get(`/admin/v1/orgs/${ORG}/events-stream?limit=1&sortOrder=desc`)
    ).json() as WirePage;
    expect(newest.data[0]!.id).toBe(polled.data[0]!.id);
  });

  it('A10 event-actions lists every action the log records', async () => {
    const res = await get(`/admin/v1/orgs/${ORG}/event-actions`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      data: {
        id: string;
        type: string;
        attributes: { displayName: string; groupDisplayName: string };
      }[];
      links: null;
      meta: null;
    };
    expect(body.data.map((a) => a.id)).toEqual([...AUDIT_ACTION_IDS]);
    expect(body.links).toBeNull();
    expect(body.meta).toBeNull();
    for (const action of body.data) {
      expect(action.type).toBe('eventActions');
      expect(action.attributes.displayName.length).toBeGreaterThan(0);
    }
    const recorded = new Set((await list('?limit=500')).data.map((e) => e.attributes.action));
    for (const action of recorded) expect(body.data.map((a) => a.id)).toContain(action);
  });

  it('A11 events survive a restart and a second instance on the same database sees one log', async () => {
    const before = (await list('?limit=500')).data;
    const storage = await openStorage(t.target);
    try {
      const index = await WorldIndex.load(storage);
      const other = await buildApp(t.config, { storage, index }, { logger: false });
      await other.ready();
      try {
        const read = async () =>
          (
            (
              await other.inject({
                method: 'GET',
                url: `${EVENTS}?limit=500`,
                headers: { authorization: `Bearer ${KEY}` },
              })
            ).json() as WirePage
          ).data;
        expect(await read()).toEqual(before);
        const id = await admin(t).draft({ name: 'seen by both', level: 'UNASSIGNED' });
        const [newest] = await read();
        expect(newest!.attributes.context[0]!.id).toBe(id);
        // and a write through the second instance shows in the first at once
        const res = await other.inject({
          method: 'DELETE',
          url: `/admin/control/v1/orgs/${ORG}/policies/${id}`,
          headers: { authorization: `Bearer ${KEY}` },
        });
        expect(res.statusCode).toBe(202);
        expect((await list('?limit=1')).data[0]!.attributes.action).toBe('policy_deleted');
      } finally {
        await other.close();
      }
    } finally {
      await storage.close();
    }
  });

  it('A12 export writes the log and an import of the export restores it', async () => {
    const file = await exportTenant(t.storage, ORG);
    const events = file.orgs[0]!.events!;
    const listed = (await list('?limit=500')).data;
    expect(events.map((e) => e.id)).toEqual(listed.map((e) => e.id).reverse());
    const copy = await openTestStorage(dialect);
    try {
      await importTenant(copy.storage, file, 'restore');
      const restored = (await exportTenant(copy.storage)).orgs[0]!.events!;
      expect(restored.slice(0, -1)).toEqual(events);
      expect(restored.at(-1)!.action).toBe('tenant_imported');
    } finally {
      await copy.dispose();
    }
  });

  it("A13 one log per org: another org's key sees 404, and writes never cross", async () => {
    const other = await get(EVENTS, 'o-admin-key-small');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ errors: [{ status: '404', code: 'ADMIN-404-2' }] });
    const own = await get('/admin/v1/orgs/org-other/events', 'o-admin-key-small');
    expect(own.statusCode).toBe(200);
    expect((own.json() as WirePage).data.map((e) => e.attributes.action)).toEqual([
      'tenant_imported',
    ]);
    const ours = (await list('?limit=500')).data;
    expect(ours.every((e) => e.links.self.startsWith(EVENTS))).toBe(true);
    expect(ours.some((e) => e.attributes.container.some((c) => c.id === 'org-other'))).toBe(false);
  });
});
