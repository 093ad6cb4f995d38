import {
  isJiraRef,
  type DecisionFacts,
  type JiraRef,
  type Reason,
  type ResourceRef,
} from '../domain/decision/types.js';
import { resolveJiraRef } from '../domain/jira/resolve.js';
import { suggestToAllow } from '../domain/decision/suggest.js';
import { describeSuggestion } from '../domain/decision/suggest-text.js';
import { hypothesisOf } from '../index/hypothetical.js';
import { presentSuggestions } from '../presenters/suggestion.js';
import { decideFromDatabase, type DecisionFlags, type SubjectBody } from './check.js';

function describeSubject(facts: DecisionFacts, subject: SubjectBody): string {
  const userName = (accountId: string) => {
    const user = facts.user(accountId);
    return user ? `${accountId} (${user.displayName})` : `${accountId} (unknown)`;
  };
  if (subject.type === 'anonymous') return 'anonymous';
  if (subject.type === 'user') {
    return `user ${userName(subject.accountId)}${subject.adminKey ? ' with the admin key' : ''}`;
  }
  const app = facts.app(subject.ari);
  const name = `app ${subject.ari} (${app ? app.name : 'unknown'})`;
  return subject.actingFor === undefined
    ? name
    : `${name} acting for ${userName(subject.actingFor)}`;
}

const titled = (title: string | undefined) => (title === undefined ? '' : ` "${title}"`);

/** An issue or project as a person reads it: its key, id and summary or name, and its project. */
function describeJira(facts: DecisionFacts, resource: JiraRef): string {
  const target = resolveJiraRef(facts.jira, resource);
  const named = resource.key ?? resource.id ?? '?';
  if ('rule' in target) return `${resource.type} ${named} (unknown)`;
  const { project } = target;
  if (target.kind === 'project')
    return `project ${project.key} (id ${project.id})${titled(project.name)}`;
  const { issue } = target;
  return `issue ${issue.key} (id ${issue.id})${titled(issue.summary)} in project ${project.key}`;
}

function describeResource(facts: DecisionFacts, resource: ResourceRef): string {
  if (isJiraRef(resource)) return describeJira(facts, resource);
  if (resource.type === 'space') {
    return `space ${resource.id}${titled(facts.space(resource.id)?.name)}`;
  }
  if (resource.type === 'attachment') {
    const attachment = facts.attachment(resource.id);
    const page = attachment ? facts.content(attachment.contentId) : undefined;
    const on = page ? ` on ${page.type} ${page.id}${titled(page.title)}` : '';
    return `attachment ${resource.id}${titled(attachment?.title)}${on}`;
  }
  const content = facts.content(resource.id);
  return `${resource.type} ${resource.id}${titled(content?.type === resource.type ? content.title : undefined)}`;
}

/**
 * `gatehouse explain`: the decision and every reason, for a person to read. Exits 0 whatever the
 * decision (it explains; `gatehouse check` is the one scripts test).
 */
export async function runExplain(flags: DecisionFlags): Promise<number> {
  const { orgId, snapshot, facts, request, answer } = await decideFromDatabase(flags);
  // S12: a deny comes with what would allow it (each verified on a hypothetical snapshot).
  const suggestions =
    answer.decision === 'deny' ? suggestToAllow(facts, request, hypothesisOf(snapshot)) : [];
  if (flags.json) {
    const shown =
      answer.decision === 'deny'
        ? { ...answer, toAllow: presentSuggestions(facts, suggestions) }
        : answer;
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  const policies = facts.policies.byId;
  const lines = [
    `${answer.decision.toUpperCase()}: ${describeSubject(facts, answer.subject)} ${
      answer.decision === 'allow' ? 'may' : 'may not'
    } ${answer.action} ${describeResource(facts, answer.resource)}`,
    `org ${orgId}`,
    '',
    answer.reasons.length === 1 ? 'Reason:' : `Reasons (${answer.reasons.length}):`,
  ];
  answer.reasons.forEach((reason, i) => {
    lines.push(`  ${i + 1}. ${reason.rule}  ${reason.text}`);
    if (reason.policyId !== undefined) {
      const policy = policies.get(reason.policyId);
      lines.push(
        policy
          ? `       policy ${policy.id} "${policy.name}" (${policy.coverageLevel})`
          : `       policy ${reason.policyId}`,
      );
    }
    for (const line of jiraDetails(facts, answer.resource, reason)) lines.push(`       ${line}`);
    if (reason.restriction) {
      const page = facts.content(reason.restriction.contentId);
      lines.push(
        `       restriction: ${reason.restriction.operation} list of ${page?.type ?? 'content'} ${
          reason.restriction.contentId
        }${page ? ` "${page.title}"` : ''}`,
      );
    }
  });
  if (answer.decision === 'deny') {
    lines.push('');
    if (suggestions.length === 0) lines.push('Nothing Gatehouse can change would allow it.');
    for (const suggestion of suggestions) {
      lines.push(`would be allowed if: ${describeSuggestion(facts, suggestion.changes)}`);
    }
  }
  lines.push(
    '',
    'Rules: D… docs/decision-scenarios.md, R… docs/restriction-rules.md, J… docs/jira.md, S… docs/suggestions.md',
    '',
  );
  process.stdout.write(lines.join('\n'));
  return 0;
}

/** The Jira permission and security level a reason names, spelt out. */
function jiraDetails(facts: DecisionFacts, resource: ResourceRef, reason: Reason): string[] {
  const lines: string[] = [];
  if (reason.permission !== undefined) lines.push(`permission: ${reason.permission}`);
  if (reason.securityLevel !== undefined && isJiraRef(resource)) {
    const target = resolveJiraRef(facts.jira, resource);
    const level =
      'rule' in target ? undefined : target.project.securityLevels.get(reason.securityLevel);
    if (!level) {
      lines.push(`security level: ${reason.securityLevel}`);
      return lines;
    }
    const groupNames = new Map([...facts.groups()].map((g) => [g.id, g.name]));
    const members = [
      ...[...level.members.users].map((id) => `user ${facts.user(id)?.displayName ?? id}`),
      ...[...level.members.groups].map((id) => `group ${groupNames.get(id) ?? id}`),
    ];
    lines.push(
      `security level: ${level.id} "${level.name}" (members: ${members.join(', ') || 'none'})`,
    );
  }
  return lines;
}
