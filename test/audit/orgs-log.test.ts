import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantFile } from '../../src/tenant/schema.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import {
  createOrg,
  forkOrg,
  inject,
  OPERATOR_KEY,
  operator,
  orgDocument,
} from '../testing-features/helpers.js';

interface WireEvent {
  id: string;
  attributes: {
    action: string;
    actor: { id: string; name?: string };
    context: { id: string; type: string }[];
  };
  message: { content: string };
}

/**
 * A14: the operator's writes and the audit log — a fork copies the source's log and records
 * `org_forked` in its own, a restore replaces the log only with a document's `events`, enforcement
 * modes are recorded, deleting an org removes its log.
 */
describe.each(DIALECTS)('the audit log of orgs, forks and snapshots on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, null, { operatorKey: OPERATOR_KEY });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every event of an org, oldest first, read with its own Admin API key. */
  async function events(orgId: string, key: string): Promise<WireEvent[]> {
    const res = await inject(t, 'GET', `/admin/v1/orgs/${orgId}/events?limit=500`, `Bearer ${key}`);
    expect(res.statusCode, res.body).toBe(200);
    return [...(res.json() as { data: WireEvent[] }).data].reverse();
  }

  const createDraft = async (orgId: string, key: string, rule = 'export') => {
    const res = await inject(
      t,
      'POST',
      `/admin/control/v2/orgs/${orgId}/policies`,
      `Bearer ${key}`,
      {
        data: {
          type: 'policy',
          attributes: {
            type: 'data-security',
            name: 'A14 draft',
            metadata: { policyCoverageLevel: 'ORG' },
            rule: { [rule]: { effect: 'block' } },
          },
        },
      },
    );
    expect(res.statusCode, res.body).toBeLessThan(300);
  };

  it('A14 create and fork: the fork copies the log, then records org_forked; the source is not written', async () => {
    const source = await createOrg(t, orgDocument('a14-src'));
    const key = source.adminApiKeys[0]!;
    const created = await events(source.id, key);
    expect(created.map((e) => e.attributes.action)).toEqual(['org_created']);
    expect(created[0]!.attributes.actor.id).toBe('gatehouse-operator');
    await createDraft(source.id, key);
    const before = await events(source.id, key);
    expect(before.map((e) => e.attributes.action)).toEqual(['org_created', 'policy_created']);

    const fork = await forkOrg(t, source.id);
    const forked = await events(fork.id, fork.adminApiKeys[0]!);
    expect(forked.map((e) => e.attributes.action)).toEqual([
      'org_created',
      'policy_created',
      'org_forked',
    ]);
    // the copied events keep their ids; the new one names the source
    expect(forked.slice(0, 2).map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(forked[2]!.attributes.context[0]!.id).toBe(source.id);
    expect(forked[2]!.attributes.actor.id).toBe('gatehouse-operator');
    expect(await events(source.id, key)).toEqual(before);

    // a write in the fork shows in the fork's log only
    await createDraft(fork.id, fork.adminApiKeys[0]!, 'attachmentDownload');
    expect((await events(fork.id, fork.adminApiKeys[0]!)).length).toBe(4);
    expect(await events(source.id, key)).toEqual(before);
  });

  it('A14 restore: a snapshot with events brings its log back, one without keeps the log; org_restored last', async () => {
    const org = await createOrg(t, orgDocument('a14-restore'));
    const key = org.adminApiKeys[0]!;
    const snap = await operator(t, 'GET', `/gatehouse/v1/orgs/${org.id}/snapshot`);
    expect(snap.statusCode, snap.body).toBe(200);
    const snapshot = snap.json() as TenantFile;
    expect(snapshot.orgs[0]!.events?.map((e) => e.action)).toEqual(['org_created']);

    await createDraft(org.id, key);
    const restored = await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/snapshot`, snapshot);
    expect(restored.statusCode, restored.body).toBeLessThan(300);
    const afterRestore = await events(org.id, key);
    expect(afterRestore.map((e) => e.attributes.action)).toEqual(['org_created', 'org_restored']);

    const withoutLog = structuredClone(snapshot);
    delete withoutLog.orgs[0]!.events;
    await createDraft(org.id, key);
    const kept = await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/snapshot`, withoutLog);
    expect(kept.statusCode, kept.body).toBeLessThan(300);
    expect((await events(org.id, key)).map((e) => e.attributes.action)).toEqual([
      'org_created',
      'org_restored',
      'policy_created',
      'org_restored',
    ]);
  });

  it('A14 enforcement modes are recorded by the key that set them; deleting an org removes its log', async () => {
    const org = await createOrg(t, orgDocument('a14-modes'));
    const key = org.adminApiKeys[0]!;
    const byAdmin = await inject(
      t,
      'PUT',
      `/gatehouse/v1/orgs/${org.id}/enforcement`,
      `Bearer ${key}`,
      { default: 'soft' },
    );
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    const byOperator = await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/enforcement`, {
      default: 'enforce',
    });
    expect(byOperator.statusCode, byOperator.body).toBe(200);
    const log = await events(org.id, key);
    const modes = log.filter((e) => e.attributes.action === 'enforcement_modes_changed');
    expect(modes.map((e) => e.message.content)).toEqual([
      'Set the enforcement modes: default soft',
      'Set the enforcement modes: default enforce',
    ]);
    expect(modes[0]!.attributes.actor.id).toMatch(/^ari:cloud:identity::user\//);
    expect(modes[1]!.attributes.actor.id).toBe('gatehouse-operator');

    const deleted = await operator(t, 'DELETE', `/gatehouse/v1/orgs/${org.id}`);
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    const rows = await t.storage.db
      .selectFrom('audit_events')
      .select('id')
      .where('org_id', '=', org.id)
      .execute();
    expect(rows).toEqual([]);
  });
});
