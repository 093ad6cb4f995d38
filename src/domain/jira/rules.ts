import type { RuleOutcome } from '../decision/memo.js';
import type { RuleName } from '../decision/policy-facts.js';
import { resolveAppAccess, resolveRule } from '../decision/rules.js';
import type { DecisionFacts } from '../decision/types.js';
import type { App } from '../world.js';
import type { Issue, JiraProject } from './model.js';

/**
 * The data security policies on Jira content (docs/jira.md J8–J13), over the same published
 * policy facts as Confluence: WORKSPACE = the Jira site, CONTAINER = the project, CLASSIFICATION
 * = the issue's effective level. Outcomes are remembered in the snapshot's memo per project and
 * level, like Confluence's per space and level.
 */

/** J9: the issue's own level → its project's default → the org default → none. */
export function issueClassification(
  facts: DecisionFacts,
  issue: Issue,
  project: JiraProject,
): string | null {
  return issue.classification ?? project.defaultClassification ?? facts.orgDefaultClassification;
}

/** J8 with D6–D8: one rule for content of `project` at effective `level` (null for a project). */
export function jiraRuleFor(
  facts: DecisionFacts,
  rule: Exclude<RuleName, 'appAccess'>,
  project: JiraProject,
  level: string | null,
): RuleOutcome {
  const cached = facts.memo.jiraRuleOutcome(rule, project.ref, level);
  if (cached) return cached;
  const coverage = facts.policies.rules[rule];
  const outcome = resolveRule(coverage, rule, [
    coverage.byJiraSite.get(project.siteId),
    coverage.byProject.get(project.ref),
    level !== null ? coverage.byLevel.get(level) : undefined,
  ]);
  return facts.memo.rememberJiraRule(rule, project.ref, level, outcome);
}

/** J11: appAccess for app `ari` on the content of `project` (the D15 steps, per project). */
export function jiraAppAccessFor(
  facts: DecisionFacts,
  ari: string,
  project: JiraProject,
): RuleOutcome {
  const cached = facts.memo.jiraAppOutcome(project.ref, ari);
  if (cached) return cached;
  const coverage = facts.policies.appAccess;
  const outcome = resolveAppAccess(
    coverage,
    ari,
    coverage.projects.get(project.ref),
    'project',
    'J11',
  );
  return facts.memo.rememberJiraApp(project.ref, ari, outcome);
}

/**
 * Does appAccess block `app` from the issues of `project`? (J11, the data-policy endpoints: E14's
 * Jira counterpart.) Exempt apps are never blocked (D16).
 */
export function jiraAppBlocked(facts: DecisionFacts, app: App, project: JiraProject): boolean {
  return !app.exempt && jiraAppAccessFor(facts, app.ari, project).effect === 'block';
}
