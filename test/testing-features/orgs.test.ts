import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorKeyLine } from '../../src/cli/banner.js';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { ConfigError, resolveConfig } from '../../src/config.js';
import type { OrgAccess } from '../../src/http/schemas/orgs.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { startServer } from '../../src/server.js';
import type { TenantFile } from '../../src/tenant/schema.js';
import { DIALECTS, openTestStorage, startTestApp, type TestApp } from '../support/harness.js';
import { withoutLatestImport } from '../support/round-trip.js';
import {
  ADA,
  EXPORT_BLOCK,
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

const V2 = (id: string) => `/wiki/api/v2/pages/${id}`;

/** A snapshot without what a fork renews: for comparing a fork with its source. */
function withoutRenewed(doc: TenantFile) {
  const org = structuredClone(doc.orgs[0]!);
  return {
    ...org,
    id: undefined,
    adminApiKeys: undefined,
    users: org.users?.map((u) => ({ ...u, apiToken: u.apiToken === undefined })),
    apps: org.apps?.map((a) => ({ ...a, token: a.token === undefined })),
    sites: org.sites?.map((s) => ({ ...s, name: undefined, cloudId: undefined })),
    policies: org.policies?.map((p) => ({ ...p, resources: p.resources?.length })),
    // compared on their own: the fork's log is the source's plus `org_forked` (audit-log.md A14)
    events: undefined,
  };
}

describe.each(DIALECTS)('orgs on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, null, { operatorKey: 'test-operator-key-0123456789' });
  });
  afterAll(async () => {
    await t.close();
  });
  const snapshotOf = async (orgId: string) => {
    const res = await operator(t, 'GET', `/gatehouse/v1/orgs/${orgId}/snapshot`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TenantFile;
  };

  it('G1 the operator key: constant-time, not an Admin API key, generated and printed when not given', async () => {
    const doc = orgDocument('g1');
    const missing = await inject(t, 'POST', '/gatehouse/v1/orgs', undefined, doc);
    expect(missing.statusCode).toBe(401);
    expect(gatehouseError(missing).code).toBe('UNAUTHORIZED');
    for (const wrong of ['Bearer x', `Bearer ${'k'.repeat(5000)}`, 'Basic Zm9vOmJhcg==']) {
      const res = await inject(t, 'POST', '/gatehouse/v1/orgs', wrong, doc);
      expect(res.statusCode, wrong.slice(0, 20)).toBe(401);
      expect(gatehouseError(res).detail).toMatch(/^Unauthorized/);
    }
    const org = await createOrg(t, doc);
    const withAdminKey = await inject(
      t,
      'POST',
      `/gatehouse/v1/orgs/${org.id}/fork`,
      `Bearer ${org.adminApiKeys[0]}`,
    );
    expect(withAdminKey.statusCode).toBe(401);
    const named = await operator(
      t,
      'POST',
      '/gatehouse/v1/orgs',
      orgDocument('g1b', (o) => (o.adminApiKeys = ['test-operator-key-0123456789'])),
    );
    expect(named.statusCode).toBe(409);
    expect(gatehouseError(named).code).toBe('ORG_CONFLICT');

    const generated = resolveConfig({}, {});
    expect(generated.operatorKeyGenerated).toBe(true);
    expect(generated.operatorKey).toMatch(/^gh-operator-[\w-]{32}$/);
    expect(resolveConfig({}, {}).operatorKey).not.toBe(generated.operatorKey);
    expect(resolveConfig({}, { GATEHOUSE_OPERATOR_KEY: 'from-the-env-0123456' }).operatorKey).toBe(
      'from-the-env-0123456',
    );
    expect(() => resolveConfig({ operatorKey: 'short' }, {})).toThrow(ConfigError);
    expect(operatorKeyLine(generated.operatorKey)).toBe(
      `Operator key:    ${generated.operatorKey}  (generated; set --operator-key to keep one)`,
    );

    // A database whose Admin API key is the operator key does not start.
    const other = await openTestStorage(dialect);
    try {
      await importTenant(
        other.storage,
        orgDocument('g1c', (o) => (o.adminApiKeys = ['the-same-key-0123456789'])),
        'g1',
      );
      const storage =
        other.target.kind === 'sqlite'
          ? { db: other.target.file }
          : { databaseUrl: other.target.url };
      await expect(
        startServer(
          resolveConfig(
            {
              ...storage,
              port: '0',
              host: '127.0.0.1',
              demo: false,
              logLevel: 'silent',
              operatorKey: 'the-same-key-0123456789',
            },
            {},
          ),
        ),
      ).rejects.toThrow(/operator key is an Admin API key of org org-g1c/);
    } finally {
      await other.dispose();
    }
  });

  it('G2 POST /gatehouse/v1/orgs creates an org as given and answers its keys, sites and credentials', async () => {
    const org = await createOrg(t, orgDocument('g2'));
    expect(org).toMatchObject({
      id: 'org-g2',
      adminApiKeys: ['admin-key-g2'],
      sites: [{ name: 'acme-g2', cloudId: 'cloud-g2' }],
    });
    expect(org.users).toContainEqual({
      accountId: ADA,
      email: 'ada@acme.test',
      apiToken: 'ada-token',
    });
    expect(org.apps).toContainEqual({
      ari: 'ari:cloud:ecosystem::connect-app/com.acme.exporter',
      token: 'exporter-app-token',
    });
    expect((await wiki(t, org, 'GET', V2('98305'), userAuth(org, ADA))).statusCode).toBe(200);

    const again = await operator(t, 'POST', '/gatehouse/v1/orgs', orgDocument('g2'));
    expect(again.statusCode).toBe(409);
    expect(gatehouseError(again).code).toBe('ORG_EXISTS');
    const taken = await operator(
      t,
      'POST',
      '/gatehouse/v1/orgs',
      orgDocument('g2b', (o) => (o.sites![0]!.name = 'acme-g2')),
    );
    expect(taken.statusCode).toBe(409);
    expect(gatehouseError(taken)).toMatchObject({
      code: 'ORG_CONFLICT',
      detail: 'orgs[0].sites[0].name: "acme-g2" already belongs to org org-g2 in the database',
    });
    const broken = orgDocument('g2c', (o) => {
      o.sites![0]!.spaces![0]!.pages![0]!.id = '98310';
      (o as Record<string, unknown>).colour = 'red';
    });
    const bad = await operator(t, 'POST', '/gatehouse/v1/orgs', broken);
    expect(bad.statusCode).toBe(400);
    expect(gatehouseError(bad)).toMatchObject({ code: 'TENANT_INVALID' });
    expect(gatehouseError(bad).detail).toContain('orgs[0].colour');
    const two = { orgs: [...orgDocument('g2d').orgs, ...orgDocument('g2e').orgs] };
    const twice = await operator(t, 'POST', '/gatehouse/v1/orgs', two);
    expect(twice.statusCode).toBe(400);
    expect(gatehouseError(twice).detail).toBe('orgs: expected exactly one org, got 2');
    for (const id of ['org-g2b', 'org-g2c', 'org-g2d', 'org-g2e']) {
      expect((await operator(t, 'GET', `/gatehouse/v1/orgs/${id}/snapshot`)).statusCode).toBe(404);
    }
  });

  it('G3 a fork renews id, site names, cloudIds, keys and tokens and copies everything else', async () => {
    const source = await createOrg(
      t,
      orgDocument('g3', (o) => {
        o.policies = [
          EXPORT_BLOCK,
          {
            id: 'pol-site-export',
            name: 'Export on the site',
            status: 'published',
            coverageLevel: 'WORKSPACE',
            rule: { export: { effect: 'allow' } },
            resources: ['ari:cloud:confluence::site/cloud-g3'],
          },
          {
            id: 'pol-space-download',
            name: 'No downloads in ENG',
            status: 'draft',
            coverageLevel: 'CONTAINER',
            rule: { attachmentDownload: { effect: 'block' } },
            resources: ['ari:cloud:confluence:cloud-g3:space/10005'],
          },
        ];
        o.enforcement = { rules: { restrictions: 'soft' } };
      }),
    );
    const fork = await forkOrg(t, source.id);
    expect(fork.id).not.toBe(source.id);
    expect(fork.sites).toHaveLength(1);
    expect(fork.sites[0]!.name).toMatch(/^acme-g3-[0-9a-f]{8}$/);
    expect(fork.sites[0]!.cloudId).not.toBe('cloud-g3');
    expect(fork.adminApiKeys).toHaveLength(1);
    expect(fork.adminApiKeys[0]).not.toBe(source.adminApiKeys[0]);
    expect(fork.users.map((u) => [u.accountId, u.email])).toEqual(
      source.users.map((u) => [u.accountId, u.email]),
    );
    fork.users.forEach((u, i) => {
      expect(u.apiToken === null).toBe(source.users[i]!.apiToken === null);
      if (u.apiToken !== null) expect(u.apiToken).not.toBe(source.users[i]!.apiToken);
    });
    fork.apps.forEach((a, i) => expect(a.token).not.toBe(source.apps[i]!.token));

    const [a, b] = [await snapshotOf(source.id), await snapshotOf(fork.id)];
    expect(withoutRenewed(b)).toEqual(withoutRenewed(a));
    const forkEvents = b.orgs[0]!.events ?? [];
    expect(forkEvents.slice(0, -1)).toEqual(a.orgs[0]!.events);
    expect(forkEvents[forkEvents.length - 1]!.action).toBe('org_forked');
    const forkCloud = fork.sites[0]!.cloudId;
    expect(b.orgs[0]!.policies!.map((p) => [p.id, p.resources])).toEqual([
      ['pol-no-export', []],
      ['pol-site-export', [`ari:cloud:confluence::site/${forkCloud}`]],
      ['pol-space-download', [`ari:cloud:confluence:${forkCloud}:space/10005`]],
    ]);
    expect(b.orgs[0]!.enforcement).toEqual({ default: 'enforce', rules: { restrictions: 'soft' } });
    // The site override moved with the site: export is allowed on the fork as on the source.
    for (const org of [source, fork]) {
      expect((await check(t, org, user(ADA), 'export', page('98305'))).decision).toBe('allow');
    }
    const unknown = await operator(t, 'POST', '/gatehouse/v1/orgs/no-such-org/fork');
    expect(unknown.statusCode).toBe(404);
    expect(gatehouseError(unknown).code).toBe('ORG_NOT_FOUND');
  });

  it('G4 a fork and its source are isolated: routing, credentials, decisions and writes', async () => {
    const source = await createOrg(
      t,
      orgDocument('g4', (o) => (o.policies = [EXPORT_BLOCK])),
    );
    const asked = [
      ...[ADA, PAT].flatMap((id) =>
        ['98305', '98306', '98308', '98320'].flatMap((p) =>
          ['read', 'export', 'update'].map((action) => [user(id), action, page(p)] as const),
        ),
      ),
    ];
    const decisions = async (org: OrgAccess) => {
      const answers = [];
      for (const [subject, action, resource] of asked) {
        answers.push(await check(t, org, subject, action, resource));
      }
      return answers;
    };
    const before = await decisions(source);
    const fork = await forkOrg(t, source.id);
    expect(await decisions(source)).toEqual(before);
    expect(await decisions(fork)).toEqual(before);

    // Credentials of one are unknown on the other's site; Host routing reaches the fork.
    expect((await wiki(t, fork, 'GET', V2('98305'), userAuth(source, PAT))).statusCode).toBe(401);
    expect((await wiki(t, source, 'GET', V2('98305'), userAuth(fork, PAT))).statusCode).toBe(401);
    const byHost = await inject(t, 'GET', V2('98305'), userAuth(fork, PAT), undefined, {
      host: `${fork.sites[0]!.name}.localhost`,
    });
    expect(byHost.statusCode).toBe(200);

    // A restriction written on the fork leaves the source alone, and the reverse.
    const restrictToAda = [{ operation: 'read', restrictions: { user: [{ accountId: ADA }] } }];
    const put = await wiki(
      t,
      fork,
      'PUT',
      '/wiki/rest/api/content/98305/restriction',
      userAuth(fork, ADA),
      restrictToAda,
    );
    expect(put.statusCode, put.body).toBe(200);
    expect((await wiki(t, fork, 'GET', V2('98305'), userAuth(fork, PAT))).statusCode).toBe(404);
    expect((await wiki(t, source, 'GET', V2('98305'), userAuth(source, PAT))).statusCode).toBe(200);
    expect(await decisions(source)).toEqual(before);
    const del = await wiki(
      t,
      source,
      'DELETE',
      '/wiki/rest/api/content/98306/restriction',
      userAuth(source, ADA),
    );
    expect(del.statusCode, del.body).toBe(200);
    expect((await check(t, source, user(PAT), 'read', page('98306'))).decision).toBe('allow');
    expect((await check(t, fork, user(PAT), 'read', page('98306'))).decision).toBe('deny');
  });

  it('G5 DELETE removes one org and nothing else', async () => {
    const keep = await createOrg(t, orgDocument('g5a'));
    const gone = await createOrg(t, orgDocument('g5b'));
    expect((await wiki(t, gone, 'GET', V2('98306'), userAuth(gone, PAT))).statusCode).toBe(404);
    const keepBefore = await snapshotOf(keep.id);
    const res = await operator(t, 'DELETE', `/gatehouse/v1/orgs/${gone.id}`);
    expect(res.statusCode).toBe(204);
    const routed = await wiki(t, gone, 'GET', V2('98305'), userAuth(gone, ADA));
    expect(routed.statusCode).toBe(404);
    expect(gatehouseError(routed).code).toBe('NOT_FOUND');
    expect(
      (
        await inject(
          t,
          'POST',
          `/gatehouse/v1/orgs/${gone.id}/check`,
          `Bearer ${gone.adminApiKeys[0]}`,
          {
            subject: user(ADA),
            action: 'read',
            resource: page('98305'),
          },
        )
      ).statusCode,
    ).toBe(401);
    expect(await snapshotOf(keep.id)).toEqual(keepBefore);
    for (const table of ['content', 'users', 'content_restrictions', 'spaces'] as const) {
      const rows = await t.storage.db
        .selectFrom(table)
        .select('org_id')
        .where('org_id', '=', gone.id)
        .execute();
      expect(rows, table).toEqual([]);
    }
    const again = await operator(t, 'DELETE', `/gatehouse/v1/orgs/${gone.id}`);
    expect(again.statusCode).toBe(404);
    expect(gatehouseError(again).code).toBe('ORG_NOT_FOUND');
    // Created again, the org has an empty decision log: the old one went with the org.
    const back = await createOrg(t, orgDocument('g5b'));
    const log = await operator(t, 'GET', `/gatehouse/v1/orgs/${back.id}/decision-log`);
    expect(log.json()).toEqual({ results: [], _links: {} });
  });

  it('G6 GET …/snapshot is the org as a tenant document, what export --org prints', async () => {
    const org = await createOrg(
      t,
      orgDocument('g6', (o) => (o.policies = [EXPORT_BLOCK])),
    );
    const doc = await snapshotOf(org.id);
    expect(doc).toEqual(await exportTenant(t.storage, org.id));
    expect(doc.orgs[0]!.policies!.map((p) => p.id)).toEqual(['pol-no-export']);
    const empty = await openTestStorage(dialect);
    try {
      await importTenant(empty.storage, doc, 'snapshot');
      // the import adds its own event to the log (T12)
      expect(withoutLatestImport(await exportTenant(empty.storage))).toEqual(doc);
    } finally {
      await empty.dispose();
    }
    expect((await operator(t, 'GET', '/gatehouse/v1/orgs/nope/snapshot')).statusCode).toBe(404);
  });

  it('G7 PUT …/snapshot replaces the whole state of that org, or changes nothing', async () => {
    const org = await createOrg(
      t,
      orgDocument('g7', (o) => (o.policies = [EXPORT_BLOCK])),
    );
    const before = await snapshotOf(org.id);
    const changed = structuredClone(before);
    const o = changed.orgs[0]!;
    o.sites![0]!.spaces![0]!.pages![0]!.title = 'Restored home';
    delete o.policies;
    o.enforcement = { default: 'soft' };
    const put = await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/snapshot`, changed);
    expect(put.statusCode, put.body).toBe(200);
    expect((put.json() as OrgAccess).id).toBe(org.id);
    const after = await snapshotOf(org.id);
    expect(after.orgs[0]!.sites![0]!.spaces![0]!.pages![0]!.title).toBe('Restored home');
    expect(after.orgs[0]!.policies).toEqual([]);
    expect(after.orgs[0]!.enforcement).toEqual({ default: 'soft' });
    expect((await check(t, org, user(ADA), 'export', page('98305'))).decision).toBe('allow');

    const other = await createOrg(t, orgDocument('g7b'));
    const refusals: [unknown, number, string][] = [
      [orgDocument('g7b'), 400, 'orgs[0].id: must be "org-g7", the org restored'],
      [
        { orgs: [...before.orgs, ...orgDocument('g7c').orgs] },
        400,
        'orgs: expected exactly one org, got 2',
      ],
      [
        orgDocument('g7', (x) => (x.sites![0]!.cloudId = other.sites[0]!.cloudId)),
        409,
        `orgs[0].sites[0].cloudId: "${other.sites[0]!.cloudId}" already belongs to org org-g7b in the database`,
      ],
    ];
    for (const [body, status, detail] of refusals) {
      const res = await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/snapshot`, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(gatehouseError(res).detail).toBe(detail);
    }
    expect(await snapshotOf(org.id)).toEqual(after);
    expect(
      (await operator(t, 'PUT', '/gatehouse/v1/orgs/org-g7x/snapshot', orgDocument('g7x')))
        .statusCode,
    ).toBe(404);
  });

  it('G8 a restore is atomic for readers: a batch of decisions sees the old state or the new', async () => {
    const org = await createOrg(t, orgDocument('g8'));
    const open = await snapshotOf(org.id);
    const closed = structuredClone(open);
    const resources = [page('98305'), page('98309'), { type: 'blogpost', id: '98310' }];
    for (const p of closed.orgs[0]!.sites![0]!.spaces![0]!.pages!) {
      p.restrictions = { read: { users: [ADA] } };
    }
    const batch = {
      checks: resources.flatMap((resource) => [
        { subject: user(PAT), action: 'read', resource },
        { subject: user(PAT), action: 'export', resource },
      ]),
    };
    let done = false;
    const seen = new Set<string>();
    const readers = Array.from({ length: 2 }, async () => {
      while (!done) {
        const res = await inject(
          t,
          'POST',
          `/gatehouse/v1/orgs/${org.id}/check/batch`,
          `Bearer ${org.adminApiKeys[0]}`,
          batch,
        );
        const answers = (res.json() as { results: { decision: string }[] }).results.map(
          (r) => r.decision,
        );
        seen.add(answers.join(','));
      }
    });
    for (let i = 0; i < 4; i++) {
      const doc = i % 2 === 0 ? closed : open;
      expect(
        (await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/snapshot`, doc)).statusCode,
      ).toBe(200);
    }
    done = true;
    await Promise.all(readers);
    const allow = batch.checks.map(() => 'allow').join(',');
    const deny = batch.checks.map(() => 'deny').join(',');
    expect(
      [...seen].every((s) => s === allow || s === deny),
      [...seen].join(' | '),
    ).toBe(true);
  });

  it('G10 org writes go through the change log: another instance follows a fork and a delete', async () => {
    const org = await createOrg(t, orgDocument('g10'));
    const other = await WorldIndex.load(t.storage);
    const fork = await forkOrg(t, org.id);
    await other.sync();
    expect(other.org(fork.id)?.content.get('98305')?.title).toBe('Engineering home');
    expect(other.snapshot().orgForAdminKey(fork.adminApiKeys[0]!)).toBe(fork.id);
    const modes = await inject(
      t,
      'PUT',
      `/gatehouse/v1/orgs/${fork.id}/enforcement`,
      `Bearer ${fork.adminApiKeys[0]}`,
      {
        default: 'off',
      },
    );
    expect(modes.statusCode).toBe(200);
    await other.sync();
    expect(other.org(fork.id)?.enforcement.default).toBe('off');
    await operator(t, 'DELETE', `/gatehouse/v1/orgs/${fork.id}`);
    await other.sync();
    expect(other.org(fork.id)).toBeUndefined();
    expect(other.org(org.id)).toBeDefined();
  });

  it('G9 POST /gatehouse/v1/reset empties the server', async () => {
    await createOrg(t, orgDocument('g9'));
    await importTenant(t.storage, orgDocument('g9-file'), 'file');
    await t.index.sync();
    await operator(t, 'PUT', '/gatehouse/v1/faults', { rules: [{ api: 'jira', status: 500 }] });
    const res = await operator(t, 'POST', '/gatehouse/v1/reset');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { deletedOrgs: number }).deletedOrgs).toBeGreaterThanOrEqual(2);
    for (const table of [
      'orgs',
      'content',
      'policies',
      'policy_resources',
      'tenant_loads',
    ] as const) {
      expect(await t.storage.db.selectFrom(table).selectAll().execute(), table).toEqual([]);
    }
    expect([...t.index.allOrgs()]).toEqual([]);
    expect((await operator(t, 'GET', '/gatehouse/v1/faults')).json()).toEqual({ rules: [] });
    // The same file loads again: nothing records that it was loaded.
    expect((await importTenant(t.storage, orgDocument('g9-file'), 'file')).loaded).toBe(true);
  });
});
