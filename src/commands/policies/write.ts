import type { Transaction } from 'kysely';
import { PolicyRuleError, type Policy } from '../../domain/policies/model.js';
import { appendChanges } from '../../storage/repos/change-log.js';
import { findPolicy, orgPolicies } from '../../storage/repos/policies.js';
import type { Database } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';

/** Who writes: the org and the ARI of the Admin API key's owner. */
export interface Actor {
  orgId: string;
  ari: string;
}

export class PolicyNotFound extends Error {
  constructor(readonly policyId: string) {
    super(`Policy ${policyId} not found`);
    this.name = 'PolicyNotFound';
  }
}

/**
 * Every policy write: one transaction that holds the org's policy lock (so concurrent publishes
 * are serialized), sees all the org's policies, and records the change for the index.
 */
export function writePolicies<T>(
  storage: Storage,
  orgId: string,
  work: (trx: Transaction<Database>, all: Policy[]) => Promise<{ result: T; changed: string[] }>,
): Promise<T> {
  return storage.transaction(async (trx) => {
    await storage.adapter.lockForWrite(trx, `policies:${orgId}`);
    const all = await orgPolicies(trx, orgId);
    const { result, changed } = await work(trx, all);
    await appendChanges(
      trx,
      changed.map((entityId) => ({ orgId, kind: 'policy' as const, entityId })),
    );
    return result;
  });
}

export async function requirePolicy(
  trx: Transaction<Database>,
  orgId: string,
  policyId: string,
): Promise<Policy> {
  const policy = await findPolicy(trx, orgId, policyId);
  if (!policy) throw new PolicyNotFound(policyId);
  return policy;
}

export function requireLive(policy: Policy): void {
  if (policy.status === 'deleted') throw new PolicyRuleError(`Policy ${policy.id} is deleted`);
}
