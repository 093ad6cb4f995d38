import type { Policy, RuleName } from '../policies/model.js';
import { PolicyRuleError } from '../policies/model.js';
import { planPublish, type PublishOperation } from '../policies/publish.js';

/** One `publishDraftPolicies` body, as the rehearsal takes a list of them (H1). */
export interface PublishBatch {
  readonly ruleName: RuleName;
  readonly policyOperations: readonly PublishOperation[];
}

/** A batch publish would refuse: its index and publish's own error (H3). */
export class BatchRefused extends Error {
  constructor(
    readonly index: number,
    readonly refusal: PolicyRuleError,
  ) {
    super(refusal.message);
    this.name = 'BatchRefused';
  }
}

/** The org's policies after each batch, and the batch's rule. */
export interface PlannedStep {
  readonly ruleName: RuleName;
  readonly policies: readonly Policy[];
}

/**
 * H2: the batches applied in order to copies of the org's policies, each planned by the same
 * `planPublish` as publish itself (so a batch is refused exactly when publish would refuse it,
 * seeing the batches before it as published).
 */
export function planBatches(
  policies: readonly Policy[],
  batches: readonly PublishBatch[],
): PlannedStep[] {
  let current: readonly Policy[] = policies;
  return batches.map((batch, index) => {
    let plan;
    try {
      plan = planPublish(batch.ruleName, batch.policyOperations, current);
    } catch (error) {
      if (error instanceof PolicyRuleError) throw new BatchRefused(index, error);
      throw error;
    }
    const published = new Set(plan.publish.map((p) => p.id));
    const removed = new Set(plan.remove.map((p) => p.id));
    current = current.map((p) =>
      published.has(p.id)
        ? { ...p, status: 'published' as const }
        : removed.has(p.id)
          ? { ...p, status: 'deleted' as const }
          : p,
    );
    return { ruleName: batch.ruleName, policies: current };
  });
}
