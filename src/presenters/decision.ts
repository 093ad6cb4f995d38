import type { Action, Decision, ResourceRef, Subject } from '../domain/decision/types.js';

/** A decision as Gatehouse's API answers it: the answer, every reason, and what was asked. */
export function presentDecision(
  decision: Decision,
  asked: { subject: Subject; action: Action; resource: ResourceRef },
) {
  return {
    decision: decision.decision,
    reasons: decision.reasons.map((r) => ({ ...r })),
    subject: asked.subject,
    action: asked.action,
    resource: asked.resource,
  };
}
