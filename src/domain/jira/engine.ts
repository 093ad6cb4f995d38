import type { RuleOutcome } from '../decision/memo.js';
import type { ResolvedSubject } from '../decision/subject.js';
import type { Action, Decision, DecisionFacts, JiraRef, Reason } from '../decision/types.js';
import type { App } from '../world.js';
import { governingLevel, inSecurityLevel, missingGrant, projectGrant } from './access.js';
import {
  JIRA_MANAGE_SCOPE,
  JIRA_READ_SCOPE,
  JIRA_WRITE_SCOPE,
  type Issue,
  type JiraProject,
} from './model.js';
import { resolveJiraRef } from './resolve.js';
import { issueClassification, jiraAppAccessFor, jiraRuleFor } from './rules.js';

/**
 * The Jira rules (docs/jira.md J1–J17) as decisions with every reason. Reached through the
 * engine's session (`DecisionSession.jira`, `decide` for issue and project resources) so the
 * check API, the lists and every Jira endpoint decide with the same code.
 */

export interface JiraDecisionOptions {
  /**
   * Whether appAccess applies: false for the operations Atlassian flags
   * `app-access-rule-exempt` (J11, src/http/routes/jira/operations.ts). Default true.
   */
  readonly appAccess?: boolean;
}

const deny = (reasons: readonly Reason[]): Decision => ({ decision: 'deny', reasons });
const allow = (reasons: readonly Reason[]): Decision => ({ decision: 'allow', reasons });
const reason = (rule: Reason['rule'], text: string): Reason => Object.freeze({ rule, text });

const EXPORT_BLOCKED = reason('J12', 'export is blocked by a data security policy');
const DOWNLOAD_BLOCKED = reason('J13', 'attachment download is blocked by a data security policy');
const APP_BLOCKED = reason('J11', 'the app is blocked from this project’s issues by appAccess');
const ANONYMOUS_BLOCKED = reason('J10', 'anonymous access is blocked by a data security policy');
const APP_EXEMPT = reason('J11', 'the app is exempt from appAccess');
const APPACCESS_EXEMPT = reason('J11', 'this operation is exempt from appAccess');
const NO_LINKS = reason(
  'J14',
  'Jira issues have no public links (publicLinks has no Jira surface)',
);
const NO_RESTRICTIONS = reason('J14', 'Jira issues have no content restrictions');

/** J4: the scope an app needs for an action on Jira content; null when none is involved. */
export function jiraScopeFor(action: Action): string | null {
  switch (action) {
    case 'read':
    case 'export':
    case 'downloadAttachment':
      return JIRA_READ_SCOPE;
    case 'update':
      return JIRA_WRITE_SCOPE;
    case 'administer':
      return JIRA_MANAGE_SCOPE;
    case 'viewPublicLink':
    case 'restrict':
      return null;
  }
}

/**
 * One subject's Jira decisions in one snapshot. It remembers the grant by which the subject may
 * browse the last project asked (a search walks the issues of one project after another).
 */
export class JiraDecider {
  private browseProject: JiraProject | null = null;
  private browseReason: Reason | null = null;

  constructor(
    readonly facts: DecisionFacts,
    private readonly resolved: ResolvedSubject | Reason,
  ) {}

  /** The subject is unknown (D1): every decision denies with this reason. */
  get unknownSubject(): Reason | null {
    return 'rule' in this.resolved ? this.resolved : null;
  }

  decide(action: Action, ref: JiraRef, options: JiraDecisionOptions = {}): Decision {
    if ('rule' in this.resolved) return deny([this.resolved]);
    const target = resolveJiraRef(this.facts.jira, ref);
    if ('rule' in target) return deny([target]);
    return target.kind === 'issue'
      ? this.decideIssue(target.issue, target.project, action, options)
      : this.decideProject(target.project, action, options);
  }

  /** The grant by which the subject may browse `project` (J2, J3), or null. */
  browseGrant(project: JiraProject): Reason | null {
    if ('rule' in this.resolved) return null;
    if (this.browseProject !== project) {
      this.browseProject = project;
      this.browseReason = projectGrant(
        this.facts,
        this.resolved.principal,
        project,
        'BROWSE_PROJECTS',
      );
    }
    return this.browseReason;
  }

