import { parseJsonColumn } from '../storage/repos/jira.js';
import type { WorldRows } from '../storage/rows.js';
import type { TenantIssue, TenantProject } from './schema.js';

type Row<T extends keyof WorldRows> = WorldRows[T][number];

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Only the fields that have a value (exported files stay as small as the originals). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

const refOf = (r: { site_id: string; project_id: string }) => `${r.site_id}/${r.project_id}`;

/** The projects of every site as the tenant file writes them: the inverse of `addProject`. */
export function jiraProjectsBySite(
  world: WorldRows,
  groupName: (id: string) => string,
): Map<string, TenantProject[]> {
  const grants = groupBy([...world.jira_project_permissions].sort(byPosition), refOf);
  const levels = groupBy([...world.jira_security_levels].sort(byPosition), refOf);
  const members = groupBy(
    [...world.jira_security_level_members].sort((a, b) =>
      a.subject_id < b.subject_id ? -1 : a.subject_id > b.subject_id ? 1 : 0,
    ),
    (m) => `${refOf(m)}/${m.level_id}`,
  );
  const issues = groupBy([...world.jira_issues].sort(byPosition), refOf);
  const attachments = groupBy([...world.jira_attachments].sort(byPosition), (a) => a.issue_id);
  const comments = groupBy([...world.jira_comments].sort(byPosition), (c) => c.issue_id);
  const keyOf = new Map(world.jira_issues.map((i) => [`${i.org_id}/${i.id}`, i.key]));

  const permissionsOf = (ref: string): TenantProject['permissions'] => {
    const bySubject = groupBy(
      grants.get(ref) ?? [],
      (g) => `${g.subject_type}\u0000${g.subject_id}`,
    );
    const entries: NonNullable<TenantProject['permissions']> = [];
    for (const rows of bySubject.values()) {
      const first = rows[0]!;
      const permissions = rows.map((r) => r.permission);
      if (first.subject_type === 'group') {
        entries.push({ group: groupName(first.subject_id), permissions });
      } else if (first.subject_type === 'user') {
        entries.push({ accountId: first.subject_id, permissions });
      } else entries.push({ anyone: true, permissions });
    }
    return entries.length > 0 ? entries : undefined;
  };

  const issue = (row: Row<'jira_issues'>): TenantIssue => {
    const parts = {
      attachments: (attachments.get(row.id) ?? [])
        .filter((a) => a.org_id === row.org_id)
        .map((a) =>
          defined({
            id: a.id,
            filename: a.filename,
            mimeType: a.mime_type ?? undefined,
            size: a.size ?? undefined,
            author: a.author ?? undefined,
            created: a.created ?? undefined,
          }),
        ),
      comments: (comments.get(row.id) ?? [])
        .filter((c) => c.org_id === row.org_id)
        .map((c) =>
          defined({
            id: c.id,
            author: c.author ?? undefined,
            body: parseJsonColumn(c.body) as string,
            created: c.created ?? undefined,
          }),
        ),
    };
    const labels = JSON.parse(row.labels) as string[];
    return defined({
      id: row.id,
      key: row.key,
      summary: row.summary,
      issueType: row.issue_type,
      status: row.status,
      description:
        row.description === null || row.description === undefined
          ? undefined
          : (parseJsonColumn(row.description) as string),
      labels: labels.length > 0 ? labels : undefined,
      reporter: row.reporter ?? undefined,
      assignee: row.assignee ?? undefined,
      created: row.created,
      updated: row.updated,
      classification: row.classification ?? undefined,
      securityLevel: row.security_level ?? undefined,
      parent: row.parent_id ? keyOf.get(`${row.org_id}/${row.parent_id}`) : undefined,
      attachments: parts.attachments.length > 0 ? parts.attachments : undefined,
      comments: parts.comments.length > 0 ? parts.comments : undefined,
    });
  };

  const result = new Map<string, TenantProject[]>();
  for (const p of [...world.projects].sort(byPosition)) {
    const ref = `${p.site_id}/${p.id}`;
    const project: TenantProject = defined({
      id: p.id,
      key: p.key,
      name: p.name,
      projectType: p.project_type ?? undefined,
      defaultClassification: p.default_classification ?? undefined,
      permissions: permissionsOf(ref),
      securityLevels: (levels.get(ref) ?? []).map((l) => {
        const list = members.get(`${ref}/${l.id}`) ?? [];
        const users = list.filter((m) => m.subject_type === 'user').map((m) => m.subject_id);
        const groups = list
          .filter((m) => m.subject_type === 'group')
          .map((m) => groupName(m.subject_id));
        return defined({
          id: l.id,
          name: l.name,
          description: l.description ?? undefined,
          members: list.length > 0 ? { users, groups } : undefined,
        });
      }),
      issues: (issues.get(ref) ?? []).filter((i) => i.org_id === p.org_id).map(issue),
    });
    if (project.securityLevels?.length === 0) delete project.securityLevels;
    if (project.issues?.length === 0) delete project.issues;
    const list = result.get(p.site_id);
    if (list) list.push(project);
    else result.set(p.site_id, [project]);
  }
  return result;
}
