import type { Content } from '../world.js';
import { ALL_APPS, coveredBy, type PublishedPolicy, type RuleName } from './policy-facts.js';
import { appAccessFor, effectiveClassification, ruleFor } from './rules.js';
import type { DecisionFacts, Reason } from './types.js';
import type { OverrideLevel, WorldChange } from './world-change.js';

/**
 * The policy half of "what would allow this?" (docs/suggestions.md S7–S10): the changes to
 * published policies that take a page out of a blocking rule, or let an app in (appAccess).
 */

/** Who the Confluence changes of one suggestion name: the user throughout, or one group (S4). */
export type Via =
  | { readonly type: 'user' }
  | { readonly type: 'group'; readonly groupId: string }
  | null;

export interface Fix {
  readonly changes: readonly WorldChange[];
  readonly via: Via;
}

const siteAri = (cloudId: string) => `ari:cloud:confluence::site/${cloudId}`;
const spaceAri = (cloudId: string, spaceId: string) =>
  `ari:cloud:confluence:${cloudId}:space/${spaceId}`;
const levelAri = (levelId: string) => `ari:cloud:platform::classification-tag/${levelId}`;

const policiesOf = (facts: DecisionFacts, reasons: readonly Reason[]): PublishedPolicy[] =>
  reasons.flatMap((r) => {
    const policy = r.policyId === undefined ? undefined : facts.policies.byId.get(r.policyId);
    return policy ? [policy] : [];
  });

/** Does `ari` of a `level` policy cover the page (its site, its space, its effective level)? */
function covers(facts: DecisionFacts, ari: string, level: string, content: Content): boolean {
  const covered = coveredBy(ari);
  if (!covered) return false;
  if (covered.kind === 'site') {
    return level === 'WORKSPACE' && facts.space(content.spaceId)?.siteId === covered.cloudId;
  }
  if (covered.kind === 'space') return level === 'CONTAINER' && content.spaceId === covered.spaceId;
  if (covered.kind !== 'level') return false;
  return level === 'CLASSIFICATION' && effectiveClassification(facts, content) === covered.levelId;
}

/**
 * S7/S8: a blocking rule on a page. Overrides decide (D6): take the page out of every blocking
 * override's coverage. The org-wide policy decides (D7): an override with allow at a level where
 * the rule has none yet (a new one), or an allowing one takes the page's resource.
 */
export function ruleFixes(
  facts: DecisionFacts,
  rule: Exclude<RuleName, 'appAccess'>,
  slot: number,
): Fix[] {
  const outcome = ruleFor(facts, rule, slot);
  const content = facts.pages.content(slot);
  if (outcome.effect !== 'block') return [];
  const deciding = policiesOf(facts, outcome.reasons);
  if (outcome.reasons[0]?.rule === 'D6') {
    const changes: WorldChange[] = deciding
      .filter((p) => p.effects[rule] === 'block')
      .flatMap((p) =>
        p.resourceAris
          .filter((ari) => covers(facts, ari, p.coverageLevel, content))
          .map((resourceAri) => ({
            kind: 'policy.removeResource' as const,
            policyId: p.id,
            rule,
            coverageLevel: p.coverageLevel,
            resourceAri,
          })),
      );
    return [{ changes, via: null }];
  }
  const space = facts.space(content.spaceId);
  if (!space) return [];
  const level = effectiveClassification(facts, content);
  const targets: [OverrideLevel, string | null][] = [
    ['CONTAINER', spaceAri(space.siteId, space.id)],
    ['WORKSPACE', siteAri(space.siteId)],
    ['CLASSIFICATION', level === null ? null : levelAri(level)],
  ];
  const orgPolicy = deciding.find((p) => p.effects[rule] === 'block')?.id ?? null;
  return targets.flatMap(([coverageLevel, resourceAri]) =>
    resourceAri === null ? [] : allowAt(facts, rule, coverageLevel, resourceAri, null, orgPolicy),
  );
}

