import { randomUUID } from 'node:crypto';
import { ruleFor } from '../../domain/decision/rules.js';
import type { Policy, RuleName } from '../../domain/policies/model.js';
import {
  checkOrgRemoval,
  isDefaultAppPolicy,
  planPublish,
  type PublishOperation,
} from '../../domain/policies/publish.js';
import { PolicyRuleError } from '../../domain/policies/model.js';
import { orgSnapshot } from '../../index/org-snapshot.js';
import { loadPublishedPolicies, policyFactsOf } from '../../index/policy-loader.js';
import { savePolicy } from '../../storage/repos/policies.js';
import { enabledPublicLinks, turnOffPublicLinks } from '../../storage/repos/public-links.js';
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
    for (const policy of plan.remove) await savePolicy(ctx.trx, retire(policy, actor, ctx.now));
    for (const policy of plan.publish) {
      await savePolicy(ctx.trx, {
        ...policy,
        status: 'published',
        lastUpdatedBy: actor.ari,
        updatedAt: ctx.now,
      });
    }
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
    await savePolicy(ctx.trx, retire(policy, actor, ctx.now));
    return { result: undefined, changed: [policyId] };
  });
}
