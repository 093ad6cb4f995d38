import { decide, type DecisionSession } from '../decision/engine.js';
import { groupMemberProbe, type ListedSubject } from '../decision/lists.js';
import type { Action, DecisionFacts, JiraRef, Subject } from '../decision/types.js';
import type { Issue, JiraProject } from './model.js';

/**
 * J18: the issues of a project the subject may `action`, in key order, lazily — by the same
 * decision as the point check. A project the subject may not browse yields nothing without
 * deciding its issues one by one (every one of them would be denied by J2/J3 alike).
 */
export function* permittedIssues(
  session: DecisionSession,
  action: Action,
  project: JiraProject,
  after?: string,
): Generator<Issue> {
  const decider = session.jira;
  if (decider.unknownSubject || decider.browseGrant(project) === null) return;
  const issues = session.facts.jira.issuesOfProject.get(project.ref) ?? [];
  let start = 0;
  if (after !== undefined) {
    start = issues.findIndex((i) => i.id === after) + 1;
    if (start === 0) return;
  }
  for (let i = start; i < issues.length; i++) {
    const issue = issues[i]!;
    if (decider.decideIssue(issue, project, action).decision === 'allow') yield issue;
  }
}

/**
 * J18: who may `action` a Jira issue or project — every user, every group whose membership alone
 * is enough, every app, and anonymous — each by the same `decide` as the point check.
 */
export function permittedJiraSubjects(
  facts: DecisionFacts,
  action: Action,
  resource: JiraRef,
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
    const probe = groupMemberProbe(facts, group.id, group.orgId);
    if (allowed(probe.facts, probe.subject)) {
      result.push({ type: 'group', id: group.id, name: group.name });
    }
  }
  for (const app of facts.apps()) {
    if (allowed(facts, { type: 'app', ari: app.ari })) result.push({ type: 'app', ari: app.ari });
  }
  if (allowed(facts, { type: 'anonymous' })) result.push({ type: 'anonymous' });
  return result;
}
