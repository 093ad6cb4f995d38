import { expect } from 'vitest';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import type { TenantFile, TenantOrg } from '../../src/tenant/schema.js';
import type { TestApp } from './harness.js';

/** A change of `toAllow` as the check API answers it. */
export type WireChange =
  | {
      kind: 'restriction.add';
      contentId: string;
      operation: 'read' | 'update';
      subject: { type: 'user'; accountId: string } | { type: 'group'; id: string; name: string };
    }
  | { kind: 'restriction.clear'; contentId: string; operation: 'read' }
  | {
      kind: 'space.grant';
      spaceId: string;
      operation: 'read' | 'update' | 'administer';
      subject:
        | { type: 'user'; accountId: string }
        | { type: 'group'; id: string; name: string }
        | { type: 'anonymous' };
    }
  | { kind: 'site.anonymousAccess'; cloudId: string }
  | { kind: 'app.scope'; ari: string; scope: string }
  | {
      kind: 'policy.removeResource' | 'policy.addResource';
      policyId: string;
      rule: string;
      coverageLevel: string;
      resourceAri: string;
    }
  | {
      kind: 'policy.publishOverride';
      rule: string;
      coverageLevel: string;
      resourceAri: string;
      subjectId?: string;
    };

export interface WireSuggestion {
  changes: WireChange[];
  text: string;
}

/** Who applies suggestions: the org's Admin API key, and a site admin using the admin key. */
export interface Applier {
  orgId: string;
  adminKey: string;
  editor: { email: string; token: string };
}

type Space = NonNullable<NonNullable<TenantOrg['sites']>[number]['spaces']>[number];

function spaceIn(org: TenantOrg, id: string): { space: Space; cloudId: string } {
  for (const site of org.sites ?? []) {
    const space = (site.spaces ?? []).find((s) => s.id === id);
    if (space) return { space, cloudId: site.cloudId };
  }
  throw new Error(`no space ${id}`);
}

/**
 * Applies one suggestion through the real APIs (S2): restrictions through the Confluence
 * restriction API (as a site admin with the admin key), policies through the Admin API, space
 * permissions, the site switch and app scopes through a tenant import of the org's export.
 */
export async function applySuggestion(
  t: TestApp,
  who: Applier,
  suggestion: WireSuggestion,
): Promise<void> {
  const admin = { authorization: `Bearer ${who.adminKey}` };
  const basic = `Basic ${Buffer.from(`${who.editor.email}:${who.editor.token}`).toString('base64')}`;
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await t.app.inject({
      method,
      url,
      headers: admin,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return res;
  };
  const policies = `/admin/control/v2/orgs/${who.orgId}/policies`;
  const tenantChanges = suggestion.changes.filter(
    (c) => c.kind === 'space.grant' || c.kind === 'site.anonymousAccess' || c.kind === 'app.scope',
  );
  if (tenantChanges.length > 0) {
    const file: TenantFile = await exportTenant(t.storage, who.orgId);
    const org = file.orgs[0]!;
    delete org.events; // keep the log as it is
    for (const change of tenantChanges) {
      if (change.kind === 'site.anonymousAccess') {
        org.sites!.find((s) => s.cloudId === change.cloudId)!.anonymousAccess = true;
      } else if (change.kind === 'app.scope') {
        const app = org.apps!.find((a) => a.ari === change.ari)!;
        app.scopes = [...(app.scopes ?? []), change.scope];
      } else if (change.kind === 'space.grant') {
        const { space } = spaceIn(org, change.spaceId);
        const permissions = (space.permissions ??= []);
        const subject = change.subject;
        const entry = permissions.find((p) =>
          subject.type === 'anonymous'
            ? p.anonymous === true
            : subject.type === 'user'
              ? p.accountId === subject.accountId
              : p.group === subject.name,
        );
        const operation = change.operation;
        if (entry) entry.operations.push(operation);
        else if (subject.type === 'anonymous')
          permissions.push({ anonymous: true, operations: [operation] });
        else if (subject.type === 'user')
          permissions.push({ accountId: subject.accountId, operations: [operation] });
        else permissions.push({ group: subject.name, operations: [operation] });
      }
    }
    await importTenant(t.storage, file, 'apply a suggestion');
    await t.index.sync();
  }
  for (const change of suggestion.changes) {
    if (change.kind === 'restriction.add' || change.kind === 'restriction.clear') {
      const content = t.index.org(who.orgId)!.content.get(change.contentId)!;
      const cloudId = t.index.org(who.orgId)!.spaces.get(content.spaceId)!.siteId;
      const url = `/ex/confluence/${cloudId}/wiki/rest/api/content/${change.contentId}/restriction`;
      const res = await t.app.inject({
        method: change.kind === 'restriction.add' ? 'POST' : 'PUT',
        url,
        headers: { authorization: basic, 'atl-confluence-with-admin-key': 'true' },
        payload: [
          change.kind === 'restriction.clear'
            ? { operation: 'read', restrictions: { user: [], group: [] } }
            : {
                operation: change.operation,
                restrictions:
                  change.subject.type === 'user'
                    ? { user: [{ accountId: change.subject.accountId }] }
                    : { group: [{ type: 'group', id: change.subject.id }] },
              },
        ],
      });
      expect(res.statusCode, `${change.kind} ${res.body}`).toBe(200);
    } else if (change.kind === 'policy.removeResource' || change.kind === 'policy.addResource') {
      const res = await call('POST', `${policies}/${change.policyId}/resources`, [
        {
          operation: change.kind === 'policy.addResource' ? 'ADD' : 'REMOVE',
          resourceAri: change.resourceAri,
        },
      ]);
      expect(res.statusCode, `${change.kind} ${res.body}`).toBe(204);
    } else if (change.kind === 'policy.publishOverride') {
      await publishOverride(call, policies, change);
    }
  }
}

type Call = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
) => Promise<{ statusCode: number; body: string; json(): unknown }>;

