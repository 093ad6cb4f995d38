import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runRehearse } from '../../src/cli/rehearse.js';
import { ConfigError } from '../../src/config.js';
import { decide } from '../../src/domain/decision/engine.js';
import { encodeCursor } from '../../src/http/cursor.js';
import { admin, allApps, KEY, ORG, spaceAri } from '../admin/helpers.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';

const REHEARSE = `/gatehouse/v1/orgs/${ORG}/rehearse`;

interface Change {
  resource: { type: string; id: string; title: string };
  action: string;
  before: string;
  after: string;
  subjects: {
    users: number;
    groups: { id: string; name: string }[];
    apps: { ari: string }[];
    anonymous: boolean;
  };
  reasons: { rule: string; text: string; policyId?: string }[];
}
interface Answer {
  summary: {
    rules: string[];
    contentAffected: number;
    allowToDeny: number;
    denyToAllow: number;
    usersAffected: number;
    appsAffected: number;
    anonymous: { allowToDeny: number; denyToAllow: number };
    publicLinksTurnedOff: number;
  };
  changes: Change[];
  publicLinks: { turnedOff: { id: string; resource: { id: string } }[]; warning: string | null };
  _links: { next?: string };
}

const batch = (ruleName: string, ops: [string, string, string?][]) => ({
  type: 'data-security',
  ruleName,
  policyOperations: ops.map(([policyId, policyCoverageLevel, action]) => ({
    policyId,
    action: action ?? 'UPDATE',
    policyCoverageLevel,
  })),
});

