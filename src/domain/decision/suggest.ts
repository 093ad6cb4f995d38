import { READ_SCOPE, WRITE_SCOPE } from '../confluence/facts.js';
import type { Content } from '../world.js';
import {
  decide,
  resolveContent,
  resolveSubject,
  scopeFor,
  type ResolvedSubject,
} from './engine.js';
import { ALL_APPS, coveredBy, type PublishedPolicy, type RuleName } from './policy-facts.js';
import { appAccessFor, effectiveClassification, ruleFor } from './rules.js';
import {
  isJiraRef,
  type CheckRequest,
  type Decision,
  type DecisionFacts,
  type Reason,
} from './types.js';
import type { ListSubject, OverrideLevel, WorldChange } from './world-change.js';

/**
 * "What would allow this?" (docs/suggestions.md, S1–S12). For a denied request: the sets of
 * changes, each sufficient on its own and minimal (no change of a set can be left out), found by
 * fixing the layer the engine reports as denying, re-deciding on a hypothetical snapshot with the
 * fix applied, and going on until the decision allows. Every returned set was decided `allow` on
 * its hypothetical snapshot. Pure: the snapshots come from `hypothesize`.
 */
export interface Suggestion {
  readonly changes: readonly WorldChange[];
}

/** Facts with `changes` applied to copies of the world (src/index/hypothetical.ts). */
export type Hypothesis = (changes: readonly WorldChange[]) => DecisionFacts;

export interface SuggestLimits {
  /** At most this many suggestions (S10). */
  readonly suggestions: number;
  /** At most this many hypothetical decisions in all (S10). */
  readonly tries: number;
  /** At most this many of the principal's groups are proposed instead of the user (S4). */
  readonly groups: number;
}

export const SUGGEST_LIMITS: SuggestLimits = Object.freeze({
  suggestions: 8,
  tries: 64,
  groups: 3,
});

/** A layer denies at most once per chain of fixes: restrictions up a tree, space, scope, policy. */
const MAX_DEPTH = 8;

/** Who the Confluence changes of one suggestion name: the user throughout, or one group (S4). */
type Via = { readonly type: 'user' } | { readonly type: 'group'; readonly groupId: string } | null;

interface Fix {
  readonly changes: readonly WorldChange[];
  readonly via: Via;
}

const sameVia = (a: Via, b: Via) =>
  a === null ||
  b === null ||
  (a.type === 'user' ? b.type === 'user' : b.type === 'group' && a.groupId === b.groupId);

const keyOf = (changes: readonly WorldChange[]) =>
  changes
    .map((c) => JSON.stringify(c))
    .sort()
    .join('\n');

export function suggestToAllow(
  facts: DecisionFacts,
  request: CheckRequest,
  hypothesize: Hypothesis,
  limits: SuggestLimits = SUGGEST_LIMITS,
): Suggestion[] {
  let tries = 0;
  const found = new Map<string, WorldChange[]>();
  const decideOn = (
    changes: readonly WorldChange[],
  ): { facts: DecisionFacts; decision: Decision } => {
    tries++;
    const f = changes.length === 0 ? facts : hypothesize(changes);
    return { facts: f, decision: decide(f, request) };
  };
  /** S3: drop every change the others do without (each drop re-decided). */
  const minimize = (changes: readonly WorldChange[]): WorldChange[] => {
    let kept = [...changes];
    for (let i = kept.length - 1; i >= 0 && kept.length > 1; i--) {
      const without = kept.filter((_, j) => j !== i);
      if (tries >= limits.tries * 2) break;
      if (decideOn(without).decision.decision === 'allow') kept = without;
    }
    return kept;
  };
  const search = (changes: readonly WorldChange[], via: Via, depth: number): void => {
    if (found.size >= limits.suggestions || tries >= limits.tries) return;
    const { facts: f, decision } = decideOn(changes);
    if (decision.decision === 'allow') {
      const minimal = minimize(changes);
      const key = keyOf(minimal);
      if (!found.has(key)) found.set(key, minimal);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const fix of fixesFor(f, request, decision, limits)) {
      if (!sameVia(via, fix.via) || fix.changes.length === 0) continue;
      search([...changes, ...fix.changes], via ?? fix.via, depth + 1);
    }
  };
  if (decide(facts, request).decision === 'allow') return [];
  search([], null, 0);
  return [...found.values()]
    .sort((a, b) => a.length - b.length)
    .map((changes) => Object.freeze({ changes: Object.freeze(changes) }));
}

// ---- fixes per denying layer ------------------------------------------------------------------

const siteAri = (cloudId: string) => `ari:cloud:confluence::site/${cloudId}`;
const spaceAri = (cloudId: string, spaceId: string) =>
  `ari:cloud:confluence:${cloudId}:space/${spaceId}`;
const levelAri = (levelId: string) => `ari:cloud:platform::classification-tag/${levelId}`;

/** The account restrictions and space permissions would name (null: nobody to name). */
function listedAccount(resolved: ResolvedSubject): string | null {
  const p = resolved.principal;
  if (p.kind === 'user') return p.user.accountId;
  if (p.kind === 'app') return p.app.accountId;
  return null;
}