  decideIssue(
    issue: Issue,
    project: JiraProject,
    action: Action,
    options: JiraDecisionOptions = {},
  ): Decision {
    const resolved = this.resolved;
    if ('rule' in resolved) return deny([resolved]);
    if (action === 'viewPublicLink') return deny([NO_LINKS]);
    if (action === 'restrict') return deny([NO_RESTRICTIONS]);
    if (action === 'administer') {
      return deny([reason('J16', 'administer is decided per project, not per issue')]);
    }
    const { principal, app } = resolved;
    const missing = missingScope(app, action);
    if (missing) return deny([missing]);
    const facts = this.facts;
    const grant = this.browseGrant(project);
    if (grant === null) return deny(missingGrant(facts, principal, project, 'BROWSE_PROJECTS'));
    const reasons: Reason[] = [grant];

    const governing = governingLevel(facts, issue, project);
    if (governing) {
      const { level, inherited } = governing;
      if (inherited) {
        reasons.push({
          rule: 'J6',
          text: `a sub-task takes the security level of its parent ${inherited.key}`,
          securityLevel: level.id,
        });
      }
      if (!inSecurityLevel(facts, principal, level)) {
        reasons.push({
          rule: 'J5',
          text: `not a member of the security level "${level.name}"`,
          securityLevel: level.id,
        });
        return deny(reasons);
      }
      reasons.push({
        rule: 'J5',
        text: `member of the security level "${level.name}"`,
        securityLevel: level.id,
      });
    }
    if (action === 'update') {
      if (principal.kind === 'anonymous') {
        return deny([reason('J3', 'anonymous users cannot edit issues')]);
      }
      const edit = projectGrant(facts, principal, project, 'EDIT_ISSUES');
      if (!edit) {
        return deny([{ rule: 'J17', text: `no EDIT_ISSUES permission in project ${project.key}` }]);
      }
      reasons.push({ ...edit, rule: 'J17' });
    }

    if (app) {
      const apps = appAccessOf(facts, app, project, options);
      if (apps.effect === 'block') return deny([...reasons, ...apps.reasons, APP_BLOCKED]);
      for (const r of apps.reasons) reasons.push(r);
    }
    const level = issueClassification(facts, issue, project);
    if (principal.kind === 'anonymous') {
      const anonymous = jiraRuleFor(facts, 'anonymousAccess', project, level);
      if (anonymous.effect === 'block') {
        return deny([...reasons, ...anonymous.reasons, ANONYMOUS_BLOCKED]);
      }
      for (const r of anonymous.reasons) reasons.push(r);
    }
    if (action === 'export') {
      return withRule(reasons, jiraRuleFor(facts, 'export', project, level), EXPORT_BLOCKED);
    }
    if (action === 'downloadAttachment') {
      const outcome = jiraRuleFor(facts, 'attachmentDownload', project, level);
      return withRule(reasons, outcome, DOWNLOAD_BLOCKED);
    }
    return allow(reasons);
  }

  /**
   * J15: a project is read with Browse Projects (apps: the read scope; appAccess does not apply,
   * as Atlassian flags project reads exempt); anonymous callers also need anonymousAccess to allow
   * it. J16: a project is administered with Administer Projects or as a site admin.
   */
  decideProject(project: JiraProject, action: Action, options: JiraDecisionOptions = {}): Decision {
    const resolved = this.resolved;
    if ('rule' in resolved) return deny([resolved]);
    const { principal, app } = resolved;
    if (action !== 'read' && action !== 'administer') {
      return deny([reason('J15', `${action} is decided per issue, not per project`)]);
    }
    const missing = missingScope(app, action);
    if (missing) return deny([missing]);
    const facts = this.facts;
    if (action === 'administer') {
      if (principal.kind === 'anonymous') {
        return deny([reason('J16', 'anonymous users cannot administer a project')]);
      }
      const reasons: Reason[] = [];
      if (principal.kind === 'user' && principal.user.siteAdmin) {
        reasons.push(reason('J16', 'a site admin administers every project (Administer Jira)'));
      } else {
        const grant = projectGrant(facts, principal, project, 'ADMINISTER_PROJECTS');
        if (!grant) {
          return deny([
            {
              rule: 'J16',
              text: `no ADMINISTER_PROJECTS permission in project ${project.key}`,
              permission: 'ADMINISTER_PROJECTS',
            },
          ]);
        }
        reasons.push({ ...grant, rule: 'J16' });
      }
      if (app) {
        const apps = appAccessOf(facts, app, project, options);
        if (apps.effect === 'block') return deny([...apps.reasons, APP_BLOCKED]);
        for (const r of apps.reasons) reasons.push(r);
      }
      return allow(reasons);
    }
    const grant = this.browseGrant(project);
    if (grant === null) return deny(missingGrant(facts, principal, project, 'BROWSE_PROJECTS'));
    const reasons: Reason[] = [{ ...grant, rule: grant.rule === 'J3' ? 'J3' : 'J15' }];
    if (app) reasons.push(APPACCESS_EXEMPT);
    if (principal.kind === 'anonymous') {
      const anonymous = jiraRuleFor(facts, 'anonymousAccess', project, null);
      if (anonymous.effect === 'block') return deny([...anonymous.reasons, ANONYMOUS_BLOCKED]);
      for (const r of anonymous.reasons) reasons.push(r);
    }
    return allow(reasons);
  }
}

/** J4: an app (alone or acting for a user) needs the Jira scope of what it does. */
function missingScope(app: App | null, action: Action): Reason | null {
  const scope = jiraScopeFor(action);
  if (!app || scope === null || app.scopes.has(scope)) return null;
  return { rule: 'J4', text: `the app lacks the ${scope} scope` };
}

const EXEMPT_OUTCOME: RuleOutcome = Object.freeze({
  effect: 'allow',
  reasons: Object.freeze([APP_EXEMPT]),
});
const OPERATION_EXEMPT: RuleOutcome = Object.freeze({
  effect: 'allow',
  reasons: Object.freeze([APPACCESS_EXEMPT]),
});

/** J11: appAccess for an app on a project's issues (exempt apps and exempt operations pass). */
function appAccessOf(
  facts: DecisionFacts,
  app: App,
  project: JiraProject,
  options: JiraDecisionOptions,
): RuleOutcome {
  if (options.appAccess === false) return OPERATION_EXEMPT;
  if (app.exempt) return EXEMPT_OUTCOME;
  return jiraAppAccessFor(facts, app.ari, project);
}

/**
 * `reasons` is extended in place: the caller owns it. A block keeps the layers that passed, so an
 * explanation names every permission, level and policy that decided.
 */
function withRule(reasons: Reason[], outcome: RuleOutcome, blocked: Reason): Decision {
  if (outcome.effect === 'block') {
    for (const r of outcome.reasons) reasons.push(r);
    reasons.push(blocked);
    return deny(reasons);
  }
  for (const r of outcome.reasons) reasons.push(r);
  return allow(reasons);
}
