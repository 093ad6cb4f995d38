import type { Issue } from '../../../domain/jira/model.js';
import type { IssueView } from '../../../presenters/jira-issue.js';
import { jiraDecider } from '../../door/authorize-jira.js';
import type { JiraContext } from '../../door/jira-context.js';

/** What the issue presenter may know in this request: people, and which related issues show. */
export function issueView(ctx: JiraContext): IssueView {
  const world = ctx.org.world;
  const decider = jiraDecider(ctx);
  return {
    base: ctx.base,
    showEmail: ctx.caller.kind !== 'anonymous',
    person(accountId) {
      const user = world.users.get(accountId);
      if (user) {
        return { accountId, displayName: user.displayName, email: user.email, isApp: false };
      }
      const app = world.appsByAccount.get(accountId);
      return app ? { accountId, displayName: app.name, email: null, isApp: true } : undefined;
    },
    visibleIssue(issue: Issue) {
      const project = world.jira.projects.get(issue.projectRef);
      return (
        project !== undefined && decider.decideIssue(issue, project, 'read').decision === 'allow'
      );
    },
    issue: (id) => world.jira.issues.get(id),
    subtasksOf: (id) => world.jira.subtasks.get(id) ?? [],
  };
}
