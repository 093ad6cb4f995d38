import type { ClassificationLevel, User } from '../domain/world.js';
import type { JiraProject } from '../domain/jira/model.js';

/**
 * Jira REST v3 shapes (Atlassian's `Project`, `User`, `DataClassificationTagBean`), validated by
 * the tests against the vendored OpenAPI subset. `base` is the site's origin (or its gateway
 * form); every `self` link is built on it.
 */

const PROJECT_TYPES = ['software', 'service_desk', 'business'] as const;

/** Jira timestamps: `2026-01-05T10:00:00.000+0000`. */
export function jiraTime(iso: string): string {
  const date = new Date(iso === '' ? 0 : iso);
  const valid = Number.isNaN(date.getTime()) ? new Date(0) : date;
  return valid.toISOString().replace('Z', '+0000');
}

/** A numeric id as a number (Atlassian's int64 fields), any other id as given. */
export function numericId(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

function avatarUrls(base: string, kind: 'project' | 'user', id: string) {
  const url = (size: number) =>
    `${base}/secure/${kind === 'project' ? 'projectavatar' : 'useravatar'}?size=${size}&avatarId=${encodeURIComponent(id)}`;
  return { '48x48': url(48), '24x24': url(24), '16x16': url(16), '32x32': url(32) };
}

/** A project as `GET /rest/api/3/project/{projectIdOrKey}` answers it (J34). */
export function presentProject(project: JiraProject, base: string) {
  const type = (PROJECT_TYPES as readonly string[]).includes(project.projectType ?? 'software')
    ? (project.projectType ?? 'software')
    : undefined;
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${base}/rest/api/3/project/${encodeURIComponent(project.id)}`,
    id: project.id,
    key: project.key,
    name: project.name,
    avatarUrls: avatarUrls(base, 'project', project.id),
    ...(type !== undefined ? { projectTypeKey: type } : {}),
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
}

/** A user (or an app's app user) as Jira's `User` (emails only for signed-in callers). */
export function presentJiraUser(
  person: { accountId: string; displayName: string; email: string | null; isApp: boolean },
  base: string,
  showEmail: boolean,
) {
  return {
    self: `${base}/rest/api/3/user?accountId=${encodeURIComponent(person.accountId)}`,
    accountId: person.accountId,
    accountType: person.isApp ? 'app' : 'atlassian',
    ...(showEmail && person.email ? { emailAddress: person.email } : {}),
    avatarUrls: avatarUrls(base, 'user', person.accountId),
    displayName: person.displayName,
    active: true,
    timeZone: 'UTC',
    locale: 'en_US',
  };
}

export const personOfUser = (user: User) => ({
  accountId: user.accountId,
  displayName: user.displayName,
  email: user.email,
  isApp: false,
});

export const LEVEL_ARI = 'ari:cloud:platform::classification-tag/';

/** J30: a level as Jira answers it — `id` the full ARI, `status` lower case. */
export function presentJiraLevel(level: ClassificationLevel) {
  return {
    id: `${LEVEL_ARI}${level.id}`,
    status: level.status.toLowerCase(),
    name: level.name,
    rank: level.rank,
    ...(level.description !== null ? { description: level.description } : {}),
    ...(level.guideline !== null ? { guideline: level.guideline } : {}),
    ...(level.color !== null ? { color: level.color } : {}),
  };
}

/** A level id as Jira bodies carry it (the full ARI) or as Gatehouse stores it (bare). */
export function bareLevelId(id: string): string {
  return id.startsWith(LEVEL_ARI) ? id.slice(LEVEL_ARI.length) : id;
}
