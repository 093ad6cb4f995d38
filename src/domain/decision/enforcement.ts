import type { Pages } from '../confluence/pages.js';
import { NO_RESTRICTIONS, type Content, type Lists } from '../world.js';
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
  const unrestricted = rules.has('restrictions');
  const content = (id: string): Content | undefined => {
    const page = facts.content(id);
    return page && page.restrictions !== NO_RESTRICTIONS
      ? Object.freeze({ ...page, restrictions: NO_RESTRICTIONS })
      : page;
  };
  return Object.freeze({
    ...facts,
    ...(unrestricted ? { pages: new UnrestrictedPages(facts.pages), content } : {}),
    ...(policies ? { policies, memo: new DecisionMemo() } : {}),
  });
}

/** The same pages without any read or update restriction (`restrictions: off` or `soft`). */
class UnrestrictedPages implements Pages {
  constructor(private readonly pages: Pages) {}
  get count(): number {
    return this.pages.count;
  }
  slotOf(id: string): number {
    return this.pages.slotOf(id);
  }
  id(slot: number): string {
    return this.pages.id(slot);
  }
  title(slot: number): string {
    return this.pages.title(slot);
  }
  isBlogPost(slot: number): boolean {
    return this.pages.isBlogPost(slot);
  }
  parent(slot: number): number {
    return this.pages.parent(slot);
  }
  readRestrictedAbove(): number {
    return -1;
  }
  spaceId(slot: number): string {
    return this.pages.spaceId(slot);
  }
  ownLevel(slot: number): string | null {
    return this.pages.ownLevel(slot);
  }
  restrictions(): Lists {
    return NO_RESTRICTIONS;
  }
  attachmentSlot(attachmentId: string): number {
    return this.pages.attachmentSlot(attachmentId);
  }
  childStart(slot: number): number {
    return this.pages.childStart(slot);
  }
  childEnd(slot: number): number {
    return this.pages.childEnd(slot);
  }
  childAt(index: number): number {
    return this.pages.childAt(index);
  }
  rootsOf(spaceId: string): ArrayLike<number> {
    return this.pages.rootsOf(spaceId);
  }
  content(slot: number): Content {
    return Object.freeze({ ...this.pages.content(slot), restrictions: NO_RESTRICTIONS });
  }
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
