import { READ_SCOPE, WRITE_SCOPE } from '../confluence/facts.js';
import {
  decide,
  resolveContent,
  resolveSubject,
  scopeFor,
  type ResolvedSubject,
} from './engine.js';
import { ruleFor } from './rules.js';
import { isJiraRef, type CheckRequest, type Decision, type DecisionFacts } from './types.js';
import { appAccessFixes, ruleFixes, type Fix, type Via } from './suggest-policies.js';
import type { ListSubject, WorldChange } from './world-change.js';

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
