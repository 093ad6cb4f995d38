import type { Content } from '../world.js';
import { ALL_APPS, type Effect, type PublishedPolicy, type RuleName } from './policy-facts.js';
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
  return {
    effect: blocked ? 'block' : 'allow',
    reasons: policies.map((p) =>
      policyReason(
        scenario,
        `${what} "${p.name}" ${p.effects[rule] === 'block' ? 'blocks' : 'allows'} ${rule}`,
        p,
      ),
    ),
  };
}

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
  const matching: PublishedPolicy[] = [];
  const add = (list: PublishedPolicy[] | undefined) => {
    if (list) for (const p of list) if (!matching.includes(p)) matching.push(p);
  };
  if (space) add(coverage.bySite.get(space.siteId));
  add(coverage.bySpace.get(content.spaceId));
  if (level !== null) add(coverage.byLevel.get(level));
  if (matching.length > 0) return blockWins(rule, matching, 'D6', 'override');
  if (coverage.org.length > 0) return blockWins(rule, coverage.org, 'D7', 'org-wide policy');
  return {
    effect: 'allow',
    reasons: [{ rule: 'D8', text: `no published policy carries ${rule}: allowed` }],
  };
}

/**
 * appAccess for app `ari` on content of `spaceId` (D15): CONTAINER for the app, CONTAINER for
 * all_apps, ORG for the app, ORG for all_apps, else allow; within one step block wins.
 */
export function appAccessFor(facts: DecisionFacts, ari: string, spaceId: string): RuleOutcome {
  const { org, container } = facts.policies.appAccess;
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
  return {
    effect: 'allow',
    reasons: [{ rule: 'D15', text: 'no published appAccess policy: allowed' }],
  };
}
