import { randomUUID } from 'node:crypto';
import {
  checkDraftAmongOthers,
  checkUpdate,
  parseDraft,
  type DraftInput,
} from '../../domain/policies/drafts.js';
import type { Policy } from '../../domain/policies/model.js';
import { insertPolicy, savePolicy } from '../../storage/repos/policies.js';
import { policyEvent } from '../audit.js';
import type { Command } from '../command.js';
import { policyCommand, requirePolicy, type Actor } from './write.js';

/** POST …/policies: a new draft (P1–P9). */
export function createDraft(actor: Actor, input: DraftInput): Command<Policy> {
  const draft = parseDraft(input);
  return policyCommand('create draft policy', actor.orgId, async (ctx, all) => {
    checkDraftAmongOthers(draft, all);
    const policy: Policy = {
      id: randomUUID(),
      orgId: actor.orgId,
      type: 'data-security',
      ...draft,
      status: 'draft',
      createdBy: actor.ari,
      lastUpdatedBy: actor.ari,
      hasHadCoverage: draft.coverageLevel === 'ORG',
      systemTag: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    await insertPolicy(ctx.trx, policy);
    ctx.audit(policyEvent(ctx, 'policy_created', policy, 'Created the draft'));
    return { result: policy, changed: [policy.id] };
  });
}

/** PUT …/policies/{id}: name, description, effects of a draft; coverage only from UNASSIGNED (P10). */
export function updateDraft(actor: Actor, policyId: string, input: DraftInput): Command<Policy> {
  const next = parseDraft(input);
  return policyCommand('update draft policy', actor.orgId, async (ctx, all) => {
    const existing = await requirePolicy(ctx.trx, actor.orgId, policyId);
    checkUpdate(existing, next);
    checkDraftAmongOthers(next, all, policyId);
    const policy: Policy = {
      ...existing,
      ...next,
      lastUpdatedBy: actor.ari,
      hasHadCoverage: existing.hasHadCoverage || next.coverageLevel === 'ORG',
      updatedAt: ctx.now,
    };
    await savePolicy(ctx.trx, policy);
    ctx.audit(policyEvent(ctx, 'policy_updated', policy, 'Updated the draft'));
    return { result: policy, changed: [policy.id] };
  });
}