/**
 * An allow at one coverage level for one resource: add it to a published policy of that control
 * that allows (if any), else publish a new override — unless the control's published policies
 * all block, which a new one would replace for every other resource (S8).
 */
function allowAt(
  facts: DecisionFacts,
  rule: RuleName,
  coverageLevel: OverrideLevel,
  resourceAri: string,
  subjectId: string | null,
  overrides: string | null,
): Fix[] {
  const control = [...facts.policies.byId.values()].filter(
    (p) =>
      p.coverageLevel === coverageLevel &&
      p.effects[rule] !== undefined &&
      (rule !== 'appAccess' || (p.subjectId ?? ALL_APPS) === subjectId),
  );
  const allowing = control.find((p) => p.effects[rule] === 'allow');
  if (allowing) {
    return [
      {
        changes: [
          { kind: 'policy.addResource', policyId: allowing.id, rule, coverageLevel, resourceAri },
        ],
        via: null,
      },
    ];
  }
  if (control.length > 0) return [];
  return [
    {
      changes: [
        { kind: 'policy.publishOverride', rule, coverageLevel, resourceAri, subjectId, overrides },
      ],
      via: null,
    },
  ];
}

/**
 * S9: appAccess for app A in space S decides at the first step that has policies (CONTAINER for
 * A, CONTAINER for all apps, ORG for A, ORG for all apps). Take S out of a blocking CONTAINER
 * step, or allow at an earlier CONTAINER step — for A only when A has an org-wide policy (which
 * publishing needs), for all apps only when the default org-wide policy is published.
 */
export function appAccessFixes(facts: DecisionFacts, ari: string, spaceId: string): Fix[] {
  const outcome = appAccessFor(facts, ari, spaceId);
  if (outcome.effect !== 'block') return [];
  const space = facts.space(spaceId);
  if (!space) return [];
  const resourceAri = spaceAri(space.siteId, spaceId);
  const deciding = policiesOf(facts, outcome.reasons);
  const first = deciding[0];
  if (!first) return [];
  const subject = first.subjectId ?? ALL_APPS;
  const step =
    first.coverageLevel === 'CONTAINER'
      ? subject === ALL_APPS
        ? 2
        : 1
      : subject === ALL_APPS
        ? 4
        : 3;
  const orgFor = (s: string) =>
    [...facts.policies.byId.values()].some(
      (p) =>
        p.coverageLevel === 'ORG' &&
        p.effects.appAccess !== undefined &&
        (p.subjectId ?? ALL_APPS) === s,
    );
  const fixes: Fix[] = [];
  if (step <= 2) {
    const changes: WorldChange[] = deciding
      .filter((p) => p.effects.appAccess === 'block')
      .flatMap((p) =>
        p.resourceAris
          .filter((a) => spaceOf(a) === spaceId)
          .map((a) => ({
            kind: 'policy.removeResource' as const,
            policyId: p.id,
            rule: 'appAccess' as const,
            coverageLevel: p.coverageLevel,
            resourceAri: a,
          })),
      );
    fixes.push({ changes, via: null });
  }
  const overridden = (s: string) =>
    [...facts.policies.byId.values()].find(
      (p) =>
        p.coverageLevel === 'ORG' &&
        p.effects.appAccess !== undefined &&
        (p.subjectId ?? ALL_APPS) === s,
    )?.id ?? null;
  if (step > 1 && orgFor(ari) && orgFor(ALL_APPS)) {
    fixes.push(...allowAt(facts, 'appAccess', 'CONTAINER', resourceAri, ari, overridden(ari)));
  }
  if (step > 2 && orgFor(ALL_APPS)) {
    fixes.push(
      ...allowAt(facts, 'appAccess', 'CONTAINER', resourceAri, ALL_APPS, overridden(ALL_APPS)),
    );
  }
  return fixes;
}

function spaceOf(ari: string): string | null {
  const covered = coveredBy(ari);
  return covered?.kind === 'space' ? covered.spaceId : null;
}
