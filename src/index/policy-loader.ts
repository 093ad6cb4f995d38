import type { Kysely } from 'kysely';
import {
  buildPolicyFacts,
  type Effect,
  type PolicyFacts,
  type PublishedPolicy,
  type RuleName,
} from '../domain/decision/policy-facts.js';
import type { Database } from '../storage/schema.js';

/** Levels whose policies can match cloud content (D3: UNASSIGNED and DC_WORKSPACE never do). */
const ENFORCED_LEVELS = ['ORG', 'WORKSPACE', 'CONTAINER', 'CLASSIFICATION'];

/** The published policies of the given orgs (all orgs when undefined), with their resources. */
export async function loadPublishedPolicies(
  db: Kysely<Database>,
  orgIds?: readonly string[],
): Promise<Map<string, PublishedPolicy[]>> {
  let query = db
    .selectFrom('policies')
    .select(['id', 'org_id', 'name', 'coverage_level', 'rules', 'subject_id'])
    .where('status', '=', 'published')
    .where('coverage_level', 'in', ENFORCED_LEVELS);
  if (orgIds !== undefined) {
    if (orgIds.length === 0) return new Map();
    query = query.where('org_id', 'in', orgIds);
  }
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  const byPolicy = new Map<string, string[]>();
  if (rows.length > 0) {
    const resources = await db
      .selectFrom('policy_resources')
      .select(['policy_id', 'resource_ari'])
      // A `pending` resource (--propagation-delay) enforces nothing until it is applied.
      .where('application_status', '=', 'applied')
      .where(
        'policy_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    for (const r of resources) {
      const list = byPolicy.get(r.policy_id);
      if (list) list.push(r.resource_ari);
      else byPolicy.set(r.policy_id, [r.resource_ari]);
    }
  }
  const result = new Map<string, PublishedPolicy[]>();
  for (const row of rows) {
    const effects: Partial<Record<RuleName, Effect>> = {};
    const parsed = JSON.parse(row.rules) as Record<string, { effect?: string }>;
    for (const [rule, value] of Object.entries(parsed)) {
      if (value.effect === 'block' || value.effect === 'allow')
        effects[rule as RuleName] = value.effect;
    }
    const policy: PublishedPolicy = {
      id: row.id,
      name: row.name,
      coverageLevel: row.coverage_level,
      effects,
      subjectId: row.subject_id,
      resourceAris: byPolicy.get(row.id) ?? [],
    };
    const list = result.get(row.org_id);
    if (list) list.push(policy);
    else result.set(row.org_id, [policy]);
  }
  return result;
}

export function policyFactsOf(policies: readonly PublishedPolicy[] | undefined): PolicyFacts {
  return buildPolicyFacts(policies ?? []);
}
