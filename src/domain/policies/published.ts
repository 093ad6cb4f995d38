import type { Effect, PublishedPolicy, RuleName } from '../decision/policy-facts.js';
import { sealedSet } from '../world.js';
import type { Policy } from './model.js';

/** Levels whose policies can match cloud content (D3: UNASSIGNED and DC_WORKSPACE never do). */
export const ENFORCED_LEVELS: ReadonlySet<string> = sealedSet([
  'ORG',
  'WORKSPACE',
  'CONTAINER',
  'CLASSIFICATION',
]);

/**
 * A policy as the engine reads it, or null when it does not enforce (a draft, a deleted policy,
 * an UNASSIGNED or DC_WORKSPACE one). `resourceAris` are its applied resources.
 */
export function publishedPolicyOf(
  policy: Policy,
  resourceAris: readonly string[],
): PublishedPolicy | null {
  if (policy.status !== 'published' || !ENFORCED_LEVELS.has(policy.coverageLevel)) return null;
  const effects: Partial<Record<RuleName, Effect>> = {};
  for (const [rule, value] of Object.entries(policy.rules) as [RuleName, { effect: Effect }][]) {
    if (value.effect === 'block' || value.effect === 'allow') effects[rule] = value.effect;
  }
  return Object.freeze({
    id: policy.id,
    name: policy.name,
    coverageLevel: policy.coverageLevel,
    effects: Object.freeze(effects),
    subjectId: policy.subjectId,
    resourceAris: Object.freeze([...resourceAris]),
  });
}
