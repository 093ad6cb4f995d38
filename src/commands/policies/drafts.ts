import { randomUUID } from 'node:crypto';
import {
  checkDraftAmongOthers,
  checkUpdate,
  parseDraft,
  type DraftInput,
} from '../../domain/policies/drafts.js';
import type { Policy } from '../../domain/policies/model.js';
import { insertPolicy, savePolicy } from '../../storage/repos/policies.js';
import type { Storage } from '../../storage/storage.js';
import { requirePolicy, writePolicies, type Actor } from './write.js';

/** POST …/policies: a new draft (P1–P9). */
export function createDraft(storage: Storage, actor: Actor, input: DraftInput): Promise<Policy> {
  const draft = parseDraft(input);
  return writePolicies(storage, actor.orgId, async (trx, all) => {
    checkDraftAmongOthers(draft, all);
    const now = new Date().toISOString();
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
      createdAt: now,
      updatedAt: now,
    };
    await insertPolicy(trx, policy);
    return { result: policy, changed: [policy.id] };
  });
}

/** PUT …/policies/{id}: name, description, effects of a draft; coverage only from UNASSIGNED (P10). */
export function updateDraft(
  storage: Storage,
  actor: Actor,
  policyId: string,
  input: DraftInput,
): Promise<Policy> {
  const next = parseDraft(input);
  return writePolicies(storage, actor.orgId, async (trx, all) => {
    const existing = await requirePolicy(trx, actor.orgId, policyId);
    checkUpdate(existing, next);
    checkDraftAmongOthers(next, all, policyId);
    const policy: Policy = {
      ...existing,
      ...next,
      lastUpdatedBy: actor.ari,
      hasHadCoverage: existing.hasHadCoverage || next.coverageLevel === 'ORG',
      updatedAt: new Date().toISOString(),
    };
    await savePolicy(trx, policy);
    return { result: policy, changed: [policy.id] };
  });
}
