import type { Kysely, Transaction } from 'kysely';
import {
  buildPolicyFacts,
  type PolicyFacts,
  type PublishedPolicy,
} from '../domain/decision/policy-facts.js';
import { publishedPolicyOf } from '../domain/policies/published.js';
import { enforcedPolicies } from '../storage/repos/policies.js';
import type { Database } from '../storage/schema.js';

/** The published policies of the given orgs (all orgs when undefined), as the engine reads them. */
export async function loadPublishedPolicies(
  db: Kysely<Database> | Transaction<Database>,
  orgIds?: readonly string[],
): Promise<Map<string, PublishedPolicy[]>> {
  const result = new Map<string, PublishedPolicy[]>();
  for (const { policy, resourceAris } of await enforcedPolicies(db, orgIds)) {
    const published = publishedPolicyOf(policy, resourceAris);
    if (!published) continue;
    const list = result.get(policy.orgId);
    if (list) list.push(published);
    else result.set(policy.orgId, [published]);
  }
  return result;
}

export function policyFactsOf(policies: readonly PublishedPolicy[] | undefined): PolicyFacts {
  return buildPolicyFacts(policies ?? []);
}
