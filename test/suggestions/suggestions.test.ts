import { afterEach, describe, expect, it, vi } from 'vitest';
import { runExplain } from '../../src/cli/explain.js';
import { decide } from '../../src/domain/decision/engine.js';
import { suggestToAllow } from '../../src/domain/decision/suggest.js';
import type { CheckRequest } from '../../src/domain/decision/types.js';
import { hypothesisOf } from '../../src/index/hypothetical.js';
import {
  admin,
  allApps,
  CLOUD,
  KEY,
  LEVEL_CONFIDENTIAL,
  levelAri,
  ORG,
  siteAri,
  spaceAri,
} from '../admin/helpers.js';
import { applySuggestion, type WireSuggestion } from '../support/apply-suggestion.js';
import { DIALECTS, demoTenant, startTestApp, type TestApp } from '../support/harness.js';

const ADA = '5b10ac8d82e05b22cc7d4ef5';
const GRACE = '5b10ac8d82e05b22cc7d4ef6';
const LINUS = '5b10ac8d82e05b22cc7d4ef7';
const PAT = '5b10ac8d82e05b22cc7d4efa';
const ENGINEERING = '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b01';
const USERS = '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b03';
const REPORTS = 'ari:cloud:ecosystem::connect-app/com.acme.reports';
const APPLIER = {
  orgId: ORG,
  adminKey: KEY,
  editor: { email: 'sam@acme.test', token: 'sam-token' },
};

type Body = Omit<CheckRequest, 'subject'> & { subject: Record<string, unknown> };
interface Answer {
  decision: string;
  toAllow?: WireSuggestion[];
}

