import { sealedSet, type User } from '../world.js';
import { decide, type DecisionSession } from './engine.js';
import { INHERITED_RULES } from './rule-ids.js';
import type { Action, Decision, DecisionFacts, Reason, Subject } from './types.js';

/** A denial its descendants inherit (rule-ids.ts), so a filtered walk can skip the subtree. */
function prunes(action: Action, decision: Decision): boolean {
  return action !== 'viewPublicLink' && decision.reasons.some((r) => INHERITED_RULES.has(r.rule));
}

/** What a walk hands a page's children: the R1 reasons of the page's allowed view, or null. */
type Inherited = readonly Reason[] | null;
const VIEW_ACTIONS: ReadonlySet<Action> = sealedSet<Action>([
  'read',
  'export',
  'downloadAttachment',
]);
const NO_R1: readonly Reason[] = Object.freeze([]);

/** Stacks the children (last first) with what they inherit from this page's decision. */
function pushChildren(
  facts: DecisionFacts,
  stack: number[],
  below: Inherited[],
  slot: number,
  action: Action,
  decision: Decision,
): void {
  const pages = facts.pages;
  const start = pages.childStart(slot);
  const end = pages.childEnd(slot);
  if (start === end) return;
  let inherited: Inherited = null;
  if (decision.decision === 'allow' && VIEW_ACTIONS.has(action)) {
    const listed = decision.reasons.filter((r) => r.rule === 'R1');
    inherited = listed.length === 0 ? NO_R1 : listed;
  }
  for (let i = end - 1; i >= start; i--) {
    stack.push(pages.childAt(i));
    below.push(inherited);
  }
}

/**
 * Every page and blog post (as slots of `facts.pages`) the subject may `action`, in space order
 * then tree order. It runs the same decision as the point check (`decidePage`, carrying an allowed
 * parent's R1 reasons down instead of re-walking the ancestors), so list and check cannot
 * disagree; a denial that descendants inherit (a read restriction, the space, the app's scope or
 * appAccess) skips the whole subtree.
 */
export function* permittedContent(
  session: DecisionSession,
  action: Action,
  spaceId?: string,
): Generator<number> {
  const facts = session.facts;
  for (const space of facts.spaces()) {
    if (spaceId !== undefined && space.id !== spaceId) continue;
    yield* walk(session, action, facts.pages.rootsOf(space.id), 'all', null);
  }
}

/**
 * `permittedContent` from just after the page at `afterSlot`, without deciding the pages before
 * it: the walk resumes with what a tree-order walk had still to visit there — the page's
 * children, then the later siblings of the page and of each of its ancestors — and then the later
 * spaces. Those are decided in full (nothing inherited), which `decideBelow` equals. A cursor's
 * page must have been listed, so no ancestor of it was pruned.
 */
export function* permittedContentAfter(
  session: DecisionSession,
  action: Action,
  afterSlot: number,
  spaceId?: string,
): Generator<number> {
  const facts = session.facts;
  const pages = facts.pages;
  const own = pages.spaceId(afterSlot);
  if (spaceId !== undefined && own !== spaceId) return;
  // pushed last-visited first: the ancestors' later siblings outermost, the page's children last
  const stack: number[] = [];
  const chain: number[] = [];
  for (let s = afterSlot; s !== -1 && chain.length < pages.count; s = pages.parent(s)) {
    if (chain.includes(s)) break;
    chain.push(s);
  }
  for (let k = chain.length - 1; k >= 0; k--) {
    const slot = chain[k]!;
    const parent = pages.parent(slot);
    const siblings = parent === -1 ? Array.from(pages.rootsOf(own)) : childrenOf(facts, parent);
    const later = siblings.slice(siblings.indexOf(slot) + 1);
    for (let i = later.length - 1; i >= 0; i--) stack.push(later[i]!);
  }
  const children = childrenOf(facts, afterSlot);
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  yield* walk(session, action, [], 'all', stack);
  if (spaceId !== undefined) return;
  let after = false;
  for (const space of facts.spaces()) {
    if (after) yield* walk(session, action, pages.rootsOf(space.id), 'all', null);
    else after = space.id === own;
  }
}

function childrenOf(facts: DecisionFacts, slot: number): number[] {
  const pages = facts.pages;
  const children: number[] = [];
  for (let i = pages.childStart(slot); i < pages.childEnd(slot); i++)
    children.push(pages.childAt(i));
  return children;
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
  const groups: readonly string[] = Object.freeze([groupId]);
  const number = facts.groupNumber(groupId);
  const numbers: readonly number[] = Object.freeze(number === undefined ? [] : [number]);
  return Object.freeze({
    ...facts,
    user: (accountId: string) => (accountId === PROBE ? probe : facts.user(accountId)),
    groupsOf: (accountId: string) => (accountId === PROBE ? groups : facts.groupsOf(accountId)),
    groupNumbersOf: (accountId: string) =>
      accountId === PROBE ? numbers : facts.groupNumbersOf(accountId),
  });
}

