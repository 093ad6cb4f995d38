import { buildPolicyFacts } from '../../src/domain/decision/policy-facts.js';
import { publishedPolicyOf } from '../../src/domain/policies/published.js';
import { orgSnapshot, type OrgSnapshot } from '../../src/index/org-snapshot.js';
import { buildOrgWorld } from '../../src/index/org-world.js';
import { rowToPolicy } from '../../src/storage/repos/policies.js';
import type { TenantFile } from '../../src/tenant/schema.js';
import { tenantToRows } from '../../src/tenant/to-rows.js';

/**
 * The snapshot of a tenant file's first org built in memory, through the same conversions the
 * index uses (rows → world, policy rows → published policies): for pure property tests that need
 * many worlds and no database.
 */
export function memorySnapshot(tenant: TenantFile): OrgSnapshot {
  const { world, policies } = tenantToRows(tenant, '2026-01-01T00:00:00.000Z');
  const orgId = tenant.orgs[0]!.id;
  const org = buildOrgWorld(world, orgId);
  if (!org) throw new Error(`no org ${orgId}`);
  const aris = new Map<string, string[]>();
  for (const r of policies.policy_resources) {
    aris.set(r.policy_id, [...(aris.get(r.policy_id) ?? []), r.resource_ari]);
  }
  const published = policies.policies.flatMap((row) => {
    const policy = rowToPolicy({
      ...row,
      description: row.description ?? null,
      subject_type: row.subject_type ?? null,
      subject_id: row.subject_id ?? null,
      system_tag: row.system_tag ?? null,
    });
    const p = publishedPolicyOf(policy, aris.get(policy.id) ?? []);
    return p ? [p] : [];
  });
  return orgSnapshot(org, buildPolicyFacts(published), 1);
}
