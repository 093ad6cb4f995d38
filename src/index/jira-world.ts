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
 * Immutable; a Jira change reloads the org through the change log. The index loader streams the
 * rows in (`JiraWorldBuilder`, table by table, in the order its methods are listed); no table is
 * held as an array of rows, only the small ones (projects, security levels) until they are built.
 */

const NO_PERMISSIONS: ReadonlySet<string> = sealedSet();
const NO_IDS: readonly string[] = Object.freeze([]);
const NO_COMMENTS: readonly JiraComment[] = Object.freeze([]);
const NO_LABELS: readonly string[] = Object.freeze([]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Row<T extends keyof WorldRows> = WorldRows[T][number];

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

type Grant = {
  users: Map<string, Set<string>>;
  groups: Map<string, Set<string>>;
  anyone: Set<string>;
};

/** Builds one org's Jira world from its rows, fed table by table (see the header). */
export class JiraWorldBuilder {
  private readonly grants = new Map<string, Grant>();
  private readonly members = new Map<string, { users: Set<string>; groups: Set<string> }>();
  private readonly levelRows: Row<'jira_security_levels'>[] = [];
  private readonly projectRows: Row<'projects'>[] = [];
  private projects: Map<string, JiraProject> | null = null;
  private readonly attachments: { attachment: JiraAttachment; position: number }[] = [];
  private readonly attachmentsOf = new Map<string, { id: string; position: number }[]>();
  private readonly commentsOf = new Map<string, { comment: JiraComment; position: number }[]>();
  private issueInputsDone = false;
  private readonly issues = new Map<string, Issue>();
  private readonly issueByKey = new Map<string, Map<string, Issue>>();
  private readonly issuesOfProject = new Map<string, Issue[]>();

  constructor(
    private readonly orgId: string,
    /** group id → name (the reasons name groups) */
    private readonly groupNames: ReadonlyMap<string, string>,
  ) {}

  project(p: Row<'projects'>): void {
    this.projectRows.push(p);
  }

  permission(g: Row<'jira_project_permissions'>): void {
    const ref = projectRef(g.site_id, g.project_id);
    let grant = this.grants.get(ref);
    if (!grant) {
      this.grants.set(ref, (grant = { users: new Map(), groups: new Map(), anyone: new Set() }));
    }
    if (g.subject_type === 'anyone') grant.anyone.add(g.permission);
    else addTo(g.subject_type === 'group' ? grant.groups : grant.users, g.subject_id, g.permission);
  }

  securityLevel(l: Row<'jira_security_levels'>): void {
    this.levelRows.push(l);
  }

  levelMember(m: Row<'jira_security_level_members'>): void {
    const key = `${projectRef(m.site_id, m.project_id)}/${m.level_id}`;
    let list = this.members.get(key);
    if (!list) this.members.set(key, (list = { users: new Set(), groups: new Set() }));
    (m.subject_type === 'group' ? list.groups : list.users).add(m.subject_id);
  }

  attachment(a: Row<'jira_attachments'>): void {
    this.attachments.push({
      attachment: {
        id: a.id,
        issueId: a.issue_id,
        filename: a.filename,
        mimeType: a.mime_type ?? null,
        size: a.size ?? null,
        author: a.author ?? null,
        created: a.created ?? '',
      },
      position: a.position,
    });
    listOf(this.attachmentsOf, a.issue_id).push({ id: a.id, position: a.position });
  }

  comment(c: Row<'jira_comments'>): void {
    listOf(this.commentsOf, c.issue_id).push({
      comment: {
        id: c.id,
        author: c.author ?? null,
        body: parseJsonColumn(c.body),
        created: c.created ?? '',
      },
      position: c.position,
    });
  }

  /** After projects, grants, levels, attachments and comments: an issue is built as it comes. */
  issue(row: Row<'jira_issues'>): void {
    const projects = this.projectsBuilt();
    if (!this.issueInputsDone) this.finishIssueInputs();
    const project = projects.get(projectRef(row.site_id, row.project_id));
    if (!project) return;
    const labels = JSON.parse(row.labels) as string[];
    const attachments = this.attachmentsOf.get(row.id);
    const comments = this.commentsOf.get(row.id);
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
      attachments: attachments ? Object.freeze(attachments.map((a) => a.id)) : NO_IDS,
      comments: comments ? Object.freeze(comments.map((c) => c.comment)) : NO_COMMENTS,
    };
    Object.freeze(issue);
    this.issues.set(issue.id, issue);
    let byKey = this.issueByKey.get(issue.siteId);
    if (!byKey) this.issueByKey.set(issue.siteId, (byKey = new Map()));
    // Keys are `{PROJECT}-{n}` with an upper-case project key (the tenant check): no copy needed.
    byKey.set(issue.key, issue);
    listOf(this.issuesOfProject, project.ref).push(issue);
  }

  build(): JiraWorld {
    const projects = this.projectsBuilt();
    if (!this.issueInputsDone) this.finishIssueInputs();
    const projectsOfSite = new Map<string, JiraProject[]>();
    const projectByKey = new Map<string, JiraProject>();
    for (const project of projects.values()) {
      listOf(projectsOfSite, project.siteId).push(project);
      projectByKey.set(`${project.siteId}/${project.key.toUpperCase()}`, project);
    }
    const subtasks = new Map<string, Issue[]>();
    for (const [ref, list] of this.issuesOfProject) {
      const numbered = list.map((issue) => ({ issue, n: parseIssueKey(issue.key)?.number ?? 0 }));
      numbered.sort((a, b) => a.n - b.n);
      const sorted = numbered.map((x) => x.issue);
      this.issuesOfProject.set(ref, sorted);
      for (const issue of sorted) {
        if (issue.parentId !== null) listOf(subtasks, issue.parentId).push(issue);
      }
    }
    const attachments = new Map<string, JiraAttachment>();
    for (const { attachment } of this.attachments.sort(byPosition)) {
      attachments.set(attachment.id, attachment);
    }
    return Object.freeze({
      projects,
      projectsOfSite,
      projectByKey,
      issues: this.issues,
      issueByKey: this.issueByKey,
      issuesOfProject: this.issuesOfProject,
      attachments,
      subtasks,
    });
  }

  private finishIssueInputs(): void {
    for (const list of this.attachmentsOf.values()) list.sort(byPosition);
    for (const list of this.commentsOf.values()) list.sort(byPosition);
    this.issueInputsDone = true;
  }

  /** Projects of the org, with grants and levels, keyed by `{siteId}/{projectId}`. */
  private projectsBuilt(): Map<string, JiraProject> {
    if (this.projects) return this.projects;
    const levels = new Map<string, Map<string, SecurityLevel>>();
    for (const l of this.levelRows.sort(byPosition)) {
      const ref = projectRef(l.site_id, l.project_id);
      const list = this.members.get(`${ref}/${l.id}`);
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
    const mapOf = (holders: Map<string, Set<string>> | undefined, holder: 'user' | 'group') =>
      new Map(
        [...(holders ?? new Map<string, Set<string>>())].map(
          ([id, perms]) => [id, reasonsOf(perms, holder, this.groupNames.get(id) ?? id)] as const,
        ),
      );
    for (const p of this.projectRows.sort(byPosition)) {
      const ref = projectRef(p.site_id, p.id);
      const grant = this.grants.get(ref);
      projects.set(ref, {
        ref,
        id: p.id,
        orgId: this.orgId,
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
    this.projects = projects;
    return projects;
  }
}

/**
 * The Jira world of `orgId` from rows already in memory (rows of other orgs are ignored): what
 * the bench measures the Jira index by. The server streams them in through the builder instead.
 */
export function buildJiraWorld(rows: WorldRows, orgId: string): JiraWorld {
  const mine = <T extends { org_id: string }>(list: readonly T[]) =>
    list.filter((r) => r.org_id === orgId);
  const builder = new JiraWorldBuilder(
    orgId,
    new Map(mine(rows.groups).map((g) => [g.id, g.name])),
  );
  for (const p of mine(rows.projects)) builder.project(p);
  for (const g of mine(rows.jira_project_permissions)) builder.permission(g);
  for (const l of mine(rows.jira_security_levels)) builder.securityLevel(l);
  for (const m of mine(rows.jira_security_level_members)) builder.levelMember(m);
  for (const a of mine(rows.jira_attachments)) builder.attachment(a);
  for (const c of mine(rows.jira_comments)) builder.comment(c);
  for (const i of mine(rows.jira_issues)) builder.issue(i);
  return builder.build();
}
