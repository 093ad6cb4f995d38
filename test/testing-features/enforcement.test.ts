import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { resolveConfig, ConfigError } from '../../src/config.js';
import { parseEnforcementSpec } from '../../src/domain/decision/enforcement-modes.js';
import { RULE_IDS, type RuleId } from '../../src/domain/decision/rule-ids.js';
import type { OrgAccess } from '../../src/http/schemas/orgs.js';
import { startServer } from '../../src/server.js';
import { DIALECTS, openTestStorage, startTestApp, type TestApp } from '../support/harness.js';
import {
  ADA,
  EXPORT_BLOCK,
  OPERATOR_KEY,
  PAT,
  check,
  createOrg,
  forkOrg,
  gatehouseError,
  inject,
  operator,
  orgDocument,
  page,
  user,
  userAuth,
  wiki,
} from './helpers.js';

const FIONA = '5b10ac8d82e05b22cc7d4ef8';
const GRACE = '5b10ac8d82e05b22cc7d4ef6';
const REPORTS = 'ari:cloud:ecosystem::connect-app/com.acme.reports';
const CONTENT = [
  ...[
    '98305',
    '98306',
    '98307',
    '98308',
    '98309',
    '98320',
    '98321',
    '98322',
    '98330',
    '98331',
    '98332',
  ].map(page),
  { type: 'blogpost', id: '98310' },
  { type: 'blogpost', id: '98333' },
];