describe.each(DIALECTS)('suggestions on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });
  const start = async (tenant = demoTenant()) => {
    t = await startTestApp(dialect, tenant);
  };
  const check = async (body: Body, suggest = true): Promise<Answer> => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/gatehouse/v1/orgs/${ORG}/check`,
      headers: { authorization: `Bearer ${KEY}` },
      payload: { ...body, ...(suggest ? { suggest: true } : {}) },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Answer;
  };
  const user = (accountId: string) => ({ type: 'user', accountId });
  const page = (id: string) => ({ type: 'page' as const, id });
  /** Applies suggestion `i` through the real APIs and checks the request is now allowed. */
  const applyAndAllow = async (body: Body, suggestion: WireSuggestion) => {
    await applySuggestion(t, APPLIER, suggestion);
    expect((await check(body, false)).decision, suggestion.text).toBe('allow');
  };
  const kinds = (answer: Answer) => answer.toAllow!.map((s) => s.changes.map((c) => c.kind));

  it('S1 suggest adds toAllow to a deny only', async () => {
    await start();
    const denied = { subject: user(PAT), action: 'read' as const, resource: page('98307') };
    const answer = await check(denied);
    expect(answer.decision).toBe('deny');
    expect(answer.toAllow!.length).toBeGreaterThan(0);
    expect(await check(denied, false)).not.toHaveProperty('toAllow');
    const allowed = await check({ subject: user(ADA), action: 'read', resource: page('98305') });
    expect(allowed).not.toHaveProperty('toAllow');
    const batch = await t.app.inject({
      method: 'POST',
      url: `/gatehouse/v1/orgs/${ORG}/check/batch`,
      headers: { authorization: `Bearer ${KEY}` },
      payload: { checks: [{ ...denied, suggest: true }, denied] },
    });
    const [first, second] = (batch.json() as { results: Answer[] }).results;
    expect(first!.toAllow).toEqual(answer.toAllow);
    expect(second).not.toHaveProperty('toAllow');
  });

  it('S2 suggestions are verified on a hypothetical snapshot, and applying one allows', async () => {
    await start();
    const body = { subject: user(PAT), action: 'read' as const, resource: page('98307') };
    const revision = t.index.snapshot().revision;
    const answer = await check(body);
    expect(t.index.snapshot().revision).toBe(revision);
    expect(answer.toAllow!.map((s) => s.changes)).toEqual([
      [
        {
          kind: 'restriction.add',
          contentId: '98306',
          operation: 'read',
          subject: { type: 'user', accountId: PAT },
          text: 'add user Pat Public (5b10ac8d82e05b22cc7d4efa) to the read restriction of page 98306 "Roadmap"',
        },
      ],
      [
        {
          kind: 'restriction.add',
          contentId: '98306',
          operation: 'read',
          subject: { type: 'group', id: USERS, name: 'confluence-users' },
          text: 'add group "confluence-users" to the read restriction of page 98306 "Roadmap"',
        },
      ],
    ]);
    expect((await check(body)).decision).toBe('deny');
    await applyAndAllow(body, answer.toAllow![1]!);
  });

  it('S3 each suggestion is enough and minimal, none twice, fewer changes first', async () => {
    await start();
    const request: CheckRequest = {
      subject: { type: 'user', accountId: LINUS, adminKey: false },
      action: 'read',
      resource: page('98322'),
    };
    const snapshot = t.index.snapshot().org(ORG)!;
    const hypothesize = hypothesisOf(snapshot);
    const suggestions = suggestToAllow(snapshot.facts, request, hypothesize);
    expect(suggestions.map((s) => s.changes.map((c) => c.kind))).toEqual([
      ['space.grant', 'restriction.add'],
      ['space.grant', 'restriction.add'],
      ['space.grant', 'restriction.add'],
    ]);
    const keys = new Set(suggestions.map((s) => JSON.stringify(s.changes)));
    expect(keys.size).toBe(suggestions.length);
    for (const s of suggestions) {
      expect(decide(hypothesize(s.changes), request).decision).toBe('allow');
      s.changes.forEach((_, i) => {
        const without = s.changes.filter((__, j) => j !== i);
        expect(decide(hypothesize(without), request).decision).toBe('deny');
      });
    }
    const answer = await check({ ...request, subject: user(LINUS) });
    await applyAndAllow({ ...request, subject: user(LINUS) }, answer.toAllow![0]!);
  });

  it('S4 the user, or one of their groups, the same subject throughout a suggestion', async () => {
    await start();
    const answer = await check({ subject: user(LINUS), action: 'read', resource: page('98322') });
    const subjects = answer.toAllow!.map((s) =>
      s.changes.map((c) => ('subject' in c ? JSON.stringify(c.subject) : '')),
    );
    for (const list of subjects) expect(new Set(list).size).toBe(1);
    expect(subjects.map((list) => JSON.parse(list[0]!) as { type: string; name?: string })).toEqual(
      [
        { type: 'user', accountId: LINUS },
        { type: 'group', id: USERS, name: 'confluence-users' },
        { type: 'group', id: ENGINEERING, name: 'engineering' },
      ],
    );
    await applyAndAllow(
      { subject: user(LINUS), action: 'read', resource: page('98322') },
      answer.toAllow![2]!,
    );
  });

  it('S5 space permissions and scopes: grant, administer, an app scope', async () => {
    await start();
    const administer = {
      subject: user(LINUS),
      action: 'administer' as const,
      resource: { type: 'space' as const, id: '10006' },
    };
    const answer = await check(administer);
    expect(answer.toAllow![0]!.changes).toMatchObject([
      {
        kind: 'space.grant',
        spaceId: '10006',
        spaceKey: 'FIN',
        operation: 'administer',
        subject: { type: 'user', accountId: LINUS },
      },
    ]);
    const app = {
      subject: { type: 'app', ari: REPORTS },
      action: 'update' as const,
      resource: page('98305'),
    };
    const scoped = await check(app);
    expect(scoped.toAllow).toMatchObject([
      { changes: [{ kind: 'app.scope', ari: REPORTS, scope: 'write:confluence-content' }] },
    ]);
    await applyAndAllow(administer, answer.toAllow![0]!);
    await applyAndAllow(app, scoped.toAllow![0]!);
  });

  it('S6 restrictions: the excluding ancestor, the own update list, clearing for anonymous', async () => {
    await start();
    const edit = { subject: user(GRACE), action: 'update' as const, resource: page('98307') };
    const answer = await check(edit);
    expect(answer.toAllow!.map((s) => s.changes[0])).toMatchObject([
      {
        kind: 'restriction.add',
        contentId: '98307',
        operation: 'update',
        subject: { type: 'user', accountId: GRACE },
      },
      {
        kind: 'restriction.add',
        contentId: '98307',
        operation: 'update',
        subject: { type: 'group', name: 'confluence-users' },
      },
      {
        kind: 'restriction.add',
        contentId: '98307',
        operation: 'update',
        subject: { type: 'group', name: 'engineering' },
      },
    ]);
    const anonymous = {
      subject: { type: 'anonymous' },
      action: 'read' as const,
      resource: page('98332'),
    };
    const open = await check(anonymous);
    expect(open.toAllow).toMatchObject([
      { changes: [{ kind: 'restriction.clear', contentId: '98332', operation: 'read' }] },
    ]);
    await applyAndAllow(edit, answer.toAllow![0]!);
    await applyAndAllow(anonymous, open.toAllow![0]!);
  });

  it('S7 anonymous read needs the site switch and the space permission; edits never', async () => {
    const tenant = demoTenant();
    tenant.orgs[0]!.sites![0]!.anonymousAccess = false;
    await start(tenant);
    const read = {
      subject: { type: 'anonymous' },
      action: 'read' as const,
      resource: page('98305'),
    };
    const answer = await check(read);
    expect(answer.toAllow).toMatchObject([
      {
        changes: [
          { kind: 'site.anonymousAccess', cloudId: CLOUD },
          {
            kind: 'space.grant',
            spaceId: '10005',
            operation: 'read',
            subject: { type: 'anonymous' },
          },
        ],
      },
    ]);
    expect((await check({ ...read, action: 'update' })).toAllow).toEqual([]);
    await applyAndAllow(read, answer.toAllow![0]!);
  });

  it('S8 a blocking override: take the page out of its coverage', async () => {
    await start();
    const api = admin(t);
    const org = await api.draft({ level: 'ORG', rule: { export: { effect: 'allow' } } });
    const override = await api.draft({
      level: 'CLASSIFICATION',
      rule: { export: { effect: 'block' } },
    });
    await api.resources(override, [
      { operation: 'ADD', resourceAri: levelAri(LEVEL_CONFIDENTIAL) },
    ]);
    await api.publish('export', [
      { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      { policyId: override, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
    ]);
    const body = { subject: user(ADA), action: 'export' as const, resource: page('98305') };
    const answer = await check(body);
    expect(answer.toAllow).toMatchObject([
      {
        changes: [
          {
            kind: 'policy.removeResource',
            policyId: override,
            rule: 'export',
            coverageLevel: 'CLASSIFICATION',
            resourceAri: levelAri(LEVEL_CONFIDENTIAL),
          },
        ],
      },
    ]);
    await applyAndAllow(body, answer.toAllow![0]!);
  });

  it('S9 a blocking org-wide policy: an allowing override at a level that has none, or an allowing policy', async () => {
    await start();
    const api = admin(t);
    const org = await api.draft({ level: 'ORG', rule: { export: { effect: 'block' } } });
    const workspace = await api.draft({
      level: 'WORKSPACE',
      rule: { export: { effect: 'allow' } },
    });
    const container = await api.draft({
      level: 'CONTAINER',
      rule: { export: { effect: 'block' } },
    });
    await api.resources(container, [{ operation: 'ADD', resourceAri: spaceAri('10007') }]);
    await api.publish('export', [
      { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      { policyId: workspace, action: 'UPDATE', policyCoverageLevel: 'WORKSPACE' },
      { policyId: container, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
    ]);
    const body = { subject: user(ADA), action: 'export' as const, resource: page('98305') };
    const answer = await check(body);
    // CONTAINER's published policy blocks (PUB): a new one would replace it, so none there.
    expect(answer.toAllow!.map((s) => s.changes)).toMatchObject([
      [
        {
          kind: 'policy.addResource',
          policyId: workspace,
          coverageLevel: 'WORKSPACE',
          resourceAri: siteAri,
        },
      ],
      [
        {
          kind: 'policy.publishOverride',
          rule: 'export',
          coverageLevel: 'CLASSIFICATION',
          effect: 'allow',
          resourceAri: levelAri(LEVEL_CONFIDENTIAL),
          overrides: org,
        },
      ],
    ]);
    await applyAndAllow(body, answer.toAllow![1]!);
  });

  it('S10 appAccess: an allow for all apps in the space, or out of the blocking space policy', async () => {
    await start();
    const api = admin(t);
    const org = await api.draft({
      level: 'ORG',
      rule: { appAccess: { effect: 'block' } },
      subject: allApps,
    });
    await api.publish('appAccess', [
      { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
    ]);
    const body = {
      subject: { type: 'app', ari: REPORTS },
      action: 'read' as const,
      resource: page('98305'),
    };
    const answer = await check(body);
    expect(answer.toAllow).toMatchObject([
      {
        changes: [
          {
            kind: 'policy.publishOverride',
            rule: 'appAccess',
            coverageLevel: 'CONTAINER',
            resourceAri: spaceAri('10005'),
            subjectId: 'all_apps',
            overrides: org,
          },
        ],
      },
    ]);
    await applyAndAllow(body, answer.toAllow![0]!);
    // the space override now exists and allows: another space joins it
    const other = { ...body, resource: page('98330') };
    const joined = await check(other);
    expect(joined.toAllow).toMatchObject([
      {
        changes: [
          {
            kind: 'policy.addResource',
            coverageLevel: 'CONTAINER',
            resourceAri: spaceAri('10007'),
          },
        ],
      },
    ]);
    await applyAndAllow(other, joined.toAllow![0]!);

    await t.close();
    await start();
    const api2 = admin(t);
    const allow = await api2.draft({
      level: 'ORG',
      rule: { appAccess: { effect: 'allow' } },
      subject: allApps,
    });
    const block = await api2.draft({
      level: 'CONTAINER',
      rule: { appAccess: { effect: 'block' } },
      subject: allApps,
    });
    await api2.resources(block, [{ operation: 'ADD', resourceAri: spaceAri('10005') }]);
    expect(
      (
        await api2.publish('appAccess', [
          { policyId: allow, action: 'UPDATE', policyCoverageLevel: 'ORG' },
          { policyId: block, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
        ])
      ).statusCode,
    ).toBe(202);
    const blocked = await check(body);
    expect(blocked.toAllow).toMatchObject([
      {
        changes: [
          { kind: 'policy.removeResource', policyId: block, resourceAri: spaceAri('10005') },
        ],
      },
    ]);
    await applyAndAllow(body, blocked.toAllow![0]!);
  });

  it('S11 nothing to suggest: unknowns, a turned-off link, anonymous edits, administering a page', async () => {
    await start();
    const empty = async (body: Body) => {
      const answer = await check(body);
      expect(answer.decision).toBe('deny');
      expect(answer.toAllow, JSON.stringify(body)).toEqual([]);
    };
    await empty({ subject: user('nobody'), action: 'read', resource: page('98305') });
    await empty({ subject: user(ADA), action: 'read', resource: page('no-such-page') });
    await empty({ subject: { type: 'anonymous' }, action: 'update', resource: page('98330') });
    await empty({ subject: user(ADA), action: 'administer', resource: page('98305') });
    await empty({ subject: user(ADA), action: 'export', resource: { type: 'space', id: '10005' } });
    await empty({
      subject: { type: 'anonymous' },
      action: 'viewPublicLink',
      resource: page('98331'),
    });
    const api = admin(t);
    const links = await api.draft({ level: 'ORG', rule: { publicLinks: { effect: 'block' } } });
    await api.publish('publicLinks', [
      { policyId: links, action: 'UPDATE', policyCoverageLevel: 'ORG' },
    ]);
    await empty({
      subject: { type: 'anonymous' },
      action: 'viewPublicLink',
      resource: page('98330'),
    });
  });

  it('S12 gatehouse explain prints "would be allowed if", at most 8 suggestions', async () => {
    await start();
    const flags =
      t.target.kind === 'sqlite' ? { db: t.target.file } : { databaseUrl: t.target.url };
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await runExplain({ ...flags, org: ORG, user: LINUS, action: 'read', resource: 'page:98322' });
      await runExplain({ ...flags, org: ORG, user: ADA, action: 'read', resource: 'page:98305' });
    } finally {
      spy.mockRestore();
    }
    const [denied, allowed] = out;
    const lines = denied!.split('\n').filter((l) => l.startsWith('would be allowed if: '));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'would be allowed if: grant the space permission read in space FIN ("Finance") to user Linus Torvalds (5b10ac8d82e05b22cc7d4ef7) and add user Linus Torvalds (5b10ac8d82e05b22cc7d4ef7) to the read restriction of page 98320 "Finance home"',
    );
    expect(allowed).not.toContain('would be allowed if');
    expect(
      kinds(await check({ subject: user(PAT), action: 'read', resource: page('98307') })).length,
    ).toBeLessThanOrEqual(8);
  });
});