describe.each(DIALECTS)('rehearsal on %s', (dialect) => {
  let t: TestApp;
  const d = { exportBlock: '', exportEng: '', appsOrg: '', appsEng: '', linksBlock: '' };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const api = admin(t);
    d.exportBlock = await api.draft({ level: 'ORG', rule: { export: { effect: 'block' } } });
    d.exportEng = await api.draft({ level: 'CONTAINER', rule: { export: { effect: 'allow' } } });
    await api.resources(d.exportEng, [{ operation: 'ADD', resourceAri: spaceAri('10005') }]);
    d.appsOrg = await api.draft({
      level: 'ORG',
      rule: { appAccess: { effect: 'allow' } },
      subject: allApps,
    });
    d.appsEng = await api.draft({
      level: 'CONTAINER',
      rule: { appAccess: { effect: 'block' } },
      subject: allApps,
    });
    await api.resources(d.appsEng, [{ operation: 'ADD', resourceAri: spaceAri('10005') }]);
    d.linksBlock = await api.draft({ level: 'ORG', rule: { publicLinks: { effect: 'block' } } });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, payload: object, key = KEY) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}` }, payload });
  const rehearse = async (body: object): Promise<Answer> => {
    const res = await post(REHEARSE, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Answer;
  };
  const exportBlock = () => batch('export', [[d.exportBlock, 'ORG']]);
  const appsBlock = () =>
    batch('appAccess', [
      [d.appsOrg, 'ORG'],
      [d.appsEng, 'CONTAINER'],
    ]);

  it('H1 the request: the Admin API key, 1–20 publish bodies, a page size', async () => {
    expect((await post(REHEARSE, { publish: [exportBlock()] }, 'wrong')).statusCode).toBe(401);
    const empty = await post(REHEARSE, { publish: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      errors: [{ status: 400, code: 'INVALID_REQUEST_PARAMETER' }],
    });
    expect((await post(REHEARSE, { publish: [exportBlock()], limit: 0 })).statusCode).toBe(400);
    expect((await post(REHEARSE, { publish: [exportBlock()], extra: 1 })).statusCode).toBe(400);
    const answer = await rehearse({ publish: [exportBlock()], limit: 2 });
    expect(answer.changes).toHaveLength(2);
    expect(Object.keys(answer).sort()).toEqual(['_links', 'changes', 'publicLinks', 'summary']);
  });

  it('H2 hypothetical and in order: a later batch sees the earlier ones, nothing is written', async () => {
    const events = async () =>
      (
        (
          await t.app.inject({
            method: 'GET',
            url: `/admin/v1/orgs/${ORG}/events?limit=500`,
            headers: { authorization: `Bearer ${KEY}` },
          })
        ).json() as { data: unknown[] }
      ).data.length;
    const before = { revision: t.index.snapshot().revision, events: await events() };
    const alone = await post(REHEARSE, {
      publish: [batch('export', [[d.exportEng, 'CONTAINER']])],
    });
    expect(alone.statusCode).toBe(400);
    const both = await rehearse({
      publish: [exportBlock(), batch('export', [[d.exportEng, 'CONTAINER']])],
      limit: 250,
    });
    // ENG's pages keep export (the override allows), the other spaces lose it
    const exported = both.changes.filter((c) => c.action === 'export').map((c) => c.resource.id);
    expect(exported).not.toContain('98305');
    expect(exported).toContain('98330');
    expect(t.index.snapshot().revision).toBe(before.revision);
    expect(await events()).toBe(before.events);
    const policy = await admin(t).get(d.exportBlock);
    expect(
      (policy.json() as { data: { attributes: { status: string } } }).data.attributes.status,
    ).toBe('draft');
    expect(t.index.org(ORG)!.publicLinks.get('pl-7f3c1d2a')!.enabled).toBe(true);
  });

  it("H3 a batch publish would refuse gets publish's status and body, and its index", async () => {
    const strip = (body: string) =>
      (JSON.parse(body) as { errors: Record<string, unknown>[] }).errors.map(
        ({ id: _id, ...rest }) => rest,
      );
    const cases: object[] = [
      batch('export', [[d.exportEng, 'CONTAINER']]),
      batch('export', [[d.exportBlock, 'WORKSPACE']]),
      batch('appAccess', [[d.appsEng, 'CONTAINER']]),
      batch('export', [['no-such-policy', 'ORG']]),
      { ...exportBlock(), ruleName: 'nope' },
      { ...exportBlock(), policyOperations: [] },
      { ...exportBlock(), extra: true },
    ];
    const publish = (body: object) =>
      post(`/admin/control/v2/orgs/${ORG}/policies/publishDraftPolicies`, body);
    for (const refused of cases) {
      const rehearsed = await post(REHEARSE, { publish: [refused] });
      const published = await publish(refused);
      expect(published.statusCode, JSON.stringify(refused)).toBe(400);
      expect(rehearsed.statusCode, JSON.stringify(refused)).toBe(published.statusCode);
      expect(strip(rehearsed.body)).toEqual(strip(published.body));
      expect(rehearsed.headers['x-gatehouse-batch']).toBe('0');
    }
    // later in the list, the header names the batch
    for (const refused of [cases[3]!, cases[4]!]) {
      const rehearsed = await post(REHEARSE, { publish: [exportBlock(), refused] });
      expect(strip(rehearsed.body)).toEqual(strip((await publish(refused)).body));
      expect(rehearsed.headers['x-gatehouse-batch']).toBe('1');
    }
  });

  it('H4 the universe: content actions, downloads where there are attachments, links where there is one, spaces', async () => {
    const answer = await rehearse({ publish: [appsBlock()], limit: 250 });
    const facts = t.index.decisionFacts(ORG)!;
    for (const c of answer.changes) {
      if (c.resource.type === 'space') {
        expect(['read', 'administer']).toContain(c.action);
        continue;
      }
      const content = facts.content(c.resource.id)!;
      if (c.action === 'downloadAttachment') expect(content.attachments.length).toBeGreaterThan(0);
      if (c.action === 'viewPublicLink') expect(content.publicLinkId).not.toBeNull();
    }
    expect(answer.changes.map((c) => `${c.resource.type}:${c.resource.id}:${c.action}`)).toEqual(
      expect.arrayContaining([
        'space:10005:read',
        'page:98305:read',
        'page:98305:update',
        'page:98305:downloadAttachment',
      ]),
    );
  });

  it('H5 one change per resource, action and direction, with subjects and the deciding policy', async () => {
    const answer = await rehearse({ publish: [exportBlock()], limit: 250 });
    const first = answer.changes[0]!;
    expect(first).toMatchObject({
      resource: { type: 'page', id: '98305', title: 'Engineering home' },
      action: 'export',
      before: 'allow',
      after: 'deny',
      subjects: { users: 6, anonymous: false },
      reasons: [{ rule: 'D7', policyId: d.exportBlock }],
    });
    expect(first.subjects.groups.map((g) => g.name)).toEqual(['engineering', 'confluence-users']);
    const keys = answer.changes.map((c) => `${c.resource.id}|${c.action}|${c.before}`);
    expect(new Set(keys).size).toBe(keys.length);
    // tree order within a space: the Engineering space's pages first, parents before children
    const ids = answer.changes.map((c) => c.resource.id);
    expect(ids.indexOf('98306')).toBeLessThan(ids.indexOf('98307'));
    expect(ids.indexOf('98307')).toBeLessThan(ids.indexOf('98320'));
  });

  it('H6 the summary totals the changes', async () => {
    const answer = await rehearse({ publish: [exportBlock(), appsBlock()], limit: 250 });
    const s = answer.summary;
    const sum = (before: string) =>
      answer.changes
        .filter((c) => c.before === before)
        .reduce(
          (n, c) => n + c.subjects.users + c.subjects.apps.length + (c.subjects.anonymous ? 1 : 0),
          0,
        );
    expect(s.rules).toEqual(['export', 'appAccess']);
    expect(s.allowToDeny).toBe(sum('allow'));
    expect(s.denyToAllow).toBe(sum('deny'));
    expect(s.contentAffected).toBe(
      new Set(answer.changes.filter((c) => c.resource.type !== 'space').map((c) => c.resource.id))
        .size,
    );
    expect(s.appsAffected).toBe(
      new Set(answer.changes.flatMap((c) => c.subjects.apps.map((a) => a.ari))).size,
    );
    expect(s.anonymous.allowToDeny).toBe(
      answer.changes.filter((c) => c.subjects.anonymous && c.before === 'allow').length,
    );
    // every user who may view some page loses export of it
    const facts = t.index.decisionFacts(ORG)!;
    const users = [...facts.users()].filter((u) =>
      [...facts.spaces()].some((space) =>
        Array.from(facts.pages.rootsOf(space.id)).some(
          (slot) =>
            decide(facts, {
              subject: { type: 'user', accountId: u.accountId },
              action: 'read',
              resource: {
                type: facts.pages.isBlogPost(slot) ? 'blogpost' : 'page',
                id: facts.pages.id(slot),
              },
            }).decision === 'allow',
        ),
      ),
    );
    expect(s.usersAffected).toBe(users.length);
  });

  it('H7 paged: the pages add up to the whole, each with the whole summary; a foreign cursor is a 400', async () => {
    const whole = await rehearse({ publish: [exportBlock(), appsBlock()], limit: 250 });
    const seen: Change[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await rehearse({
        publish: [exportBlock(), appsBlock()],
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.summary).toEqual(whole.summary);
      seen.push(...page.changes);
      cursor = page._links.next;
      if (!cursor) break;
    }
    expect(seen).toEqual(whole.changes);
    const foreign = await post(REHEARSE, {
      publish: [exportBlock()],
      cursor: encodeCursor('page:nope|read|allow'),
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('body.cursor');
  });

  it('H8 policies change policy layers only: reads flip for apps, never for users', async () => {
    const answer = await rehearse({ publish: [appsBlock()], limit: 250 });
    for (const c of answer.changes) {
      expect(c.subjects.users, `${c.resource.id} ${c.action}`).toBe(0);
      expect(c.subjects.groups).toEqual([]);
      expect(c.subjects.apps.length).toBeGreaterThan(0);
    }
    expect(answer.changes.find((c) => c.resource.id === '10005')).toMatchObject({
      action: 'read',
      before: 'allow',
      after: 'deny',
      reasons: [{ rule: 'D15', policyId: d.appsEng }],
    });
  });

  it('H9 public links a batch turns off are listed with the warning and stay off', async () => {
    const answer = await rehearse({
      publish: [
        batch('publicLinks', [[d.linksBlock, 'ORG']]),
        batch('publicLinks', [[d.linksBlock, 'ORG', 'DELETE']]),
      ],
      limit: 250,
    });
    expect(answer.summary.publicLinksTurnedOff).toBe(1);
    expect(answer.publicLinks.turnedOff).toEqual([
      { id: 'pl-7f3c1d2a', resource: { type: 'page', id: '98330', title: 'Product overview' } },
    ]);
    expect(answer.publicLinks.warning).toContain('Atlassian does not turn them back on');
    expect(answer.changes).toEqual([
      expect.objectContaining({
        resource: { type: 'page', id: '98330', title: 'Product overview' },
        action: 'viewPublicLink',
        before: 'allow',
        after: 'deny',
        subjects: expect.objectContaining({ users: 6, anonymous: true }),
        reasons: [expect.objectContaining({ rule: 'D13' })],
      }),
    ]);
  });

  it('H10 the users of one change, in accountId order, paged; a missing change is a 404', async () => {
    const url = `${REHEARSE}/subjects`;
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const res = await post(url, {
        publish: [exportBlock()],
        resource: { type: 'page', id: '98306' },
        action: 'export',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as {
        total: number;
        change: { before: string };
        results: { accountId: string; displayName: string }[];
        _links: { next?: string };
      };
      expect(body.total).toBe(3);
      expect(body.change.before).toBe('allow');
      seen.push(...body.results.map((r) => r.accountId));
      cursor = body._links.next;
      if (!cursor) break;
    }
    expect(seen).toEqual([
      '5b10ac8d82e05b22cc7d4ef5',
      '5b10ac8d82e05b22cc7d4ef6',
      '5b10ac8d82e05b22cc7d4ef7',
    ]);
    const missing = await post(url, {
      publish: [exportBlock()],
      resource: { type: 'page', id: '98306' },
      action: 'read',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ errors: [{ status: 404, code: 'NOT_FOUND' }] });
    const refused = await post(url, {
      publish: [batch('export', [['x', 'ORG']])],
      resource: { type: 'page', id: '98306' },
      action: 'export',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ code: 'ADMIN-400-1' }] });
  });

  it('H11 nothing changes: zeros, no changes, no warning', async () => {
    const answer = await rehearse({
      publish: [batch('export', [[d.exportBlock, 'ORG', 'DELETE']])],
    });
    expect(answer).toEqual({
      summary: {
        rules: ['export'],
        contentAffected: 0,
        allowToDeny: 0,
        denyToAllow: 0,
        usersAffected: 0,
        appsAffected: 0,
        anonymous: { allowToDeny: 0, denyToAllow: 0 },
        publicLinksTurnedOff: 0,
      },
      changes: [],
      publicLinks: { turnedOff: [], warning: null },
      _links: {},
    });
  });

  it('H14 gatehouse rehearse: a table and the first changes, --json, exit 0, 4, 1 and 2', async () => {
    const flags =
      t.target.kind === 'sqlite' ? { db: t.target.file } : { databaseUrl: t.target.url };
    const file = (name: string, body: unknown) => {
      const path = join(tmpdir(), `gatehouse-${dialect}-${name}-${process.pid}.json`);
      writeFileSync(path, JSON.stringify(body));
      return path;
    };
    const out: string[] = [];
    const err: string[] = [];
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true)),
    ];
    try {
      expect(
        await runRehearse(file('block', { publish: [exportBlock()] }), { ...flags, org: ORG }),
      ).toBe(4);
      const text = out.join('');
      expect(text).toMatch(/users affected\s+6/);
      expect(text).toContain('page 98305 "Engineering home"  export  allow → deny  6 users');
      out.length = 0;
      expect(
        await runRehearse(file('json', [exportBlock()]), { ...flags, org: ORG, json: true }),
      ).toBe(4);
      const json = JSON.parse(out.join('')) as Answer;
      expect(json).toEqual(await rehearse({ publish: [exportBlock()] }));
      out.length = 0;
      const nothing = [batch('export', [[d.exportBlock, 'ORG', 'DELETE']])];
      expect(await runRehearse(file('none', { publish: nothing }), { ...flags, org: ORG })).toBe(0);
      expect(out.join('')).toContain('No decision would change.');
      expect(
        await runRehearse(file('refused', [batch('export', [['x', 'ORG']])]), {
          ...flags,
          org: ORG,
        }),
      ).toBe(1);
      expect(err.join('')).toContain('publish would refuse batch 0');
      await expect(
        runRehearse(file('bad', { publish: 'no' }), { ...flags, org: ORG }),
      ).rejects.toBeInstanceOf(ConfigError);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
