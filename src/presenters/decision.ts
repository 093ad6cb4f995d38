import type { EnforcedDecision } from '../domain/decision/enforcement.js';
import type { Action, Decision, ResourceRef, Subject } from '../domain/decision/types.js';

/**
 * A decision as Gatehouse's API answers it: the answer, every reason, and what was asked. Under
 * soft or off enforcement modes the answer is the enforced one, and `enforcement` says which rules
 * were relaxed and what enforcing them would have answered.
 */
export function presentDecision(
  decision: Decision,
  asked: { subject: Subject; action: Action; resource: ResourceRef },
  enforced?: EnforcedDecision,
) {
  const relaxed = enforced !== undefined && enforced.enforced !== null ? enforced : null;
  return {
    decision: decision.decision,
    reasons: decision.reasons.map((r) => ({ ...r })),
    subject: asked.subject,
    action: asked.action,
    resource: asked.resource,
    ...(relaxed
      ? {
          enforcement: {
            relaxed: relaxed.relaxed.map((r) => ({ rule: r.rule, mode: r.mode })),
            wouldBe: {
              decision: relaxed.enforced!.decision,
              reasons: relaxed.enforced!.reasons.map((r) => ({ ...r })),
            },
          },
        }
      : {}),
  };
}
