import {
  parseIssueKey,
  projectRef,
  type Issue,
  type JiraAttachment,
  type JiraComment,
  type JiraProject,
  type SecurityLevel,
} from '../domain/jira/model.js';
import type { JiraWorld } from '../domain/jira/world.js';
import type { Reason } from '../domain/decision/types.js';
import { browseDenials, grantReason } from '../domain/jira/access.js';
import { NO_SUBJECTS, sealedSet } from '../domain/world.js';
import type { WorldRows } from '../storage/rows.js';
import { parseJsonColumn } from '../storage/repos/jira.js';

/**
 * One org's Jira content from its rows (src/domain/jira/world.ts): projects with their grants and
 * security levels, issues by id and by key, each project's issues by key number, attachments.
 * Immutable; a Jira change reloads the org through the change log.
 */

const NO_PERMISSIONS: ReadonlySet<string> = sealedSet();
const NO_IDS: readonly string[] = Object.freeze([]);
const NO_COMMENTS: readonly JiraComment[] = Object.freeze([]);
const NO_LABELS: readonly string[] = Object.freeze([]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function listOf<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

/** A holder's permissions as the reasons they give (domain texts, built once per project). */
function reasonsOf(
  permissions: ReadonlySet<string>,
  holder: 'user' | 'group' | 'anyone' | 'anonymous',
  groupId?: string,
): ReadonlyMap<string, Reason> {
  return new Map([...permissions].map((p) => [p, grantReason(holder, p, groupId)] as const));
}

/** Projects of the org, with grants and levels, keyed by `{siteId}/{projectId}`. */
function buildProjects(rows: WorldRows, orgId: string): Map<string, JiraProject> {
  const groupNames = new Map(
    rows.groups.filter((g) => g.org_id === orgId).map((g) => [g.id, g.name]),
  );
  const grants = new Map<
    string,
    { users: Map<string, Set<string>>; groups: Map<string, Set<string>>; anyone: Set<string> }
  >();
  for (const g of rows.jira_project_permissions) {
    if (g.org_id !== orgId) continue;
    const ref = projectRef(g.site_id, g.project_id);
    let grant = grants.get(ref);
    if (!grant)
      grants.set(ref, (grant = { users: new Map(), groups: new Map(), anyone: new Set() }));
    if (g.subject_type === 'anyone') grant.anyone.add(g.permission);
    else addTo(g.subject_type === 'group' ? grant.groups : grant.users, g.subject_id, g.permission);
  }
  const members = new Map<string, { users: Set<string>; groups: Set<string> }>();
  for (const m of rows.jira_security_level_members) {
    if (m.org_id !== orgId) continue;
    const key = `${projectRef(m.site_id, m.project_id)}/${m.level_id}`;
    let list = members.get(key);
    if (!list) members.set(key, (list = { users: new Set(), groups: new Set() }));
    (m.subject_type === 'group' ? list.groups : list.users).add(m.subject_id);
  }
  const levels = new Map<string, Map<string, SecurityLevel>>();
  for (const l of [...rows.jira_security_levels].sort(byPosition)) {
    if (l.org_id !== orgId) continue;
    const ref = projectRef(l.site_id, l.project_id);
    const list = members.get(`${ref}/${l.id}`);
    let ofProject = levels.get(ref);
    if (!ofProject) levels.set(ref, (ofProject = new Map()));
    ofProject.set(l.id, {
      id: l.id,
      name: l.name,
      description: l.description ?? null,
      members: list
        ? Object.freeze({ users: sealedSet(list.users), groups: sealedSet(list.groups) })
        : NO_SUBJECTS,
    });
  }
  const projects = new Map<string, JiraProject>();
  for (const p of [...rows.projects].sort(byPosition)) {
    if (p.org_id !== orgId) continue;
    const ref = projectRef(p.site_id, p.id);
    const grant = grants.get(ref);
    const mapOf = (holders: Map<string, Set<string>> | undefined, holder: 'user' | 'group') =>
      new Map(
        [...(holders ?? new Map<string, Set<string>>())].map(
          ([id, perms]) => [id, reasonsOf(perms, holder, groupNames.get(id) ?? id)] as const,
        ),
      );
    projects.set(ref, {
      ref,
      id: p.id,
      orgId,
      siteId: p.site_id,
      key: p.key,
      name: p.name,
      projectType: p.project_type ?? null,
      defaultClassification: p.default_classification ?? null,
      grants: {
        users: mapOf(grant?.users, 'user'),
        groups: mapOf(grant?.groups, 'group'),
        anyone: reasonsOf(grant?.anyone ?? NO_PERMISSIONS, 'anyone'),
        anyoneAnonymous: reasonsOf(grant?.anyone ?? NO_PERMISSIONS, 'anonymous'),
      },
      securityLevels: levels.get(ref) ?? new Map(),
      browseDenials: browseDenials(p.key),
    });
  }
  return projects;
}

/** The Jira world of `orgId` from its rows (rows of other orgs are ignored). */
export function buildJiraWorld(rows: WorldRows, orgId: string): JiraWorld {
  const projects = buildProjects(rows, orgId);
  const projectsOfSite = new Map<string, JiraProject[]>();
  const projectByKey = new Map<string, JiraProject>();
  for (const project of projects.values()) {
    listOf(projectsOfSite, project.siteId).push(project);
    projectByKey.set(`${project.siteId}/${project.key.toUpperCase()}`, project);
  }

  const attachmentsOf = new Map<string, string[]>();
  const attachments = new Map<string, JiraAttachment>();
  for (const a of [...rows.jira_attachments].sort(byPosition)) {
    if (a.org_id !== orgId) continue;
    attachments.set(a.id, {
      id: a.id,
      issueId: a.issue_id,
      filename: a.filename,
      mimeType: a.mime_type ?? null,
      size: a.size ?? null,
      author: a.author ?? null,
      created: a.created ?? '',
    });
    listOf(attachmentsOf, a.issue_id).push(a.id);
  }
  const commentsOf = new Map<string, JiraComment[]>();
  for (const c of [...rows.jira_comments].sort(byPosition)) {
    if (c.org_id !== orgId) continue;
    listOf(commentsOf, c.issue_id).push({
      id: c.id,
      author: c.author ?? null,
      body: parseJsonColumn(c.body),
      created: c.created ?? '',
    });
  }

  const issues = new Map<string, Issue>();
  const issueByKey = new Map<string, Map<string, Issue>>();
  const issuesOfProject = new Map<string, Issue[]>();
  for (const row of rows.jira_issues) {
    if (row.org_id !== orgId) continue;
    const project = projects.get(projectRef(row.site_id, row.project_id));
    if (!project) continue;
    const labels = JSON.parse(row.labels) as string[];
    const issue: Mutable<Issue> = {
      id: row.id,
      siteId: project.siteId,
      projectId: project.id,
      projectRef: project.ref,
      key: row.key,
      summary: row.summary,
      issueType: row.issue_type,
      status: row.status,
      description:
        row.description === null || row.description === undefined
          ? null
          : parseJsonColumn(row.description),
      labels: labels.length === 0 ? NO_LABELS : Object.freeze(labels),
      reporter: row.reporter ?? null,
      assignee: row.assignee ?? null,
      created: row.created,
      // One string when they are equal (most issues): the index holds no second copy.
      updated: row.updated === row.created ? row.created : row.updated,
      classification: row.classification ?? null,
      securityLevel: row.security_level ?? null,
      parentId: row.parent_id ?? null,
      attachments: attachmentsOf.get(row.id) ?? NO_IDS,
      comments: commentsOf.get(row.id) ?? NO_COMMENTS,
    };
    Object.freeze(issue);
    issues.set(issue.id, issue);
    let byKey = issueByKey.get(issue.siteId);
    if (!byKey) issueByKey.set(issue.siteId, (byKey = new Map()));
    // Keys are `{PROJECT}-{n}` with an upper-case project key (the tenant check): no copy needed.
    byKey.set(issue.key, issue);
    listOf(issuesOfProject, project.ref).push(issue);
  }
  const subtasks = new Map<string, Issue[]>();
  for (const [ref, list] of issuesOfProject) {
    const numbered = list.map((issue) => ({ issue, n: parseIssueKey(issue.key)?.number ?? 0 }));
    numbered.sort((a, b) => a.n - b.n);
    const sorted = numbered.map((x) => x.issue);
    issuesOfProject.set(ref, sorted);
    for (const issue of sorted) {
      if (issue.parentId !== null) listOf(subtasks, issue.parentId).push(issue);
    }
  }
  return Object.freeze({
    projects,
    projectsOfSite,
    projectByKey,
    issues,
    issueByKey,
    issuesOfProject,
    attachments,
    subtasks,
  });
}
