import type { WorldRows } from '../storage/rows.js';
import type { TenantProject } from './schema.js';

/** What an issue is when the file does not say (docs/tenant-file.md T13). */
export const ISSUE_DEFAULTS = {
  issueType: 'Task',
  subTaskType: 'Sub-task',
  status: 'To Do',
  created: '1970-01-01T00:00:00.000Z',
} as const;

/** A project of a tenant file as rows: the project, its scheme, levels, issues and their parts. */
export function addProject(
  w: WorldRows,
  org_id: string,
  site_id: string,
  project: TenantProject,
  position: number,
  groupId: (name: string) => string,
): void {
  const project_id = project.id;
  w.projects.push({
    id: project_id,
    site_id,
    org_id,
    key: project.key,
    name: project.name,
    project_type: project.projectType ?? null,
    default_classification: project.defaultClassification ?? null,
    position,
  });
  let grantPosition = 0;
  for (const entry of project.permissions ?? []) {
    const [subject_type, subject_id] =
      entry.group !== undefined
        ? ['group', groupId(entry.group)]
        : entry.accountId !== undefined
          ? ['user', entry.accountId]
          : ['anyone', ''];
    for (const permission of new Set(entry.permissions)) {
      w.jira_project_permissions.push({
        org_id,
        site_id,
        project_id,
        subject_type,
        subject_id,
        permission,
        position: grantPosition++,
      });
    }
  }
  (project.securityLevels ?? []).forEach((level, i) => {
    w.jira_security_levels.push({
      org_id,
      site_id,
      project_id,
      id: level.id,
      name: level.name,
      description: level.description ?? null,
      position: i,
    });
    const member = (subject_type: string, subject_id: string) =>
      w.jira_security_level_members.push({
        org_id,
        site_id,
        project_id,
        level_id: level.id,
        subject_type,
        subject_id,
      });
    for (const user of new Set(level.members?.users ?? [])) member('user', user);
    for (const group of new Set(level.members?.groups ?? [])) member('group', groupId(group));
  });
  const idByKey = new Map((project.issues ?? []).map((issue) => [issue.key, issue.id]));
  (project.issues ?? []).forEach((issue, i) => {
    const created = issue.created ?? ISSUE_DEFAULTS.created;
    w.jira_issues.push({
      org_id,
      id: issue.id,
      site_id,
      project_id,
      key: issue.key,
      summary: issue.summary,
      issue_type:
        issue.issueType ??
        (issue.parent !== undefined ? ISSUE_DEFAULTS.subTaskType : ISSUE_DEFAULTS.issueType),
      status: issue.status ?? ISSUE_DEFAULTS.status,
      description:
        issue.description === undefined || issue.description === null
          ? null
          : JSON.stringify(issue.description),
      labels: JSON.stringify(issue.labels ?? []),
      reporter: issue.reporter ?? null,
      assignee: issue.assignee ?? null,
      created,
      updated: issue.updated ?? created,
      classification: issue.classification ?? null,
      security_level: issue.securityLevel ?? null,
      parent_id: issue.parent !== undefined ? (idByKey.get(issue.parent) ?? null) : null,
      position: i,
    });
    (issue.attachments ?? []).forEach((a, j) =>
      w.jira_attachments.push({
        org_id,
        id: a.id,
        issue_id: issue.id,
        filename: a.filename,
        mime_type: a.mimeType ?? null,
        size: a.size ?? null,
        author: a.author ?? null,
        created: a.created ?? null,
        position: j,
      }),
    );
    (issue.comments ?? []).forEach((c, j) =>
      w.jira_comments.push({
        org_id,
        id: c.id,
        issue_id: issue.id,
        author: c.author ?? null,
        body: JSON.stringify(c.body),
        created: c.created ?? null,
        position: j,
      }),
    );
  });
}
