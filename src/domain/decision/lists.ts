import { sealedSet, type Content, type User } from '../world.js';
import { decide, type DecisionSession } from './engine.js';
import { INHERITED_RULES } from './rule-ids.js';
import type { Action, Decision, DecisionFacts, Reason, Subject } from './types.js';

/** A denial its descendants inherit (rule-ids.ts), so a filtered walk can skip the subtree. */
function prunes(action: Action, decision: Decision): boolean {
  return action !== 'viewPublicLink' && decision.reasons.some((r) => INHERITED_RULES.has(r.rule));
}

/** What a walk hands a page's children: the R1 reasons of the page's allowed view, or null. */
type Inherited = readonly Reason[] | null;
const VIEW_ACTIONS: ReadonlySet<Action> = new Set(['read', 'export', 'downloadAttachment']);
const NO_R1: readonly Reason[] = Object.freeze([]);

/** One page of a walk: `decide`, or the equal `decideBelow` when its parent's view is known. */
function decideIn(
  session: DecisionSession,
  action: Action,
  content: Content,
  parentR1: Inherited,
): Decision {
  const resource = { type: content.type, id: content.id };
  return parentR1 === null
    ? session.decide(action, resource)
    : session.decideBelow(action, resource, parentR1);
}

/** Stacks the children (last first) with what they inherit from this page's decision. */
function pushChildren(
  stack: string[],
  below: Inherited[],
  content: Content,
  action: Action,
  decision: Decision,
): void {
  if (content.children.length === 0) return;
  let inherited: Inherited = null;
  if (decision.decision === 'allow' && VIEW_ACTIONS.has(action)) {
    const listed = decision.reasons.filter((r) => r.rule === 'R1');
    inherited = listed.length === 0 ? NO_R1 : listed;
  }
  for (let i = content.children.length - 1; i >= 0; i--) {
    stack.push(content.children[i]!);
    below.push(inherited);
  }
}

/**
 * Every page and blog post the subject may `action`, in space order then tree order. It runs the
 * same `decide` as the point check (`decideBelow` under an allowed parent: the same decision without
 * re-walking the ancestors), so list and check cannot disagree; a denial that descendants inherit
 * (a read restriction, the space, the app's scope or appAccess) skips the whole subtree.
 */
export function* permittedContent(
  session: DecisionSession,
  action: Action,
  spaceId?: string,
): Generator<Content> {
  const facts = session.facts;
  for (const space of facts.spaces()) {
    if (spaceId !== undefined && space.id !== spaceId) continue;
    const stack = [...facts.roots(space.id)].reverse();
    const below: Inherited[] = stack.map(() => null);
    while (stack.length > 0) {
      const content = facts.content(stack.pop()!);
      const parentR1 = below.pop() ?? null;
      if (!content) continue;
      const decision = decideIn(session, action, content, parentR1);
      if (decision.decision === 'allow') yield content;
      else if (prunes(action, decision)) continue;
      pushChildren(stack, below, content, action, decision);
    }
  }
}

export type ListedSubject =
  | { type: 'user'; accountId: string; displayName: string }
  | { type: 'group'; id: string; name: string }
  | { type: 'app'; ari: string }
  | { type: 'anonymous' };

/**
 * Who may `action` the resource: every user (directly or through groups), every group whose
 * membership alone is enough, every app, and anonymous — each by the same `decide`.
 */
export function permittedSubjects(
  facts: DecisionFacts,
  action: Action,
  resource: { type: 'page' | 'blogpost' | 'attachment' | 'space'; id: string },
): ListedSubject[] {
  const allowed = (f: DecisionFacts, subject: Subject) =>
    decide(f, { subject, action, resource }).decision === 'allow';
  const result: ListedSubject[] = [];
  for (const user of facts.users()) {
    if (allowed(facts, { type: 'user', accountId: user.accountId })) {
      result.push({ type: 'user', accountId: user.accountId, displayName: user.displayName });
    }
  }
  for (const group of facts.groups()) {
    if (allowed(memberOnlyOf(facts, group.id, group.orgId), { type: 'user', accountId: PROBE })) {
      result.push({ type: 'group', id: group.id, name: group.name });
    }
  }
  for (const app of facts.apps()) {
    if (allowed(facts, { type: 'app', ari: app.ari })) result.push({ type: 'app', ari: app.ari });
  }
  if (allowed(facts, { type: 'anonymous' })) result.push({ type: 'anonymous' });
  return result;
}

