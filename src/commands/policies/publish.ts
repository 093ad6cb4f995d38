import { randomUUID } from 'node:crypto';
import { ruleFor } from '../../domain/decision/rules.js';
import type { Policy, RuleName } from '../../domain/policies/model.js';
import {
  checkOrgRemoval,
  isDefaultAppPolicy,
  planPublish,
  type PublishOperation,
} from '../../domain/policies/publish.js';
import { PolicyRuleError, sameControl } from '../../domain/policies/model.js';
import { policyObject } from '../../domain/audit/objects.js';
import { orgSnapshot } from '../../index/org-snapshot.js';
import { loadPublishedPolicies, policyFactsOf } from '../../index/policy-loader.js';
import { savePolicy } from '../../storage/repos/policies.js';
import { enabledPublicLinks, turnOffPublicLinks } from '../../storage/repos/public-links.js';
import { linkTurnedOffEvent, policyEvent } from '../audit.js';
import type { Command, CommandContext } from '../command.js';
import { policyCommand, requireLive, requirePolicy, type Actor } from './write.js';

export interface PublishTicket {
  messageId: string;
  ticket: { id: string; containerAri: string; scope: 'USER' };
}

/** publishDraftPolicies: the whole batch in one transaction, or nothing (P15–P19, D13). */
export function publishDrafts(
  actor: Actor,
  ruleName: RuleName,
  operations: readonly PublishOperation[],
): Command<PublishTicket> {
  return policyCommand('publish policies', actor.orgId, async (ctx, all) => {
    const plan = planPublish(ruleName, operations, all);
    const retired = new Map(plan.remove.map((p) => [p.id, retire(p, actor, ctx.now)]));
    const published = new Map(
      plan.publish.map((p) => [
        p.id,
        { ...p, status: 'published' as const, lastUpdatedBy: actor.ari, updatedAt: ctx.now },
      ]),
    );
    for (const policy of retired.values()) await savePolicy(ctx.trx, policy);
    for (const policy of published.values()) await savePolicy(ctx.trx, policy);
    auditOperations(ctx, ruleName, operations, all, retired, published);
    if (ruleName === 'publicLinks') await turnOffBlockedLinks(ctx, actor.orgId);
    const id = randomUUID();
    return {
      result: {
        messageId: id,
        ticket: { id, containerAri: `ari:cloud:platform::org/${actor.orgId}`, scope: 'USER' },
      },
      changed: [...plan.remove, ...plan.publish].map((p) => p.id),
    };
  });
}

/**
 * A3: one event per operation of the batch. A published draft names the policy it replaced (same
 * control) as a second context item; naming a policy that is already published changes nothing
 * and is recorded as such.
 */
function auditOperations(
  ctx: CommandContext,
  ruleName: RuleName,
  operations: readonly PublishOperation[],
  all: readonly Policy[],
  retired: ReadonlyMap<string, Policy>,
  published: ReadonlyMap<string, Policy>,
): void {
  const named = new Set(operations.map((op) => op.policyId));
  const byId = new Map(all.map((p) => [p.id, p]));
  for (const op of operations) {
    const before = byId.get(op.policyId)!;
    if (op.action === 'DELETE') {
      const after = retired.get(op.policyId) ?? before;
      ctx.audit(
        policyEvent(ctx, 'policy_deleted', after, `Deleted (publishDraftPolicies, ${ruleName})`),
      );
      continue;
    }
    const after = published.get(op.policyId);
    if (!after) {
      ctx.audit(
        policyEvent(ctx, 'policy_published', before, `Published again (unchanged, ${ruleName})`),
      );
      continue;
    }
    const replaced = [...retired.values()].filter(
      (old) => !named.has(old.id) && sameControl(old, after, ruleName),
    );
    ctx.audit(
      policyEvent(
        ctx,
        'policy_published',
        after,
        replaced.length > 0
          ? `Published (replacing ${replaced.map((p) => `"${p.name}"`).join(', ')})`
          : 'Published',
        replaced.map(policyObject),
      ),
    );
  }
}

function retire(policy: Policy, actor: Actor, now: string): Policy {
  return { ...policy, status: 'deleted', lastUpdatedBy: actor.ari, updatedAt: now };
}

/**
 * D13: once a published publicLinks rule blocks a page, its public link is turned off for good —
 * a later allow does not turn it back on. Decided on the world with the batch's policies.
 */
async function turnOffBlockedLinks(ctx: CommandContext, orgId: string): Promise<void> {
  const world = ctx.world.org(orgId)?.world;
  if (!world) return;
  const published = await loadPublishedPolicies(ctx.trx, [orgId]);
  const facts = orgSnapshot(world, policyFactsOf(published.get(orgId)), 0).facts;
  const off = (await enabledPublicLinks(ctx.trx, orgId)).filter((link) => {
    const slot = facts.pages.slotOf(link.content_id);
    return slot !== -1 && ruleFor(facts, 'publicLinks', slot).effect === 'block';
  });
  if (off.length === 0) return;
  for (const link of off) {
    ctx.audit(linkTurnedOffEvent(world, { id: link.id, contentId: link.content_id }));
  }
  await turnOffPublicLinks(
    ctx.trx,
    orgId,
    off.map((l) => l.id),
  );
  await ctx.record(off.map((l) => ({ orgId, kind: 'public-link' as const, entityId: l.id })));
}

/** DELETE /v1/…/policies/{id}: a draft or a published policy becomes deleted (P20). */
export function deletePolicy(actor: Actor, policyId: string): Command<void> {
  return policyCommand('delete policy', actor.orgId, async (ctx, all) => {
    const policy = await requirePolicy(ctx.trx, actor.orgId, policyId);
    requireLive(policy);
    if (isDefaultAppPolicy(policy)) {
      throw new PolicyRuleError(
        'The published default (all_apps) ORG appAccess policy cannot be deleted',
      );
    }
    checkOrgRemoval(policy, all, new Set([policyId]), 'policyId');
    const deleted = retire(policy, actor, ctx.now);
    await savePolicy(ctx.trx, deleted);
    ctx.audit(policyEvent(ctx, 'policy_deleted', deleted, 'Deleted'));
    return { result: undefined, changed: [policyId] };
  });
}
