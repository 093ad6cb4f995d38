import { randomUUID } from 'node:crypto';
import { PolicyRuleError } from '../../domain/policies/model.js';
import { checkResourceAri, type ResourceWorld } from '../../domain/policies/resources.js';
import {
  addResources,
  policyResources,
  removeResources,
  savePolicy,
} from '../../storage/repos/policies.js';
import type { Storage } from '../../storage/storage.js';
import { requireLive, requirePolicy, writePolicies, type Actor } from './write.js';

export interface ResourceOperation {
  operation: 'ADD' | 'REMOVE';
  resourceAri: string;
}

/**
 * POST …/resources: ADD and REMOVE, all or nothing (P11, P12). Adding a present ARI or removing an
 * absent one changes nothing. On a published policy the change takes effect at once.
 */
export function changeResources(
  storage: Storage,
  actor: Actor,
  policyId: string,
  operations: readonly ResourceOperation[],
  world: ResourceWorld,
): Promise<void> {
  return writePolicies(storage, actor.orgId, async (trx) => {
    const policy = await requirePolicy(trx, actor.orgId, policyId);
    requireLive(policy);
    operations.forEach((op, i) => {
      checkResourceAri(
        op.resourceAri,
        policy.coverageLevel,
        actor.orgId,
        world,
        `[${i}].resourceAri`,
      );
    });
    const present = new Set((await policyResources(trx, policyId)).map((r) => r.resource_ari));
    const now = new Date().toISOString();
    const toAdd = new Map<string, string>();
    const toRemove = new Set<string>();
    for (const op of operations) {
      if (op.operation === 'ADD') {
        toRemove.delete(op.resourceAri);
        if (!present.has(op.resourceAri)) toAdd.set(op.resourceAri, op.resourceAri);
      } else {
        toAdd.delete(op.resourceAri);
        if (present.has(op.resourceAri)) toRemove.add(op.resourceAri);
      }
    }
    if (toAdd.size === 0 && toRemove.size === 0) return { result: undefined, changed: [] };
    await removeResources(trx, policyId, [...toRemove]);
    await addResources(
      trx,
      [...toAdd.keys()].map((ari) => ({
        id: randomUUID(),
        policy_id: policyId,
        resource_ari: ari,
        application_status: 'applied',
        created_at: now,
        updated_at: now,
      })),
    );
    await savePolicy(trx, {
      ...policy,
      hasHadCoverage: policy.hasHadCoverage || toAdd.size > 0,
      lastUpdatedBy: actor.ari,
      updatedAt: now,
    });
    return { result: undefined, changed: [policyId] };
  });
}

export function assertBatchSize(count: number, max: number): void {
  if (count > max)
    throw new PolicyRuleError(`body: at most ${max} operations per request, got ${count}`);
}
