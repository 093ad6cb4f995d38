import type { Content, Space } from '../world.js';
import type { RuleOutcome } from './memo.js';
import {
  ALL_APPS,
  type AppAccessCoverage,
  type PublishedPolicy,
  type RuleCoverage,
  type RuleName,
} from './policy-facts.js';
import type { RuleId } from './rule-ids.js';
import type { DecisionFacts, Reason } from './types.js';

export type { RuleOutcome };

/** D5: the item's own level → its space's default → the org default → none. */
export function levelFrom(
  facts: DecisionFacts,
  own: string | null,
  spaceId: string,
): string | null {
  if (own !== null) return own;
  return facts.space(spaceId)?.defaultClassification ?? facts.orgDefaultClassification;
}

/** D5 for a content record (presenters, exports). */
export function effectiveClassification(facts: DecisionFacts, content: Content): string | null {
  return levelFrom(facts, content.classification, content.spaceId);
}

/** D5 for a page of a space already at hand (a walk over one space). */
export function levelIn(
  space: Space | undefined,
  own: string | null,
  orgDefault: string | null,
): string | null {
  return own ?? space?.defaultClassification ?? orgDefault;
}

const policyReason = (rule: RuleId, text: string, policy: PublishedPolicy): Reason => ({
  rule,
  text,
  policyId: policy.id,
});

function blockWins(
  rule: RuleName,
  policies: readonly PublishedPolicy[],
  scenario: RuleId,
  what: string,
): RuleOutcome {
  const blocked = policies.some((p) => p.effects[rule] === 'block');
  return frozen({
    effect: blocked ? 'block' : 'allow',
    reasons: policies.map((p) =>
      policyReason(
        scenario,
        `${what} "${p.name}" ${p.effects[rule] === 'block' ? 'blocks' : 'allows'} ${rule}`,
        p,
      ),
    ),
  });
}

/** Outcomes are shared between calls (they depend only on the policies and where the page is). */
function frozen(outcome: RuleOutcome): RuleOutcome {
  for (const reason of outcome.reasons) Object.freeze(reason);
  Object.freeze(outcome.reasons);
  return Object.freeze(outcome);
}

/**
 * One rule for one page (D4, D6–D8): matching overrides (its site, its space, its effective
 * classification) beat the ORG policy, and among them block wins; no override → ORG; no ORG →
 * allow. Outcomes are remembered in the snapshot's memo.
 */
export function ruleFor(
  facts: DecisionFacts,
  rule: Exclude<RuleName, 'appAccess'>,
  slot: number,
): RuleOutcome {
  const spaceId = facts.pages.spaceId(slot);
  return ruleIn(facts, rule, spaceId, levelFrom(facts, facts.pages.ownLevel(slot), spaceId));
}

/** One rule for content of `spaceId` whose effective level is `level` (what `ruleFor` asks). */
export function ruleIn(
  facts: DecisionFacts,
  rule: Exclude<RuleName, 'appAccess'>,
  spaceId: string,
  level: string | null,
): RuleOutcome {
  const cached = facts.memo.ruleOutcome(rule, spaceId, level);
  if (cached) return cached;
  const siteId = facts.space(spaceId)?.siteId;
  const outcome = computeRule(facts.policies.rules[rule], rule, spaceId, siteId, level);
  return facts.memo.rememberRule(rule, spaceId, level, outcome);
}

function computeRule(
  coverage: RuleCoverage,
  rule: Exclude<RuleName, 'appAccess'>,
  spaceId: string,
  siteId: string | undefined,
  level: string | null,
): RuleOutcome {
  return resolveRule(coverage, rule, [
    siteId !== undefined ? coverage.bySite.get(siteId) : undefined,
    coverage.bySpace.get(spaceId),
    level !== null ? coverage.byLevel.get(level) : undefined,
  ]);
}

/**
 * D6–D8 (and J8 for Jira) over the override lists that cover a piece of content (its site, its
 * container, its effective level): any matching override beats the ORG policies and among them
 * block wins; no override → ORG; no ORG → allow. `ids` name the scenarios in the reasons.
 */
export function resolveRule(
  coverage: RuleCoverage,
  rule: Exclude<RuleName, 'appAccess'>,
  overrides: readonly (readonly PublishedPolicy[] | undefined)[],
  ids: { override: RuleId; org: RuleId; none: RuleId } = { override: 'D6', org: 'D7', none: 'D8' },
): RuleOutcome {
  const matching: PublishedPolicy[] = [];
  for (const list of overrides) {
    if (list) for (const p of list) if (!matching.includes(p)) matching.push(p);
  }
  if (matching.length > 0) return blockWins(rule, matching, ids.override, 'override');
  if (coverage.org.length > 0) return blockWins(rule, coverage.org, ids.org, 'org-wide policy');
  return frozen({
    effect: 'allow',
    reasons: [{ rule: ids.none, text: `no published policy carries ${rule}: allowed` }],
  });
}

/**
 * appAccess for app `ari` on content of `spaceId` (D15): CONTAINER for the app, CONTAINER for
 * all_apps, ORG for the app, ORG for all_apps, else allow; within one step block wins.
 */
export function appAccessFor(facts: DecisionFacts, ari: string, spaceId: string): RuleOutcome {
  const cached = facts.memo.appOutcome(spaceId, ari);
  if (cached) return cached;
  return facts.memo.rememberApp(
    spaceId,
    ari,
    computeAppAccess(facts.policies.appAccess, ari, spaceId),
  );
}

function computeAppAccess(coverage: AppAccessCoverage, ari: string, spaceId: string): RuleOutcome {
  return resolveAppAccess(coverage, ari, coverage.container.get(spaceId), 'space', 'D15');
}

/**
 * D15 (J11 for Jira projects): CONTAINER policies on the container for the app, CONTAINER for
 * all_apps, ORG for the app, ORG for all_apps, else allow; within one step block wins.
 */
export function resolveAppAccess(
  coverage: AppAccessCoverage,
  ari: string,
  inContainer: ReadonlyMap<string, readonly PublishedPolicy[]> | undefined,
  container: 'space' | 'project',
  id: RuleId,
): RuleOutcome {
  const { org } = coverage;
  const steps: [readonly PublishedPolicy[] | undefined, string][] = [
    [inContainer?.get(ari), `${container} policy for this app`],
    [inContainer?.get(ALL_APPS), `${container} policy for all apps`],
    [org.get(ari), 'org-wide policy for this app'],
    [org.get(ALL_APPS), 'org-wide policy for all apps'],
  ];
  for (const [policies, what] of steps) {
    if (policies && policies.length > 0) return blockWins('appAccess', policies, id, what);
  }
  return frozen({
    effect: 'allow',
    reasons: [{ rule: id, text: 'no published appAccess policy: allowed' }],
  });
}