/** S4: the account itself, or one of its groups (by name, at most `limits.groups`). */
function subjectsOf(
  facts: DecisionFacts,
  accountId: string,
  limits: SuggestLimits,
): { subject: ListSubject; via: Via }[] {
  const groups = [...facts.groupsOf(accountId)]
    .map((id) => ({ id, name: [...facts.groups()].find((g) => g.id === id)?.name ?? id }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limits.groups);
  return [
    { subject: { type: 'user', accountId }, via: { type: 'user' } },
    ...groups.map((g) => ({
      subject: { type: 'group' as const, groupId: g.id },
      via: { type: 'group' as const, groupId: g.id },
    })),
  ];
}

function fixesFor(
  facts: DecisionFacts,
  request: CheckRequest,
  decision: Decision,
  limits: SuggestLimits,
): Fix[] {
  const resource = request.resource;
  // suggestions are for Confluence content: a Jira decision gets none
  if (isJiraRef(resource)) return [];
  const resolved = resolveSubject(facts, request.subject);
  if ('rule' in resolved) return [];
  const last = decision.reasons[decision.reasons.length - 1];
  if (!last) return [];
  const { principal, app } = resolved;
  const account = listedAccount(resolved);
  const isSpace = resource.type === 'space';
  const resolvedSlot = isSpace ? null : resolveContent(facts, resource);
  if (typeof resolvedSlot === 'object' && resolvedSlot !== null) return [];
  const slot = resolvedSlot;
  const content = slot === null ? null : facts.pages.content(slot);
  const spaceId = content ? content.spaceId : resource.id;
  const space = facts.space(spaceId);
  if (!space) return [];
  const scope = (name: string): Fix[] =>
    app ? [{ changes: [{ kind: 'app.scope', ari: app.ari, scope: name }], via: null }] : [];
  const grant = (operation: 'read' | 'update' | 'administer'): Fix[] => {
    if (principal.kind === 'app') return scope(operation === 'read' ? READ_SCOPE : WRITE_SCOPE);
    if (account === null) return [];
    return subjectsOf(facts, account, limits).map(({ subject, via }) => ({
      changes: [{ kind: 'space.grant', spaceId, operation, subject }],
      via,
    }));
  };
  const list = (contentId: string, operation: 'read' | 'update'): Fix[] => {
    if (account === null) {
      // S6: anonymous callers and apps without an app user cannot be listed: only an open page.
      return operation === 'read'
        ? [{ changes: [{ kind: 'restriction.clear', contentId, operation }], via: null }]
        : [];
    }
    return subjectsOf(facts, account, limits).map(({ subject, via }) => ({
      changes: [{ kind: 'restriction.add', contentId, operation, subject }],
      via,
    }));
  };

  switch (last.rule) {
    case 'D17': {
      const needed = scopeFor(request.action);
      return needed === null ? [] : scope(needed);
    }
    case 'R6':
      // a space read by anonymous is refused as R6 (D19): the same two switches as R5
      return principal.kind === 'anonymous' ? anonymousSpace(facts, spaceId) : grant('read');
    case 'R3':
      return grant('update');
    case 'R5':
      return principal.kind === 'anonymous' && !isWrite(request)
        ? anonymousSpace(facts, spaceId)
        : [];
    case 'R1':
      return last.restriction ? list(last.restriction.contentId, 'read') : [];
    case 'R2':
      return content ? list(content.id, 'update') : [];
    case 'D21':
      return isSpace && request.action === 'administer' && principal.kind !== 'anonymous'
        ? grant('administer')
        : [];
    case 'D14':
      return app ? appAccessFixes(facts, app.ari, spaceId) : [];
    case 'D9':
      return slot !== null ? ruleFixes(facts, 'export', slot) : [];
    case 'D10':
      return slot !== null ? ruleFixes(facts, 'attachmentDownload', slot) : [];
    case 'D11':
      return slot !== null ? ruleFixes(facts, 'anonymousAccess', slot) : [];
    case 'D12':
      return slot !== null && ruleFor(facts, 'publicLinks', slot).effect === 'block'
        ? ruleFixes(facts, 'publicLinks', slot)
        : [];
    default:
      return [];
  }
}

const isWrite = (request: CheckRequest) =>
  request.action === 'update' || request.action === 'restrict' || request.action === 'administer';

/** S5: anonymous read needs the site switch and the space's anonymous read, both. */
function anonymousSpace(facts: DecisionFacts, spaceId: string): Fix[] {
  const space = facts.space(spaceId);
  const site = space ? facts.site(space.siteId) : undefined;
  if (!space || !site) return [];
  const changes: WorldChange[] = [];
  if (!site.anonymousAccess) changes.push({ kind: 'site.anonymousAccess', cloudId: site.cloudId });
  if (!space.permissions.anonymous.has('read')) {
    changes.push({
      kind: 'space.grant',
      spaceId,
      operation: 'read',
      subject: { type: 'anonymous' },
    });
  }
  return [{ changes, via: null }];
}

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
function ruleFixes(
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
function appAccessFixes(facts: DecisionFacts, ari: string, spaceId: string): Fix[] {
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
