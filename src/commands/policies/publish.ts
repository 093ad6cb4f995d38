import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { ruleFor } from '../../domain/decision/rules.js';
import type { DecisionFacts } from '../../domain/decision/types.js';
import type { Policy, RuleName } from '../../domain/policies/model.js';
import {
  checkOrgRemoval,
  isDefaultAppPolicy,
  planPublish,
  type PublishOperation,
} from '../../domain/policies/publish.js';
import { PolicyRuleError } from '../../domain/policies/model.js';
import { loadPublishedPolicies, policyFactsOf } from '../../index/policy-loader.js';
import { appendChanges } from '../../storage/repos/change-log.js';
import { savePolicy } from '../../storage/repos/policies.js';
import type { Database } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { requireLive, requirePolicy, writePolicies, type Actor } from './write.js';

export interface PublishTicket {
  messageId: string;
  ticket: { id: string; containerAri: string; scope: 'USER' };
}

/** What publishing needs of the world: the facts to re-evaluate public links (D13). */
export type FactsWithPolicies = (
  policies: ReturnType<typeof policyFactsOf>,
) => DecisionFacts | undefined;

/** publishDraftPolicies: the whole batch in one transaction, or nothing (P15–P19, D13). */
export function publishDrafts(
  storage: Storage,
  actor: Actor,
  ruleName: RuleName,
  operations: readonly PublishOperation[],
  factsWith: FactsWithPolicies,
): Promise<PublishTicket> {
  return writePolicies(storage, actor.orgId, async (trx, all) => {
    const plan = planPublish(ruleName, operations, all);
    const now = new Date().toISOString();
    for (const policy of plan.remove) await savePolicy(trx, retire(policy, actor, now));
    for (const policy of plan.publish) {
      await savePolicy(trx, {
        ...policy,
        status: 'published',
        lastUpdatedBy: actor.ari,
        updatedAt: now,
      });
    }
    if (ruleName === 'publicLinks') await turnOffBlockedLinks(trx, actor.orgId, factsWith);
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
 * a later allow does not turn it back on.
 */
async function turnOffBlockedLinks(
  trx: Transaction<Database>,
  orgId: string,
  factsWith: FactsWithPolicies,
): Promise<void> {
  const published = await loadPublishedPolicies(trx, [orgId]);
  const facts = factsWith(policyFactsOf(published.get(orgId)));
  if (!facts) return;
  const links = await trx
    .selectFrom('public_links')
    .select(['id', 'content_id'])
    .where('org_id', '=', orgId)
    .where('enabled', '=', 1)
    .execute();
  const off = links.filter((link) => {
    const content = facts.content(link.content_id);
    return content !== undefined && ruleFor(facts, 'publicLinks', content).effect === 'block';
  });
  if (off.length === 0) return;
  await trx
    .updateTable('public_links')
    .set({ enabled: 0 })
    .where(
      'id',
      'in',
      off.map((l) => l.id),
    )
    .execute();
  await appendChanges(
    trx,
    off.map((l) => ({ orgId, kind: 'public-link' as const, entityId: l.id })),
  );
}

/** DELETE /v1/…/policies/{id}: a draft or a published policy becomes deleted (P20). */
export function deletePolicy(storage: Storage, actor: Actor, policyId: string): Promise<void> {
  return writePolicies(storage, actor.orgId, async (trx, all) => {
    const policy = await requirePolicy(trx, actor.orgId, policyId);
    requireLive(policy);
    if (isDefaultAppPolicy(policy)) {
      throw new PolicyRuleError(
        'The published default (all_apps) ORG appAccess policy cannot be deleted',
      );
    }
    checkOrgRemoval(policy, all, new Set([policyId]), 'policyId');
    await savePolicy(trx, retire(policy, actor, new Date().toISOString()));
    return { result: undefined, changed: [policyId] };
  });
}
