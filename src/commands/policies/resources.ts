import { randomUUID } from 'node:crypto';
import { PolicyRuleError } from '../../domain/policies/model.js';
import { checkResourceAri } from '../../domain/policies/resources.js';
import { resourceWorld } from '../../index/resource-world.js';
import {
  addResources,
  findPolicy,
  markApplied,
  pendingResources,
  policyResources,
  removeResources,
  savePolicy,
} from '../../storage/repos/policies.js';
import { resourcesEvent } from '../audit.js';
import { command, type Command } from '../command.js';
import { policyCommand, requireLive, requirePolicy, type Actor } from './write.js';

export interface ResourceOperation {
  operation: 'ADD' | 'REMOVE';
  resourceAri: string;
}

/**
 * POST …/resources: ADD and REMOVE, all or nothing (P11, P12). Adding a present ARI or removing an
 * absent one changes nothing. On a published policy the change takes effect at once.
 */
export function changeResources(
  actor: Actor,
  policyId: string,
  operations: readonly ResourceOperation[],
  propagationDelayMs = 0,
): Command<{ added: number }> {
  return policyCommand('change policy resources', actor.orgId, async (ctx) => {
    const trx = ctx.trx;
    const world = resourceWorld(ctx.world, actor.orgId);
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
    const present = new Set(
      (await policyResources(trx, actor.orgId, policyId)).map((r) => r.resource_ari),
    );
    const now = ctx.now;
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
    if (toAdd.size === 0 && toRemove.size === 0) return { result: { added: 0 }, changed: [] };
    await removeResources(trx, actor.orgId, policyId, [...toRemove]);
    await addResources(
      trx,
      [...toAdd.keys()].map((ari) => ({
        org_id: actor.orgId,
        id: randomUUID(),
        policy_id: policyId,
        resource_ari: ari,
        // With --propagation-delay the resource is `pending` (and enforces nothing) until
        // applyDueResources flips it (semantics §8.3).
        application_status: propagationDelayMs > 0 ? 'pending' : 'applied',
        created_at: now,
        updated_at: now,
      })),
    );
    const saved = {
      ...policy,
      hasHadCoverage: policy.hasHadCoverage || toAdd.size > 0,
      lastUpdatedBy: actor.ari,
      updatedAt: now,
    };
    await savePolicy(trx, saved);
    if (toAdd.size > 0)
      ctx.audit(resourcesEvent(ctx, 'policy_resources_added', saved, [...toAdd.keys()]));
    if (toRemove.size > 0)
      ctx.audit(resourcesEvent(ctx, 'policy_resources_removed', saved, [...toRemove]));
    return { result: { added: toAdd.size }, changed: [policyId] };
  });
}

/**
 * Flips every `pending` resource of the org that was added at least `delayMs` ago to `applied`,
 * in one transaction, recording the policies it changed. Returns when the next pending resource
 * of the org falls due (epoch ms), or null when none is left.
 */
export function applyDueResources(
  orgId: string,
  delayMs: number,
  now = Date.now(),
): Command<number | null> {
  return command('apply due policy resources', async (ctx) => {
    const trx = ctx.trx;
    const pending = await pendingResources(trx, orgId);
    const dueBefore = new Date(now - delayMs).toISOString();
    const due = pending.filter((r) => r.createdAt <= dueBefore);
    const later = pending.filter((r) => r.createdAt > dueBefore);
    if (due.length > 0) {
      await markApplied(
        trx,
        orgId,
        due.map((r) => r.id),
        new Date(now).toISOString(),
      );
      for (const policyId of new Set(due.map((r) => r.policyId))) {
        const policy = await findPolicy(trx, orgId, policyId);
        const aris = due.filter((r) => r.policyId === policyId).map((r) => r.resourceAri);
        if (policy) ctx.audit(resourcesEvent(ctx, 'policy_resources_applied', policy, aris));
      }
      await ctx.record(
        [...new Set(due.map((r) => r.policyId))].map((entityId) => ({
          orgId,
          kind: 'policy' as const,
          entityId,
        })),
      );
    }
    if (later.length === 0) return null;
    return Math.min(...later.map((r) => Date.parse(r.createdAt))) + delayMs;
  });
}

export function assertBatchSize(count: number, max: number): void {
  if (count > max)
    throw new PolicyRuleError(`body: at most ${max} operations per request, got ${count}`);
}
