import {
  applyEnforcement,
  isSoftDenial,
  type EnforcedDecision,
} from '../../domain/decision/enforcement.js';
import { session } from '../../domain/decision/engine.js';
import { blockingPolicyNames } from '../../domain/decision/policy-facts.js';
import type { Action, Decision, DecisionFacts, JiraRef } from '../../domain/decision/types.js';
import { jiraScopeFor, type JiraDecider } from '../../domain/jira/engine.js';
import type { Issue, JiraAttachment, JiraProject } from '../../domain/jira/model.js';
import { resolveJiraRef } from '../../domain/jira/resolve.js';
import { ApiError } from '../errors/catalogue.js';
import type { JiraOperation } from '../routes/jira/operations.js';
import type { JiraContext } from './jira-context.js';

/**
 * The one door of the Jira endpoints, beside `authorize`: every Jira endpoint that reads or
 * changes issue or project content asks `authorizeIssue` or `authorizeProject`, which ask the
 * engine (src/domain/jira/engine.ts). Anonymous admission, scopes, hidden-is-404, the
 * per-operation appAccess flag and the org's enforcement modes (docs/testing-features.md G19–G27:
 * soft and off decide again with the rule relaxed, denials go to the decision log) live here and
 * nowhere else (docs/jira.md J19–J21).
 */

export interface JiraDenials {
  /** Missing, or hidden from the caller (J20): one answer for both. */
  notFound(named: string): ApiError;
  /** The caller may see it but not do the action; without it the endpoint answers `notFound`. */
  forbidden?(denied: {
    named: string;
    title: string;
    decision: Decision;
    ctx: JiraContext;
  }): ApiError;
}

export const issueNotFound = (_named: string) =>
  new ApiError(
    'JIRA_ISSUE_NOT_FOUND',
    'Issue does not exist or you do not have permission to see it.',
  );

export const projectNotFound = (named: string) =>
  new ApiError(
    'JIRA_PROJECT_NOT_FOUND',
    /^\d+$/.test(named)
      ? `No project could be found with id '${named}'.`
      : `No project could be found with key '${named}'.`,
  );

export const attachmentNotFound = (named: string) =>
  new ApiError('JIRA_ATTACHMENT_NOT_FOUND', `The attachment with id '${named}' does not exist.`);

const policyNames = (
  ctx: JiraContext,
  rule: 'export' | 'attachmentDownload',
  decision: Decision,
) => {
  const names = blockingPolicyNames(ctx.org.policies, rule, decision.reasons);
  return names.length > 0 ? ` (${names.map((n) => `"${n}"`).join(', ')})` : '';
};

/** §9.3/§9.4: a blocked export or download by someone who may see the issue is a 403 naming policies. */
const BLOCKED: Partial<Record<Action, JiraDenials['forbidden']>> = {
  export: ({ title, decision, ctx }) =>
    new ApiError(
      'JIRA_EXPORT_BLOCKED',
      `Exporting ${title} is blocked by your organization's data security policy${policyNames(ctx, 'export', decision)}`,
    ),
  downloadAttachment: ({ title, decision, ctx }) =>
    new ApiError(
      'JIRA_DOWNLOAD_BLOCKED',
      `Downloading attachments of ${title} is blocked by your organization's data security policy${policyNames(ctx, 'attachmentDownload', decision)}`,
    ),
};

/**
 * J19/J21: the operation admits this caller at all — anonymous callers only where Atlassian's
 * `security` allows them; an app only with the Jira scope of `action` (checked before anything is
 * looked up). Returns the engine options of the operation (its appAccess flag).
 */
export function admitJira(
  ctx: JiraContext,
  operation: JiraOperation,
  action: Action | null,
): { appAccess: boolean } {
  if (ctx.caller.kind === 'anonymous' && !operation.anonymous) {
    throw new ApiError(
      'JIRA_LOGIN_REQUIRED',
      'You are not authenticated. Authentication required to perform this operation.',
    );
  }
  const scope = action === null ? null : jiraScopeFor(action);
  if (ctx.caller.kind === 'app' && scope !== null && !ctx.caller.app.scopes.has(scope)) {
    throw new ApiError('SCOPE_MISSING', `Unauthorized; scope does not match (needs ${scope})`);
  }
  return { appAccess: !operation.appAccessExempt };
}

/** The caller's Jira decisions in the request's snapshot (searches and lists walk with it). */
export function jiraDecider(ctx: JiraContext): JiraDecider {
  return session(ctx.org.facts, ctx.subject).jira;
}

export interface AuthorizedIssue {
  readonly issue: Issue;
  readonly project: JiraProject;
  readonly decision: Decision;
}

/** An `…IdOrKey` path parameter on this site: an id first, else a key (Jira's own order). */
export function findOnSite(ctx: JiraContext, type: 'issue' | 'project', idOrKey: string) {
  const jira = ctx.org.facts.jira;
  const cloudId = ctx.site.cloudId;
  const byId = resolveJiraRef(jira, { type, id: idOrKey, cloudId });
  return 'rule' in byId ? resolveJiraRef(jira, { type, key: idOrKey, cloudId }) : byId;
}

