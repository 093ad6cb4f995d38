import type { Principal } from '../confluence/facts.js';
import type { DecisionFacts, Reason } from '../decision/types.js';
import { NO_SUBJECTS } from '../world.js';
import type { BrowseDenials, Issue, JiraProject, SecurityLevel } from './model.js';

/**
 * Jira's own permission layers (docs/jira.md J2–J7): the project permission scheme and issue
 * security levels. Data security policies come on top (engine.ts).
 */

/** The account a principal holds Jira permissions as: the user, the app's app user, or none. */
export function jiraAccountOf(principal: Principal): string | null {
  if (principal.kind === 'user') return principal.user.accountId;
  if (principal.kind === 'app') return principal.app.accountId;
  return null;
}

/** The reason a grant gives, as the index builds it once per project and holder (J2, J3). */
export function grantReason(
  holder: 'user' | 'group' | 'anyone' | 'anonymous',
  permission: string,
  groupId = '',
): Reason {
  const text =
    holder === 'anonymous'
      ? `${permission} granted to anyone (anonymous access is on)`
      : holder === 'anyone'
        ? `${permission} granted to anyone`
        : holder === 'user'
          ? `${permission} granted to the user`
          : `${permission} granted to group ${groupId}`;
  return Object.freeze({ rule: holder === 'anonymous' ? 'J3' : 'J2', text, permission });
}

/** The reasons a caller may not browse a project (J2, J3), built once with the project. */
export function browseDenials(projectKey: string): BrowseDenials {
  const of = (rule: Reason['rule'], text: string) =>
    Object.freeze([Object.freeze({ rule, text, permission: 'BROWSE_PROJECTS' })]);
  return Object.freeze({
    signedIn: of('J2', `no BROWSE_PROJECTS permission in project ${projectKey}`),
    anonymousOff: of('J3', 'the site does not allow anonymous access'),
    anonymousNotGranted: of(
      'J3',
      `BROWSE_PROJECTS is not granted to anyone in project ${projectKey}`,
    ),
  });
}

/**
 * J2/J3: the grant by which `principal` holds `permission` in `project`, as a reason, or null.
 * `anyone` grants reach anonymous callers only where the site allows anonymous access, and every
 * signed-in caller (a user, an app with or without an app user).
 */
export function projectGrant(
  facts: DecisionFacts,
  principal: Principal,
  project: JiraProject,
  permission: string,
): Reason | null {
  const grants = project.grants;
  if (principal.kind === 'anonymous') {
    const reason = grants.anyoneAnonymous.get(permission);
    if (reason === undefined) return null;
    return facts.site(project.siteId)?.anonymousAccess === true ? reason : null;
  }
  const anyone = grants.anyone.get(permission);
  if (anyone !== undefined) return anyone;
  const accountId = jiraAccountOf(principal);
  if (accountId === null) return null;
  const direct = grants.users.get(accountId)?.get(permission);
  if (direct !== undefined) return direct;
  if (grants.groups.size > 0) {
    for (const group of facts.groupsOf(accountId)) {
      const reason = grants.groups.get(group)?.get(permission);
      if (reason !== undefined) return reason;
    }
  }
  return null;
}

/** Why `principal` lacks `permission` in `project` (J2, J3, J4, J7). */
export function missingGrant(
  facts: DecisionFacts,
  principal: Principal,
  project: JiraProject,
  permission: string,
): readonly Reason[] {
  const browse = permission === 'BROWSE_PROJECTS';
  if (principal.kind === 'anonymous') {
    const on = facts.site(project.siteId)?.anonymousAccess === true;
    if (browse) {
      return on ? project.browseDenials.anonymousNotGranted : project.browseDenials.anonymousOff;
    }
    return [
      {
        rule: 'J3',
        text: on
          ? `${permission} is not granted to anyone in project ${project.key}`
          : 'the site does not allow anonymous access',
        permission,
      },
    ];
  }
  const appWithoutUser = principal.kind === 'app' && principal.app.accountId === null;
  const siteAdmin = principal.kind === 'user' && principal.user.siteAdmin;
  if (browse && !appWithoutUser && !siteAdmin) return project.browseDenials.signedIn;
  const reasons: Reason[] = [
    { rule: 'J2', text: `no ${permission} permission in project ${project.key}`, permission },
  ];
  if (appWithoutUser) {
    reasons.push({ rule: 'J4', text: 'the app has no app user to hold project permissions' });
  }
  if (siteAdmin) reasons.push({ rule: 'J7', text: 'site admins get no implicit browse' });
  return reasons;
}

/** The security level that decides who sees `issue`: its own, or its parent's for a sub-task (J6). */
export function governingLevel(
  facts: DecisionFacts,
  issue: Issue,
  project: JiraProject,
): { level: SecurityLevel; inherited: Issue | null } | null {
  let levelId = issue.securityLevel;
  let inherited: Issue | null = null;
  if (issue.parentId !== null) {
    const parent = facts.jira.issues.get(issue.parentId);
    levelId = parent?.securityLevel ?? null;
    inherited = parent ?? null;
  }
  if (levelId === null) return null;
  // A level the project does not define admits no one (fail closed; the tenant check refuses it).
  const level = project.securityLevels.get(levelId) ?? {
    id: levelId,
    name: levelId,
    description: null,
    members: NO_SUBJECTS,
  };
  return { level, inherited };
}

/** J5: is the principal a member of the level (directly or through a group)? */
export function inSecurityLevel(
  facts: DecisionFacts,
  principal: Principal,
  level: SecurityLevel,
): boolean {
  const accountId = jiraAccountOf(principal);
  if (accountId === null) return false;
  if (level.members.users.has(accountId)) return true;
  if (level.members.groups.size === 0) return false;
  for (const group of facts.groupsOf(accountId)) if (level.members.groups.has(group)) return true;
  return false;
}
