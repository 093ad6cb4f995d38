import { NO_RESTRICTIONS, type Content } from '../world.js';
import {
  enforcesAll,
  modeOf,
  type EnforcementMode,
  type EnforcementModes,
  type EnforcementRule,
} from './enforcement-modes.js';
import { DecisionMemo } from './memo.js';
import {
  buildPolicyFacts,
  RULES,
  type PolicyFacts,
  type PublishedPolicy,
  type RuleName,
} from './policy-facts.js';
import { RULE_IDS } from './rule-ids.js';
import type { Decision, DecisionFacts } from './types.js';

/**
 * Enforcement modes applied to a decision: the one place they act (docs/testing-features.md
 * G19–G26). The engine stays as it is; a denial whose rule (RULE_IDS[…].enforcement) is `soft` or
 * `off` is decided again over the same facts with that rule relaxed — restrictions dropped, or the
 * rule's policies left out — so what the rule would have hidden is decided by every other rule
 * as if it were not there (an export under `restrictions: soft` is still refused by a blocking
 * export policy). Pure: the relaxed facts are cached on the snapshot's memo.
 */

/** A rule the modes relaxed, and how. */
export interface RelaxedRule {
  readonly rule: EnforcementRule;
  readonly mode: Exclude<EnforcementMode, 'enforce'>;
}

export interface EnforcedDecision {
  /** What the caller gets. */
  readonly decision: Decision;
  /** The rules relaxed on the way (empty: the engine's decision stands as it is). */
  readonly relaxed: readonly RelaxedRule[];
  /** The engine's own decision when `relaxed` is not empty (what enforcing would have done). */
  readonly enforced: Decision | null;
}

const NONE: readonly RelaxedRule[] = Object.freeze([]);

/** The enforcement rules a denial cites (reasons of rules that are never softened count for none). */
export function enforcementRulesOf(decision: Decision): Set<EnforcementRule> {
  const rules = new Set<EnforcementRule>();
  for (const reason of decision.reasons) {
    const rule = RULE_IDS[reason.rule].enforcement;
    if (rule !== null) rules.add(rule);
  }
  return rules;
}

/**
 * The decision the caller gets under `modes`. `redecide` asks the engine the same question over
 * other facts (the caller's session over relaxed facts). A denial is relaxed rule by rule until
 * the answer is allow, or a denial cites only rules that are enforced, never softened, or already
 * relaxed.
 */
export function applyEnforcement(
  decision: Decision,
  facts: DecisionFacts,
  modes: EnforcementModes,
  redecide: (facts: DecisionFacts) => Decision,
): EnforcedDecision {
  if (decision.decision === 'allow' || enforcesAll(modes)) {
    return { decision, relaxed: NONE, enforced: null };
  }
  const relaxed: RelaxedRule[] = [];
  let current = decision;
  while (current.decision === 'deny') {
    const cited = [...enforcementRulesOf(current)].filter(
      (rule) => !relaxed.some((r) => r.rule === rule),
    );
    if (cited.length === 0) break;
    const next: RelaxedRule[] = [];
    for (const rule of cited) {
      const mode = modeOf(modes, rule);
      if (mode !== 'enforce') next.push({ rule, mode });
    }
    if (next.length < cited.length) break;
    relaxed.push(...next);
    current = redecide(
      relaxFacts(
        facts,
        relaxed.map((r) => r.rule),
      ),
    );
  }
  if (relaxed.length === 0) return { decision, relaxed: NONE, enforced: null };
  return { decision: current, relaxed, enforced: decision };
}

/** Let through, but a soft rule would have refused it: what the decision log records as soft. */
export function isSoftDenial(result: EnforcedDecision): boolean {
  return result.decision.decision === 'allow' && result.relaxed.some((r) => r.mode === 'soft');
}

/** `facts` with the given rules relaxed (built once per snapshot and set of rules). */
export function relaxFacts(facts: DecisionFacts, rules: readonly EnforcementRule[]): DecisionFacts {
  const key = [...rules].sort().join(',');
  return facts.memo.relaxedFacts(facts, key, () => buildRelaxed(facts, new Set(rules)));
}

function buildRelaxed(facts: DecisionFacts, rules: ReadonlySet<EnforcementRule>): DecisionFacts {
  const policyRules = RULES.filter((rule) => rules.has(rule));
  const policies = policyRules.length > 0 ? withoutRules(facts.policies, policyRules) : null;
  let content = facts.content;
  if (rules.has('restrictions')) {
    const unrestricted = new Map<string, Content>();
    content = (id: string) => {
      const page = facts.content(id);
      if (!page || page.restrictions === NO_RESTRICTIONS) return page;
      let copy = unrestricted.get(id);
      if (!copy)
        unrestricted.set(id, (copy = Object.freeze({ ...page, restrictions: NO_RESTRICTIONS })));
      return copy;
    };
  }
  return Object.freeze({
    ...facts,
    content,
    ...(policies ? { policies, memo: new DecisionMemo() } : {}),
  });
}

/** The published policies without the effects of `rules` (those rules then allow: D8, D15). */
function withoutRules(policies: PolicyFacts, rules: readonly RuleName[]): PolicyFacts {
  const kept: PublishedPolicy[] = [];
  for (const policy of policies.byId.values()) {
    const effects = { ...policy.effects };
    for (const rule of rules) delete effects[rule];
    kept.push(Object.freeze({ ...policy, effects: Object.freeze(effects) }));
  }
  return buildPolicyFacts(kept);
}