/**
 * May the caller do `action` on the issue `idOrKey` of this site? Visible first (J20: what the
 * caller may not browse does not exist for them), then the action (export and download: 403
 * naming the policy).
 */
export function authorizeIssue(
  ctx: JiraContext,
  operation: JiraOperation,
  action: Action,
  idOrKey: string,
  denials: JiraDenials = { notFound: issueNotFound },
): AuthorizedIssue {
  const options = admitJira(ctx, operation, action);
  const target = findOnSite(ctx, 'issue', idOrKey);
  if ('rule' in target || target.kind !== 'issue') throw denials.notFound(idOrKey);
  return decideIssueDoor(ctx, options, action, target.issue, target.project, idOrKey, denials);
}

/** The door for an issue already found on this site (an attachment's, a search export's). */
export function decideIssueDoor(
  ctx: JiraContext,
  options: { appAccess: boolean },
  action: Action,
  issue: Issue,
  project: JiraProject,
  named: string,
  denials: JiraDenials,
): AuthorizedIssue {
  const decider = jiraDecider(ctx);
  const ref: JiraRef = { type: 'issue', id: issue.id, key: issue.key, cloudId: issue.siteId };
  const decide = (action: Action) =>
    enforced(ctx, action, ref, (d) => d.decideIssue(issue, project, action, options), decider);
  const visible = decide('read');
  if (visible.decision !== 'allow') throw denials.notFound(named);
  const decision = action === 'read' ? visible : decide(action);
  if (decision.decision !== 'allow') {
    const forbidden = denials.forbidden ?? BLOCKED[action];
    throw forbidden
      ? forbidden({ named, title: issue.key, decision, ctx })
      : denials.notFound(named);
  }
  return { issue, project, decision };
}

export interface AuthorizedAttachment extends AuthorizedIssue {
  readonly attachment: JiraAttachment;
}

/** An attachment is decided on its issue (J25): hidden issue, hidden attachment. */
export function authorizeAttachment(
  ctx: JiraContext,
  operation: JiraOperation,
  action: Action,
  id: string,
): AuthorizedAttachment {
  const options = admitJira(ctx, operation, action);
  const jira = ctx.org.facts.jira;
  const attachment = jira.attachments.get(id);
  const issue = attachment ? jira.issues.get(attachment.issueId) : undefined;
  const project = issue ? jira.projects.get(issue.projectRef) : undefined;
  if (!attachment || !issue || !project || issue.siteId !== ctx.site.cloudId) {
    throw attachmentNotFound(id);
  }
  const authorized = decideIssueDoor(ctx, options, action, issue, project, id, {
    notFound: attachmentNotFound,
  });
  return { ...authorized, attachment };
}

export interface AuthorizedProject {
  readonly project: JiraProject;
  readonly decision: Decision;
}

/**
 * May the caller `action` (read or administer) the project `idOrKey` of this site? Visible
 * first (J15), then the action; `forbidden` answers a visible project the caller may not
 * administer (Atlassian: 401), else not found.
 */
export function authorizeProject(
  ctx: JiraContext,
  operation: JiraOperation,
  action: 'read' | 'administer',
  idOrKey: string,
  denials: JiraDenials = { notFound: projectNotFound },
): AuthorizedProject {
  const options = admitJira(ctx, operation, action);
  const target = findOnSite(ctx, 'project', idOrKey);
  if ('rule' in target) throw denials.notFound(idOrKey);
  const { project } = target;
  const decider = jiraDecider(ctx);
  const ref: JiraRef = {
    type: 'project',
    id: project.id,
    key: project.key,
    cloudId: project.siteId,
  };
  const decide = (action: 'read' | 'administer') =>
    enforced(ctx, action, ref, (d) => d.decideProject(project, action, options), decider);
  const visible = decide('read');
  const decision = action === 'read' ? visible : decide(action);
  // A project the caller may administer is never hidden from them (a site admin without browse).
  if (visible.decision !== 'allow' && decision.decision !== 'allow')
    throw denials.notFound(idOrKey);
  if (decision.decision !== 'allow') {
    throw denials.forbidden
      ? denials.forbidden({ named: idOrKey, title: project.key, decision, ctx })
      : denials.notFound(idOrKey);
  }
  return { project, decision };
}

/**
 * The engine's decision under the org's enforcement modes (G19–G26), recorded in the decision log
 * when it is a denial or a soft denial (G27), as `authorize` does for Confluence.
 */
function enforced(
  ctx: JiraContext,
  action: Action,
  resource: JiraRef,
  ask: (decider: JiraDecider) => Decision,
  decider: JiraDecider,
): Decision {
  const result: EnforcedDecision = applyEnforcement(
    ask(decider),
    ctx.org.facts,
    ctx.org.world.enforcement,
    (facts: DecisionFacts) => ask(session(facts, ctx.subject).jira),
  );
  const denied = result.decision.decision === 'deny';
  if (denied || isSoftDenial(result)) {
    ctx.decisionLog.record(ctx.org.world.id, {
      subject: ctx.subject,
      method: ctx.request.method,
      url: ctx.request.url,
      action,
      resource,
      decision: denied ? 'deny' : 'soft-deny',
      reasons: denied ? result.decision.reasons : result.enforced!.reasons,
    });
  }
  return result.decision;
}