interface ListedPolicy {
  id: string;
  attributes: {
    name: string;
    status: string;
    rule: Record<string, { effect: string }>;
    subject?: { subjectId: string };
    metadata: { policyCoverageLevel: string };
  };
}

async function listPolicies(call: Call, base: string, query: string): Promise<ListedPolicy[]> {
  const res = await call('GET', `${base}?limit=100&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { data: ListedPolicy[] }).data;
}

/** S9: a draft of the control (the existing draft turned to allow, or a new one), its resource, publish. */
async function publishOverride(
  call: Call,
  base: string,
  change: Extract<WireChange, { kind: 'policy.publishOverride' }>,
): Promise<void> {
  const subjectOf = (p: ListedPolicy) => p.attributes.subject?.subjectId ?? 'all_apps';
  const subjectId = change.subjectId ?? 'all_apps';
  const body = {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: `suggested ${change.coverageLevel} ${change.rule}`,
        metadata: { policyCoverageLevel: change.coverageLevel },
        rule: { [change.rule]: { effect: 'allow' } },
        ...(change.rule === 'appAccess'
          ? { subject: { subjectType: 'marketplaceApp', subjectId } }
          : {}),
      },
    },
  };
  const drafts = (
    await listPolicies(
      call,
      base,
      `status=draft&rule=${change.rule}&policyCoverageLevel=${change.coverageLevel}`,
    )
  ).filter((p) => change.rule !== 'appAccess' || subjectOf(p) === subjectId);
  let id: string;
  if (drafts[0]) {
    id = drafts[0].id;
    const res = await call('PUT', `${base}/${id}`, body);
    expect(res.statusCode, res.body).toBe(202);
  } else {
    const res = await call('POST', base, body);
    expect(res.statusCode, res.body).toBe(202);
    id = (res.json() as { data: { id: string } }).data.id;
  }
  const added = await call('POST', `${base}/${id}/resources`, [
    { operation: 'ADD', resourceAri: change.resourceAri },
  ]);
  expect(added.statusCode, added.body).toBe(204);
  const operations = [
    { policyId: id, action: 'UPDATE', policyCoverageLevel: change.coverageLevel },
  ];
  if (change.rule === 'appAccess') {
    const orgs = await listPolicies(
      call,
      base,
      'status=published&rule=appAccess&policyCoverageLevel=ORG',
    );
    for (const s of new Set(['all_apps', subjectId])) {
      const org = orgs.find((p) => subjectOf(p) === s);
      if (org) operations.push({ policyId: org.id, action: 'UPDATE', policyCoverageLevel: 'ORG' });
    }
  }
  const published = await call('POST', `${base}/publishDraftPolicies`, {
    type: 'data-security',
    ruleName: change.rule,
    policyOperations: operations,
  });
  expect(published.statusCode, published.body).toBe(202);
}