describe.each(DIALECTS)('enforcement modes on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp(dialect, null, { operatorKey: OPERATOR_KEY });
  });
  afterAll(async () => {
    await t.close();
  });
  /** A fresh org of the demo world, with the given modes and policies. */
  const orgWith = async (enforcement?: object, policies?: object[]) =>
    createOrg(
      t,
      orgDocument(`em-${++n}`, (o) => {
        if (enforcement) (o as Record<string, unknown>).enforcement = enforcement;
        if (policies) (o as Record<string, unknown>).policies = policies;
      }),
    );
  const log = async (org: OrgAccess) =>
    (
      (await operator(t, 'GET', `/gatehouse/v1/orgs/${org.id}/decision-log`)).json() as {
        results: {
          decision: string;
          action: string;
          resource: { id: string };
          reasons: { rule: string }[];
        }[];
      }
    ).results;
  const exportPage = (org: OrgAccess, id: string, who: string) =>
    wiki(t, org, 'GET', `/wiki/exportword?pageId=${id}`, userAuth(org, who));

  it('G19 each rule id names the mode that governs its denials; other denials are never softened', async () => {
    const governed: Partial<Record<RuleId, string>> = {
      D9: 'export',
      D10: 'attachmentDownload',
      D11: 'anonymousAccess',
      D12: 'publicLinks',
      D14: 'appAccess',
      D15: 'appAccess',
      R1: 'restrictions',
      R2: 'restrictions',
      J10: 'anonymousAccess',
      J11: 'appAccess',
      J12: 'export',
      J13: 'attachmentDownload',
    };
    for (const id of Object.keys(RULE_IDS) as RuleId[]) {
      expect(RULE_IDS[id].enforcement, id).toBe(governed[id] ?? null);
    }
    const org = await orgWith({ default: 'soft' });
    // No space read (R6), anonymous without access (R5), a missing scope (D17), an unknown page (D1).
    for (const [subject, action, resource, rule] of [
      [user(PAT), 'read', page('98321'), 'R6'],
      [{ type: 'anonymous' }, 'read', page('98305'), 'R5'],
      [{ type: 'app', ari: REPORTS }, 'update', page('98330'), 'D17'],
      [user(ADA), 'read', page('99999'), 'D1'],
    ] as const) {
      const answer = await check(t, org, subject, action, resource);
      expect(answer.decision, rule).toBe('deny');
      expect(answer.reasons.map((r) => r.rule)).toContain(rule);
      expect(answer.enforcement).toBeUndefined();
    }
    expect(
      (await wiki(t, org, 'GET', '/wiki/api/v2/pages/98321', userAuth(org, PAT))).statusCode,
    ).toBe(404);
    expect((await wiki(t, org, 'GET', '/wiki/api/v2/pages/98305', undefined)).statusCode).toBe(404);
  });

  it('G20 PUT and GET …/enforcement set and read the modes with the org key or the operator key', async () => {
    const org = await orgWith();
    const url = `/gatehouse/v1/orgs/${org.id}/enforcement`;
    const key = `Bearer ${org.adminApiKeys[0]}`;
    const initial = await inject(t, 'GET', url, key);
    expect(initial.json()).toEqual({
      default: 'enforce',
      rules: {},
      effective: {
        export: 'enforce',
        publicLinks: 'enforce',
        anonymousAccess: 'enforce',
        appAccess: 'enforce',
        attachmentDownload: 'enforce',
        restrictions: 'enforce',
      },
    });
    const put = await inject(t, 'PUT', url, key, {
      default: 'soft',
      rules: { export: 'enforce', restrictions: 'soft' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ default: 'soft', rules: { export: 'enforce' } });
    expect((await operator(t, 'GET', url)).json()).toEqual(put.json());
    expect((put.json() as { effective: Record<string, string> }).effective.appAccess).toBe('soft');
    const byOperator = await operator(t, 'PUT', url, { rules: { appAccess: 'off' } });
    expect(byOperator.json()).toMatchObject({ default: 'enforce', rules: { appAccess: 'off' } });

    const other = await orgWith();
    expect((await inject(t, 'GET', url, `Bearer ${other.adminApiKeys[0]}`)).statusCode).toBe(404);
    for (const body of [
      { default: 'loud' },
      { rules: { links: 'soft' } },
      { rules: { export: 'off' }, extra: 1 },
    ]) {
      const res = await inject(t, 'PUT', url, key, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(gatehouseError(res).code).toBe('INVALID_REQUEST_PARAMETER');
    }
    expect((await operator(t, 'GET', '/gatehouse/v1/orgs/nope/enforcement')).statusCode).toBe(404);
  });

  it('G21 --enforcement stores the modes of every org at start and gives them to new orgs', async () => {
    expect(parseEnforcementSpec('soft')).toEqual({ default: 'soft', rules: {} });
    expect(parseEnforcementSpec('export=soft,restrictions=off')).toEqual({
      default: 'enforce',
      rules: { export: 'soft', restrictions: 'off' },
    });
    expect(parseEnforcementSpec('default=off, export=enforce')).toEqual({
      default: 'off',
      rules: { export: 'enforce' },
    });
    expect(parseEnforcementSpec('export=loud,links=soft')).toEqual({
      problems: [
        '"export=loud": expected a mode (enforce, soft, off)',
        '"links=soft": unknown rule (export, publicLinks, anonymousAccess, appAccess, attachmentDownload, restrictions, default)',
      ],
    });
    expect(() => resolveConfig({ enforcement: 'sometimes' }, {})).toThrow(ConfigError);
    expect(resolveConfig({}, { GATEHOUSE_ENFORCEMENT: 'soft' }).enforcement?.default).toBe('soft');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runCli(['serve', '--enforcement', 'export=maybe'])).toBe(2);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^gatehouse: --enforcement/);
    } finally {
      stderr.mockRestore();
    }

    const db = await openTestStorage(dialect);
    try {
      await importTenant(db.storage, orgDocument('em-start-a'), 'a');
      await importTenant(db.storage, orgDocument('em-start-b'), 'b');
      const target =
        db.target.kind === 'sqlite' ? { db: db.target.file } : { databaseUrl: db.target.url };
      const server = await startServer(
        resolveConfig(
          {
            ...target,
            port: '0',
            host: '127.0.0.1',
            demo: false,
            logLevel: 'silent',
            enforcement: 'soft,export=enforce',
            operatorKey: OPERATOR_KEY,
          },
          {},
        ),
      );
      try {
        await server.ready;
        for (const id of ['org-em-start-a', 'org-em-start-b']) {
          expect(server.index.org(id)?.enforcement).toEqual({
            default: 'soft',
            rules: { export: 'enforce' },
          });
        }
        const created = await server.app.inject({
          method: 'POST',
          url: '/gatehouse/v1/orgs',
          headers: { authorization: `Bearer ${OPERATOR_KEY}` },
          payload: orgDocument('em-start-c'),
        });
        expect(created.statusCode).toBe(201);
        expect(server.index.org('org-em-start-c')?.enforcement).toEqual({
          default: 'soft',
          rules: { export: 'enforce' },
        });
        const own = await server.app.inject({
          method: 'POST',
          url: '/gatehouse/v1/orgs',
          headers: { authorization: `Bearer ${OPERATOR_KEY}` },
          payload: orgDocument(
            'em-start-d',
            (o) => (o.enforcement = { rules: { appAccess: 'off' } }),
          ),
        });
        expect(own.statusCode).toBe(201);
        expect(server.index.org('org-em-start-d')?.enforcement).toEqual({
          default: 'enforce',
          rules: { appAccess: 'off' },
        });
      } finally {
        await server.close();
      }
    } finally {
      await db.dispose();
    }
  });

  it('G22 modes are org state: stored, carried by the tenant document, copied by a fork', async () => {
    const org = await orgWith({ rules: { export: 'soft' } });
    await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/enforcement`, {
      default: 'off',
      rules: { restrictions: 'enforce' },
    });
    const row = await t.storage.db
      .selectFrom('orgs')
      .select('enforcement')
      .where('id', '=', org.id)
      .executeTakeFirst();
    expect(JSON.parse(row!.enforcement!)).toEqual({
      default: 'off',
      rules: { restrictions: 'enforce' },
    });
    const doc = await exportTenant(t.storage, org.id);
    expect(doc.orgs[0]!.enforcement).toEqual({
      default: 'off',
      rules: { restrictions: 'enforce' },
    });
    const fork = await forkOrg(t, org.id);
    expect(t.index.org(fork.id)?.enforcement).toEqual({
      default: 'off',
      rules: { restrictions: 'enforce' },
    });
    await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/enforcement`, {});
    expect((await exportTenant(t.storage, org.id)).orgs[0]!.enforcement).toBeUndefined();
    expect(t.index.org(fork.id)?.enforcement.default).toBe('off');
  });

  it('G23 soft lets a denied request through and records what enforcing would have answered', async () => {
    const org = await orgWith({ rules: { restrictions: 'soft', export: 'soft' } }, [EXPORT_BLOCK]);
    const pat = userAuth(org, PAT);
    expect((await wiki(t, org, 'GET', '/wiki/api/v2/pages/98306', pat)).statusCode).toBe(200);
    expect((await exportPage(org, '98305', ADA)).statusCode).toBe(200);
    const entries = await log(org);
    expect(
      entries.map((e) => [e.decision, e.action, e.resource.id, e.reasons.at(-1)!.rule]),
    ).toEqual([
      ['soft-deny', 'export', '98305', 'D9'],
      ['soft-deny', 'read', '98306', 'R1'],
    ]);
  });

  it('G24 off does not apply the rule and records nothing', async () => {
    const org = await orgWith({ rules: { restrictions: 'off', export: 'off' } }, [EXPORT_BLOCK]);
    expect(
      (await wiki(t, org, 'GET', '/wiki/api/v2/pages/98306', userAuth(org, PAT))).statusCode,
    ).toBe(200);
    expect((await exportPage(org, '98305', ADA)).statusCode).toBe(200);
    const answer = await check(t, org, user(PAT), 'read', page('98306'));
    expect(answer.decision).toBe('allow');
    expect(answer.enforcement?.relaxed).toEqual([{ rule: 'restrictions', mode: 'off' }]);
    expect(await log(org)).toEqual([]);
  });

  it('G23 the Jira door applies the modes too: a soft export of an issue is let through and logged', async () => {
    const exportIssue = (org: OrgAccess) =>
      inject(
        t,
        'GET',
        `/ex/jira/${org.sites[0]!.cloudId}/si/jira.issueviews:issue-word/OPS-3/OPS-3.doc`,
        userAuth(org, GRACE),
      );
    const jiraLog = async (org: OrgAccess) =>
      (
        (await operator(t, 'GET', `/gatehouse/v1/orgs/${org.id}/decision-log`)).json() as {
          results: {
            decision: string;
            action: string;
            resource: { type: string; key?: string };
            reasons: { rule: string }[];
          }[];
        }
      ).results.map((e) => [
        e.decision,
        e.action,
        e.resource.type,
        e.resource.key,
        e.reasons.at(-1)!.rule,
      ]);
    const enforced = await orgWith(undefined, [EXPORT_BLOCK]);
    expect((await exportIssue(enforced)).statusCode).toBe(403);
    expect(await jiraLog(enforced)).toEqual([['deny', 'export', 'issue', 'OPS-3', 'J12']]);
    const soft = await orgWith({ rules: { export: 'soft' } }, [EXPORT_BLOCK]);
    expect((await exportIssue(soft)).statusCode).toBe(200);
    expect(await jiraLog(soft)).toEqual([['soft-deny', 'export', 'issue', 'OPS-3', 'J12']]);
    const off = await orgWith({ rules: { export: 'off' } }, [EXPORT_BLOCK]);
    expect((await exportIssue(off)).statusCode).toBe(200);
    expect(await jiraLog(off)).toEqual([]);
  });

  it('G25 a relaxed rule leaves every other rule in force', async () => {
    const org = await orgWith({ rules: { restrictions: 'soft', publicLinks: 'off' } }, [
      EXPORT_BLOCK,
      {
        id: 'pol-links',
        name: 'No public links',
        status: 'published',
        coverageLevel: 'ORG',
        rule: { publicLinks: { effect: 'block' } },
      },
    ]);
    const blocked = await exportPage(org, '98306', PAT);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ message: expect.stringContaining('No export') });
    expect((await log(org)).map((e) => [e.decision, e.action])).toEqual([
      ['deny', 'export'],
      ['soft-deny', 'read'],
    ]);
    // publicLinks off: the policy no longer blocks the link, but a link turned off stays off.
    expect((await wiki(t, org, 'GET', '/wiki/external/pl-7f3c1d2a', undefined)).statusCode).toBe(
      200,
    );
    const off = await orgWith({ rules: { publicLinks: 'off' } });
    const doc = await exportTenant(t.storage, off.id);
    doc.orgs[0]!.sites![0]!.spaces![2]!.pages![0]!.publicLink!.enabled = false;
    expect(
      (await operator(t, 'PUT', `/gatehouse/v1/orgs/${off.id}/snapshot`, doc)).statusCode,
    ).toBe(200);
    expect((await wiki(t, off, 'GET', '/wiki/external/pl-7f3c1d2a', undefined)).statusCode).toBe(
      404,
    );
  });

  it('G26 the check API answers the enforced decision and what enforcing would say; the door agrees', async () => {
    const org = await orgWith({ rules: { restrictions: 'soft', appAccess: 'off' } }, [
      EXPORT_BLOCK,
    ]);
    const soft = await check(t, org, user(PAT), 'read', page('98306'));
    expect(soft).toMatchObject({
      decision: 'allow',
      enforcement: {
        relaxed: [{ rule: 'restrictions', mode: 'soft' }],
        wouldBe: { decision: 'deny', reasons: [{ rule: 'R1' }] },
      },
    });
    const enforced = await check(t, org, user(ADA), 'export', page('98305'));
    expect(enforced.decision).toBe('deny');
    expect(enforced.enforcement).toBeUndefined();
    const batch = await inject(
      t,
      'POST',
      `/gatehouse/v1/orgs/${org.id}/check/batch`,
      `Bearer ${org.adminApiKeys[0]}`,
      {
        checks: [{ subject: user(PAT), action: 'read', resource: page('98306') }],
      },
    );
    expect((batch.json() as { results: unknown[] }).results[0]).toMatchObject({
      enforcement: soft.enforcement,
    });
    for (const who of [ADA, PAT, FIONA, GRACE]) {
      for (const resource of CONTENT) {
        const read = await check(t, org, user(who), 'read', resource);
        const door = await wiki(
          t,
          org,
          'GET',
          `/wiki/rest/api/content/${resource.id}`,
          userAuth(org, who),
        );
        expect(door.statusCode, `${who} read ${resource.id}`).toBe(
          read.decision === 'allow' ? 200 : 404,
        );
      }
    }
  });
});