/** Where a tree walk starts and what it yields (see `permittedInTree`). */
export interface TreeWalk {
  /** The top of the walk, in order (slots): a space's roots, or one page's children. */
  roots: ArrayLike<number>;
  /** `all`: every level below the roots; `root`: the roots only. */
  depth: 'all' | 'root';
  /** Yield only this type (blog posts are still walked past, never yielded). */
  type?: 'page' | 'blogpost';
  /** Resume after this item (a cursor); `permittedInTree` yields nothing if it is not in the walk. */
  after?: string;
}

/** The walk of a space's top-level items. */
export function spaceWalk(facts: DecisionFacts, spaceId: string): ArrayLike<number> {
  return facts.pages.rootsOf(spaceId);
}

/** The walk of a page's children. */
export function childrenWalk(facts: DecisionFacts, slot: number): number[] {
  const pages = facts.pages;
  const children: number[] = [];
  for (let i = pages.childStart(slot); i < pages.childEnd(slot); i++) {
    children.push(pages.childAt(i));
  }
  return children;
}

const includes = (roots: ArrayLike<number>, slot: number) => {
  for (let i = 0; i < roots.length; i++) if (roots[i] === slot) return true;
  return false;
};

/** True when `id` lies in the walk: at or below one of its roots (at a root for `depth: root`). */
export function inTree(facts: DecisionFacts, walk: TreeWalk, id: string): boolean {
  return pathToRoot(facts, walk, id) !== null;
}

/** `id` and its ancestors up to a root of the walk, root first; null when outside the walk. */
function pathToRoot(facts: DecisionFacts, walk: TreeWalk, id: string): number[] | null {
  const pages = facts.pages;
  const path: number[] = [];
  let current = pages.slotOf(id);
  while (current !== -1) {
    path.unshift(current);
    if (includes(walk.roots, current)) {
      return walk.depth === 'root' && path.length > 1 ? null : path;
    }
    if (path.length > 10_000) return null;
    current = pages.parent(current);
  }
  return null;
}

/** The pre-order walk's pending stack right after `path`'s last item was yielded. */
function resumeStack(facts: DecisionFacts, walk: TreeWalk, path: number[]): number[] {
  const pages = facts.pages;
  const stack: number[] = [];
  const rootIndex = Array.prototype.indexOf.call(walk.roots, path[0]!);
  for (let i = walk.roots.length - 1; i > rootIndex; i--) stack.push(walk.roots[i]!);
  if (walk.depth === 'root') return stack;
  for (let i = 1; i < path.length; i++) {
    const parent = path[i - 1]!;
    for (let k = pages.childEnd(parent) - 1; k >= pages.childStart(parent); k--) {
      const child = pages.childAt(k);
      if (child === path[i]) break;
      stack.push(child);
    }
  }
  const last = path[path.length - 1]!;
  for (let k = pages.childEnd(last) - 1; k >= pages.childStart(last); k--) {
    stack.push(pages.childAt(k));
  }
  return stack;
}

/**
 * The items of a walk the subject may `action` (slots), in tree (pre-)order, lazily: a consumer
 * that stops after one page of results decides only that far. Each item is decided like the point
 * check; a denial its descendants inherit (a read restriction, the space, the app's scope or
 * appAccess) skips the whole subtree without deciding it.
 */
export function* permittedInTree(
  session: DecisionSession,
  action: Action,
  tree: TreeWalk,
): Generator<number> {
  const facts = session.facts;
  let start: number[] | null = null;
  if (tree.after !== undefined) {
    const path = pathToRoot(facts, tree, tree.after);
    if (!path) return;
    start = resumeStack(facts, tree, path);
  }
  yield* walk(session, action, tree.roots, tree.depth, start, tree.type);
}

function* walk(
  session: DecisionSession,
  action: Action,
  roots: ArrayLike<number>,
  depth: 'all' | 'root',
  start: number[] | null,
  type?: 'page' | 'blogpost',
): Generator<number> {
  const facts = session.facts;
  const pages = facts.pages;
  const stack: number[] = start ?? [];
  if (start === null) for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]!);
  const below: Inherited[] = stack.map(() => null);
  while (stack.length > 0) {
    const slot = stack.pop()!;
    const parentR1 = below.pop() ?? null;
    const decision = session.decidePage(action, slot, parentR1);
    if (decision.decision === 'allow') {
      if (type === undefined || pages.isBlogPost(slot) === (type === 'blogpost')) yield slot;
    } else if (prunes(action, decision)) continue;
    if (depth === 'root') continue;
    pushChildren(facts, stack, below, slot, action, decision);
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