const PROBE = '\u0000group-member-probe';

/**
 * The facts as seen by a user whose only membership is `groupId`: the snapshot's own facts (and
 * memo), with the probe user and their one group laid over them.
 */
function memberOnlyOf(facts: DecisionFacts, groupId: string, orgId: string): DecisionFacts {
  const probe: User = {
    accountId: PROBE,
    orgId,
    email: null,
    displayName: 'member',
    siteAdmin: false,
  };
  const groups = sealedSet([groupId]);
  return Object.freeze({
    ...facts,
    user: (accountId: string) => (accountId === PROBE ? probe : facts.user(accountId)),
    groupsOf: (accountId: string) => (accountId === PROBE ? groups : facts.groupsOf(accountId)),
  });
}

/** Where a tree walk starts and what it yields (see `permittedInTree`). */
export interface TreeWalk {
  /** The top of the walk, in order: a space's roots, or one page's children. */
  roots: readonly string[];
  /** `all`: every level below the roots; `root`: the roots only. */
  depth: 'all' | 'root';
  /** Yield only this type (blog posts are still walked past, never yielded). */
  type?: Content['type'];
  /** Resume after this item (a cursor); `permittedInTree` yields nothing if it is not in the walk. */
  after?: string;
}

/** True when `id` lies in the walk: at or below one of its roots (at a root for `depth: root`). */
export function inTree(facts: DecisionFacts, walk: TreeWalk, id: string): boolean {
  return pathToRoot(facts, walk, id) !== null;
}

/** `id` and its ancestors up to a root of the walk, root first; null when outside the walk. */
function pathToRoot(facts: DecisionFacts, walk: TreeWalk, id: string): Content[] | null {
  const roots = new Set(walk.roots);
  const path: Content[] = [];
  let current = facts.content(id);
  while (current) {
    path.unshift(current);
    if (roots.has(current.id)) return walk.depth === 'root' && path.length > 1 ? null : path;
    if (current.parentId === null || path.length > 10_000) return null;
    current = facts.content(current.parentId);
  }
  return null;
}

/** The pre-order walk's pending stack right after `path`'s last item was yielded. */
function resumeStack(facts: DecisionFacts, walk: TreeWalk, path: Content[]): string[] {
  const stack: string[] = [];
  const pushAfter = (siblings: readonly string[], id: string) => {
    for (let i = siblings.length - 1; i > siblings.indexOf(id); i--) stack.push(siblings[i]!);
  };
  pushAfter(walk.roots, path[0]!.id);
  if (walk.depth === 'root') return stack;
  for (let i = 1; i < path.length; i++) pushAfter(path[i - 1]!.children, path[i]!.id);
  const last = path[path.length - 1]!;
  for (let i = last.children.length - 1; i >= 0; i--) stack.push(last.children[i]!);
  return stack;
}

/**
 * The items of a walk the subject may `action`, in tree (pre-)order, lazily: a consumer that stops
 * after one page of results decides only that far. Each item is decided by the same `decide` as the
 * point check; a denial its descendants inherit (a read restriction, the space, the app's scope or
 * appAccess) skips the whole subtree without deciding it.
 */
export function* permittedInTree(
  session: DecisionSession,
  action: Action,
  walk: TreeWalk,
): Generator<Content> {
  const facts = session.facts;
  let stack: string[];
  if (walk.after === undefined) {
    stack = [...walk.roots].reverse();
  } else {
    const path = pathToRoot(facts, walk, walk.after);
    if (!path) return;
    stack = resumeStack(facts, walk, path);
  }
  const below: Inherited[] = stack.map(() => null);
  while (stack.length > 0) {
    const content = facts.content(stack.pop()!);
    const parentR1 = below.pop() ?? null;
    if (!content) continue;
    const decision = decideIn(session, action, content, parentR1);
    if (decision.decision === 'allow') {
      if (walk.type === undefined || content.type === walk.type) yield content;
    } else if (prunes(action, decision)) continue;
    if (walk.depth === 'root') continue;
    pushChildren(stack, below, content, action, decision);
  }
}

/** The facts and subject of "a user whose only membership is `groupId`" (group permission checks). */
export function groupMemberProbe(
  facts: DecisionFacts,
  groupId: string,
  orgId: string,
): { facts: DecisionFacts; subject: Subject } {
  return {
    facts: memberOnlyOf(facts, groupId, orgId),
    subject: { type: 'user', accountId: PROBE },
  };
}
