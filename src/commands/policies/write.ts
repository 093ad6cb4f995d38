import type { Transaction } from 'kysely';
import { PolicyRuleError, type Policy } from '../../domain/policies/model.js';
import { findPolicy, orgPolicies } from '../../storage/repos/policies.js';
import type { Database } from '../../storage/schema.js';
import { command, type Command, type CommandContext } from '../command.js';

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
 * Every policy write: it holds the org's policy lock (so concurrent publishes are serialized),
 * sees all the org's policies, and records the policies it changed for the index.
 */
export function policyCommand<T>(
  name: string,
  orgId: string,
  work: (ctx: CommandContext, all: Policy[]) => Promise<{ result: T; changed: string[] }>,
): Command<T> {
  return command(name, async (ctx) => {
    await ctx.lock(`policies:${orgId}`);
    const all = await orgPolicies(ctx.trx, orgId);
    const { result, changed } = await work(ctx, all);
    await ctx.record(changed.map((entityId) => ({ orgId, kind: 'policy' as const, entityId })));
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
