import { PROJECT_PERMISSIONS, parseIssueKey } from '../domain/jira/model.js';
import type { TenantProject, TenantSite } from './schema.js';

/**
 * The Jira part of a tenant file (docs/tenant-file.md T12–T15): projects, their permission
 * schemes and security levels, issues with their keys, parents, levels, attachments and comments.
 * Every problem names its path, like the rest of the file.
 */

/** What the org-level check lends the Jira one: the org's id claims and its names. */
export interface JiraCheckContext {
  add(path: string, message: string): void;
  /** Claims a value unique within the org (`issue`, `jiraAttachment`, `jiraComment`). */
  claim(kind: 'issue' | 'jiraAttachment' | 'jiraComment', value: string, path: string): void;
  checkAccount(accountId: string, at: string): void;
  checkGroup(name: string, at: string): void;
  checkLevel(id: string | undefined, at: string): void;
}

const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(PROJECT_PERMISSIONS);

/** A value claimed once per scope; a second claim is a path-precise duplicate. */
function uniqueIn(ctx: JiraCheckContext, label: string) {
  const seen = new Map<string, string>();
  return (value: string, path: string) => {
    const first = seen.get(value);
    if (first !== undefined) ctx.add(path, `duplicate ${label} "${value}" (first at ${first})`);
    else seen.set(value, path);
  };
}

export function checkJiraSite(site: TenantSite, sitePath: string, ctx: JiraCheckContext): void {
  const projects = site.projects ?? [];
  if (projects.length > 0 && !site.products.includes('jira')) {
    ctx.add(`${sitePath}.projects`, 'a site without the "jira" product carries no projects');
  }
  const projectIds = uniqueIn(ctx, 'project id');
  const projectKeys = uniqueIn(ctx, 'project key');
  const issueKeys = uniqueIn(ctx, 'issue key');
  projects.forEach((project, k) => {
    const at = `${sitePath}.projects[${k}]`;
    projectIds(project.id, `${at}.id`);
    projectKeys(project.key, `${at}.key`);
    checkProject(project, at, ctx, issueKeys);
  });
}

function checkProject(
  project: TenantProject,
  path: string,
  ctx: JiraCheckContext,
  issueKeys: (value: string, path: string) => void,
): void {
  ctx.checkLevel(project.defaultClassification, `${path}.defaultClassification`);
  const granted = new Map<string, string>();
  (project.permissions ?? []).forEach((entry, i) => {
    const at = `${path}.permissions[${i}]`;
    const named = [entry.group, entry.accountId, entry.anyone].filter((v) => v !== undefined);
    if (named.length !== 1) ctx.add(at, 'name exactly one of "group", "accountId" or "anyone"');
    if (entry.group !== undefined) ctx.checkGroup(entry.group, `${at}.group`);
    if (entry.accountId !== undefined) ctx.checkAccount(entry.accountId, `${at}.accountId`);
    const who =
      entry.group !== undefined
        ? `group "${entry.group}"`
        : entry.accountId !== undefined
          ? `user "${entry.accountId}"`
          : 'anyone';
    entry.permissions.forEach((permission, j) => {
      const where = `${at}.permissions[${j}]`;
      if (!KNOWN_PERMISSIONS.has(permission)) {
        ctx.add(where, `unknown permission key "${permission}" (not a Jira project permission)`);
        return;
      }
      const first = granted.get(`${who} ${permission}`);
      if (first !== undefined) {
        ctx.add(where, `duplicate grant of "${permission}" to ${who} (already at ${first})`);
      } else granted.set(`${who} ${permission}`, where);
    });
  });

  const levelIds = uniqueIn(ctx, 'security level id');
  const levels = new Set<string>();
  (project.securityLevels ?? []).forEach((level, i) => {
    const at = `${path}.securityLevels[${i}]`;
    levelIds(level.id, `${at}.id`);
    levels.add(level.id);
    (level.members?.users ?? []).forEach((u, j) =>
      ctx.checkAccount(u, `${at}.members.users[${j}]`),
    );
    (level.members?.groups ?? []).forEach((g, j) =>
      ctx.checkGroup(g, `${at}.members.groups[${j}]`),
    );
  });

  const issues = project.issues ?? [];
  const byKey = new Map(issues.map((issue) => [issue.key, issue]));
  issues.forEach((issue, i) => {
    const at = `${path}.issues[${i}]`;
    ctx.claim('issue', issue.id, `${at}.id`);
    issueKeys(issue.key, `${at}.key`);
    const parsed = parseIssueKey(issue.key);
    if (!parsed || issue.key !== `${project.key}-${parsed.number}`) {
      ctx.add(
        `${at}.key`,
        `"${issue.key}" is not a key of project ${project.key} (${project.key}-{n})`,
      );
    }
    ctx.checkLevel(issue.classification, `${at}.classification`);
    if (issue.securityLevel !== undefined && !levels.has(issue.securityLevel)) {
      ctx.add(
        `${at}.securityLevel`,
        `unknown security level "${issue.securityLevel}" (not a level of project ${project.key})`,
      );
    }
    for (const field of ['reporter', 'assignee'] as const) {
      const accountId = issue[field];
      if (typeof accountId === 'string') ctx.checkAccount(accountId, `${at}.${field}`);
    }
    if (issue.parent !== undefined) {
      const parent = byKey.get(issue.parent);
      if (!parent) {
        ctx.add(
          `${at}.parent`,
          `unknown parent "${issue.parent}" (not an issue of project ${project.key})`,
        );
      } else if (parent === issue) {
        ctx.add(`${at}.parent`, 'an issue cannot be its own parent');
      } else if (parent.parent !== undefined) {
        ctx.add(
          `${at}.parent`,
          `"${issue.parent}" is a sub-task: a sub-task cannot have sub-tasks`,
        );
      }
      if (issue.securityLevel !== undefined) {
        ctx.add(
          `${at}.securityLevel`,
          'a sub-task takes its parent’s security level: remove its own',
        );
      }
    }
    (issue.attachments ?? []).forEach((a, j) => {
      ctx.claim('jiraAttachment', a.id, `${at}.attachments[${j}].id`);
      if (a.author !== undefined) ctx.checkAccount(a.author, `${at}.attachments[${j}].author`);
    });
    (issue.comments ?? []).forEach((c, j) => {
      ctx.claim('jiraComment', c.id, `${at}.comments[${j}].id`);
      if (c.author !== undefined) ctx.checkAccount(c.author, `${at}.comments[${j}].author`);
    });
  });
}
