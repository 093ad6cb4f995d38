import { expect } from 'vitest';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import type { BuiltWorld } from './world-gen.js';

/** Counts what happened, for PROPERTY_STATS (a no-op by default). */
export type Counter = (key: string) => void;

/** The Admin API part of a world: an ORG draft (and a space override), published or not. */
export async function applyAdminApi(
  app: FastifyTypebox,
  world: BuiltWorld,
  count: Counter = () => {},
): Promise<void> {
  const api = world.api;
  if (!api) return;
  const base = `/admin/control/v2/orgs/${world.orgId}/policies`;
  const call = (url: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${world.adminKey}` },
      payload: payload as object,
    });
  const draft = async (level: string, effect: string) => {
    const res = await call(base, {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: `api ${level} ${api.rule}`,
          status: 'draft',
          metadata: { policyCoverageLevel: level },
          rule: { [api.rule]: { effect } },
        },
      },
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
    return res.statusCode === 202 ? (res.json() as { data: { id: string } }).data.id : null;
  };
  if (api.remove !== null && world.policyIds.length > 0) {
    const id = world.policyIds[api.remove % world.policyIds.length]!;
    const removed = await app.inject({
      method: 'DELETE',
      url: `/admin/control/v1/orgs/${world.orgId}/policies/${id}`,
      headers: { authorization: `Bearer ${world.adminKey}` },
    });
    expect(removed.statusCode, removed.body).toBeLessThan(500);
    count(`admin api: delete ${removed.statusCode}`);
  }
  const ops: { policyId: string; action: string; policyCoverageLevel: string }[] = [];
  const orgPolicy = await draft('ORG', api.orgEffect);
  if (orgPolicy) ops.push({ policyId: orgPolicy, action: 'UPDATE', policyCoverageLevel: 'ORG' });
  if (api.override) {
    const space = world.spaces[api.override.space % world.spaces.length]!;
    const override = await draft('CONTAINER', api.override.effect);
    if (override) {
      const added = await call(`${base}/${override}/resources`, [
        {
          operation: 'ADD',
          resourceAri: `ari:cloud:confluence:${space.cloudId}:space/${space.id}`,
        },
      ]);
      expect(added.statusCode, added.body).toBeLessThan(500);
      ops.push({ policyId: override, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' });
    }
  }
  if (api.publish && ops.length > 0) {
    const published = await call(`${base}/publishDraftPolicies`, {
      type: 'data-security',
      ruleName: api.rule,
      policyOperations: ops,
    });
    expect(published.statusCode, published.body).toBeLessThan(500);
    count(`admin api: publish ${published.statusCode}`);
  }
}

/** Restriction and classification writes through the Confluence APIs, as a site admin with the admin key. */
export async function editRestrictions(
  app: FastifyTypebox,
  world: BuiltWorld,
  count: Counter = () => {},
): Promise<void> {
  const auth = Buffer.from(`${world.editor.email}:${world.editor.token}`).toString('base64');
  for (const edit of world.edits) {
    const res = await app.inject({
      method: 'PUT',
      url: `/ex/confluence/${edit.cloudId}/wiki/rest/api/content/${edit.contentId}/restriction`,
      headers: { authorization: `Basic ${auth}`, 'atl-confluence-with-admin-key': 'true' },
      payload: [
        {
          operation: edit.operation,
          restrictions: {
            user: edit.users.map((accountId) => ({ accountId })),
            group: edit.groups.map((id) => ({ type: 'group', id })),
          },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  for (const change of world.classify) {
    const space = change.path.startsWith('spaces/');
    const url = `/ex/confluence/${change.cloudId}/wiki/api/v2/${change.path}/classification-level${
      space ? '/default' : change.level === null ? '/reset' : ''
    }`;
    const method = change.level !== null ? 'PUT' : space ? 'DELETE' : 'POST';
    const payload =
      change.level !== null
        ? { id: change.level, status: 'current' }
        : space
          ? undefined
          : { status: 'current' };
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Basic ${auth}`, 'atl-confluence-with-admin-key': 'true' },
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(500);
    count(`classification ${method} ${space ? 'space' : 'content'}: ${res.statusCode}`);
  }
}

/**
 * Jira classification writes: an issue's own level through Gatehouse's API (admin key) and a
 * project default through Jira's (the site admin administers every project: J16).
 */
export async function editJira(
  app: FastifyTypebox,
  world: BuiltWorld,
  count: Counter = () => {},
): Promise<void> {
  const auth = Buffer.from(`${world.editor.email}:${world.editor.token}`).toString('base64');
  for (const change of world.jira.classify) {
    let url: string;
    let headers: Record<string, string>;
    if (change.issue !== undefined) {
      url = `/gatehouse/v1/orgs/${world.orgId}/issues/${change.issue}/classification-level`;
      headers = { authorization: `Bearer ${world.adminKey}` };
    } else {
      url = `/ex/jira/${change.project!.cloudId}/rest/api/3/project/${change.project!.key}/classification-level/default`;
      headers = { authorization: `Basic ${auth}` };
    }
    const method = change.level === null ? 'DELETE' : 'PUT';
    const res = await app.inject({
      method,
      url,
      headers,
      ...(change.level !== null ? { payload: { id: change.level } } : {}),
    });
    expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(204);
    count(`jira classification ${method} ${change.issue !== undefined ? 'issue' : 'project'}`);
  }
}
