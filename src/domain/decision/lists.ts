import type { Content, User } from '../world.js';
import { decide } from './engine.js';
import type { Action, Decision, DecisionFacts, Subject } from './types.js';

/** Denials that hold for every descendant too, so a filtered walk can skip the subtree. */
const INHERITED = new Set(['R1', 'R5', 'R6', 'D14', 'D17']);

function prunes(action: Action, decision: Decision): boolean {
  return action !== 'viewPublicLink' && decision.reasons.some((r) => INHERITED.has(r.rule));
}

/**
 * Every page and blog post the subject may `action`, in space order then tree order. It runs the
 * same `decide` as the point check, so list and check cannot disagree; a denial that descendants
 * inherit (a read restriction, the space, the app's scope or appAccess) skips the whole subtree.
 */
export function* permittedContent(
  facts: DecisionFacts,
  subject: Subject,
  action: Action,
  spaceId?: string,
): Generator<Content> {
  for (const space of facts.spaces()) {
    if (spaceId !== undefined && space.id !== spaceId) continue;
    const stack = [...facts.roots(space.id)].reverse();
    while (stack.length > 0) {
      const content = facts.content(stack.pop()!);
      if (!content) continue;
      const decision = decide(facts, {
        subject,
        action,
        resource: { type: content.type, id: content.id },
      });
      if (decision.decision === 'allow') yield content;
      else if (prunes(action, decision)) continue;
      for (let i = content.children.length - 1; i >= 0; i--) stack.push(content.children[i]!);
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

/** The facts as seen by a user whose only membership is `groupId`. */
function memberOnlyOf(facts: DecisionFacts, groupId: string, orgId: string): DecisionFacts {
  const probe: User = {
    accountId: PROBE,
    orgId,
    email: null,
    displayName: 'member',
    siteAdmin: false,
  };
  const groups: ReadonlySet<string> = new Set([groupId]);
  return {
    ...facts,
    user: (accountId) => (accountId === PROBE ? probe : facts.user(accountId)),
    groupsOf: (accountId) => (accountId === PROBE ? groups : facts.groupsOf(accountId)),
  };
}
