import type { Kysely, Transaction } from 'kysely';
import {
  buildPolicyFacts,
  type Effect,
  type PolicyFacts,
  type PublishedPolicy,
  type RuleName,
} from '../domain/decision/policy-facts.js';
import { enforcedPolicies } from '../storage/repos/policies.js';
import type { Database } from '../storage/schema.js';

/** The published policies of the given orgs (all orgs when undefined), as the engine reads them. */
export async function loadPublishedPolicies(
  db: Kysely<Database> | Transaction<Database>,
  orgIds?: readonly string[],
): Promise<Map<string, PublishedPolicy[]>> {
  const result = new Map<string, PublishedPolicy[]>();
  for (const { policy, resourceAris } of await enforcedPolicies(db, orgIds)) {
    const effects: Partial<Record<RuleName, Effect>> = {};
    for (const [rule, value] of Object.entries(policy.rules) as [RuleName, { effect: Effect }][]) {
      if (value.effect === 'block' || value.effect === 'allow') effects[rule] = value.effect;
    }
    const published: PublishedPolicy = Object.freeze({
      id: policy.id,
      name: policy.name,
      coverageLevel: policy.coverageLevel,
      effects: Object.freeze(effects),
      subjectId: policy.subjectId,
      resourceAris: Object.freeze(resourceAris),
    });
    const list = result.get(policy.orgId);
    if (list) list.push(published);
    else result.set(policy.orgId, [published]);
  }
  return result;
}

export function policyFactsOf(policies: readonly PublishedPolicy[] | undefined): PolicyFacts {
  return buildPolicyFacts(policies ?? []);
}
