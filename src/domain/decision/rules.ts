import type { Content, Space } from '../world.js';
import {
  ALL_APPS,
  type AppAccessCoverage,
  type Effect,
  type PublishedPolicy,
  type RuleCoverage,
  type RuleName,
} from './policy-facts.js';
import type { DecisionFacts, Reason } from './types.js';

export interface RuleOutcome {
  effect: Effect;
  reasons: Reason[];
}

/** D5: page level → space default → org default → none. */
export function effectiveClassification(facts: DecisionFacts, content: Content): string | null {
  if (content.classification !== null) return content.classification;
  const space = facts.space(content.spaceId);
  return space?.defaultClassification ?? facts.orgDefaultClassification;
}

const policyReason = (rule: string, text: string, policy: PublishedPolicy): Reason => ({
  rule,
  text,
  policyId: policy.id,
});

function blockWins(
  rule: RuleName,
  policies: readonly PublishedPolicy[],
  scenario: string,
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

/** coverage → space → effective level ('' for none) → outcome */
const ruleCache = new WeakMap<RuleCoverage, WeakMap<Space, Map<string, RuleOutcome>>>();

/**
 * One rule for one page (D4, D6–D8): matching overrides (its site, its space, its effective
 * classification) beat the ORG policy, and among them block wins; no override → ORG; no ORG →
 * allow.
 */
export function ruleFor(
  facts: DecisionFacts,
  rule: Exclude<RuleName, 'appAccess'>,
  content: Content,
): RuleOutcome {
  const coverage = facts.policies.rules[rule];
  const space = facts.space(content.spaceId);
  const level = effectiveClassification(facts, content);
  let bySpace = ruleCache.get(coverage);
  if (!bySpace) ruleCache.set(coverage, (bySpace = new WeakMap()));
  if (!space) return computeRule(coverage, rule, content.spaceId, undefined, level);
  let byLevel = bySpace.get(space);
  if (!byLevel) bySpace.set(space, (byLevel = new Map()));
  const cached = byLevel.get(level ?? '');
  if (cached) return cached;
  const outcome = computeRule(coverage, rule, content.spaceId, space.siteId, level);
  byLevel.set(level ?? '', outcome);
  return outcome;
}

function computeRule(
  coverage: RuleCoverage,
  rule: Exclude<RuleName, 'appAccess'>,
  spaceId: string,
  siteId: string | undefined,
  level: string | null,
): RuleOutcome {
  const matching: PublishedPolicy[] = [];
  const add = (list: PublishedPolicy[] | undefined) => {
    if (list) for (const p of list) if (!matching.includes(p)) matching.push(p);
  };
  if (siteId !== undefined) add(coverage.bySite.get(siteId));
  add(coverage.bySpace.get(spaceId));
  if (level !== null) add(coverage.byLevel.get(level));
  if (matching.length > 0) return blockWins(rule, matching, 'D6', 'override');
  if (coverage.org.length > 0) return blockWins(rule, coverage.org, 'D7', 'org-wide policy');
  return frozen({
    effect: 'allow',
    reasons: [{ rule: 'D8', text: `no published policy carries ${rule}: allowed` }],
  });
}

/** appAccess coverage → spaceId → app ARI → outcome */
const appCache = new WeakMap<AppAccessCoverage, Map<string, Map<string, RuleOutcome>>>();

/**
 * appAccess for app `ari` on content of `spaceId` (D15): CONTAINER for the app, CONTAINER for
 * all_apps, ORG for the app, ORG for all_apps, else allow; within one step block wins.
 */
export function appAccessFor(facts: DecisionFacts, ari: string, spaceId: string): RuleOutcome {
  const coverage = facts.policies.appAccess;
  let bySpace = appCache.get(coverage);
  if (!bySpace) appCache.set(coverage, (bySpace = new Map()));
  let byApp = bySpace.get(spaceId);
  if (!byApp) bySpace.set(spaceId, (byApp = new Map()));
  const cached = byApp.get(ari);
  if (cached) return cached;
  const outcome = computeAppAccess(coverage, ari, spaceId);
  byApp.set(ari, outcome);
  return outcome;
}

function computeAppAccess(coverage: AppAccessCoverage, ari: string, spaceId: string): RuleOutcome {
  const { org, container } = coverage;
  const inSpace = container.get(spaceId);
  const steps: [PublishedPolicy[] | undefined, string][] = [
    [inSpace?.get(ari), 'space policy for this app'],
    [inSpace?.get(ALL_APPS), 'space policy for all apps'],
    [org.get(ari), 'org-wide policy for this app'],
    [org.get(ALL_APPS), 'org-wide policy for all apps'],
  ];
  for (const [policies, what] of steps) {
    if (policies && policies.length > 0) return blockWins('appAccess', policies, 'D15', what);
  }
  return frozen({
    effect: 'allow',
    reasons: [{ rule: 'D15', text: 'no published appAccess policy: allowed' }],
  });
}
