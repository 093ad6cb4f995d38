import type { Reason } from '../decision/types.js';
import type { SubjectList } from '../world.js';

/**
 * The Jira world Gatehouse enforces over, as plain data (docs/jira.md): projects with their
 * permission scheme (flattened) and issue security levels, issues with their classification,
 * attachments and comments. The index builds these from the database (src/index/jira-world.ts).
 */

/** Jira's project permission keys (a project permission scheme grants these). */
export const PROJECT_PERMISSIONS = [
  'ADMINISTER_PROJECTS',
  'BROWSE_PROJECTS',
  'MANAGE_SPRINTS_PERMISSION',
  'SERVICEDESK_AGENT',
  'VIEW_DEV_TOOLS',
  'VIEW_READONLY_WORKFLOW',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'TRANSITION_ISSUES',
  'SCHEDULE_ISSUES',
  'MOVE_ISSUES',
  'ASSIGN_ISSUES',
  'ASSIGNABLE_USER',
  'RESOLVE_ISSUES',
  'CLOSE_ISSUES',
  'MODIFY_REPORTER',
  'DELETE_ISSUES',
  'LINK_ISSUES',
  'SET_ISSUE_SECURITY',
  'VIEW_VOTERS_AND_WATCHERS',
  'MANAGE_WATCHERS',
  'ADD_COMMENTS',
  'EDIT_ALL_COMMENTS',
  'EDIT_OWN_COMMENTS',
  'DELETE_ALL_COMMENTS',
  'DELETE_OWN_COMMENTS',
  'CREATE_ATTACHMENTS',
  'DELETE_ALL_ATTACHMENTS',
  'DELETE_OWN_ATTACHMENTS',
  'WORK_ON_ISSUES',
  'EDIT_OWN_WORKLOGS',
  'EDIT_ALL_WORKLOGS',
  'DELETE_OWN_WORKLOGS',
  'DELETE_ALL_WORKLOGS',
] as const;
export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];

/** OAuth scopes of Jira (classic): read and write issue data, administer projects. */
export const JIRA_READ_SCOPE = 'read:jira-work';
export const JIRA_WRITE_SCOPE = 'write:jira-work';
export const JIRA_MANAGE_SCOPE = 'manage:jira-project';

/**
 * A project's permission scheme, flattened: who holds which project permission, each grant with
 * the reason a decision cites for it (built once with the project, so a decision allocates none).
 */
export interface ProjectGrants {
  /** accountId → permission → reason */
  readonly users: ReadonlyMap<string, ReadonlyMap<string, Reason>>;
  /** group id → permission → reason */
  readonly groups: ReadonlyMap<string, ReadonlyMap<string, Reason>>;
  /** granted to "anyone": permission → the reason for a signed-in caller … */
  readonly anyone: ReadonlyMap<string, Reason>;
  /** … and for an anonymous caller (where the site allows anonymous access) */
  readonly anyoneAnonymous: ReadonlyMap<string, Reason>;
}

export interface SecurityLevel {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** accountIds and group ids who may see issues at this level */
  readonly members: SubjectList;
}

export interface JiraProject {
  /** `{siteId}/{id}` (`projectRef`): what the index and the memo key a project by. */
  readonly ref: string;
  readonly id: string;
  readonly orgId: string;
  readonly siteId: string;
  readonly key: string;
  readonly name: string;
  readonly projectType: string | null;
  readonly defaultClassification: string | null;
  readonly grants: ProjectGrants;
  readonly securityLevels: ReadonlyMap<string, SecurityLevel>;
  /** Why a caller may not browse the project (J2, J3): shared, frozen. */
  readonly browseDenials: BrowseDenials;
}

export interface BrowseDenials {
  readonly signedIn: readonly Reason[];
  readonly anonymousOff: readonly Reason[];
  readonly anonymousNotGranted: readonly Reason[];
}

export interface JiraAttachment {
  readonly id: string;
  readonly issueId: string;
  readonly filename: string;
  readonly mimeType: string | null;
  readonly size: number | null;
  readonly author: string | null;
  readonly created: string;
}

export interface JiraComment {
  readonly id: string;
  readonly author: string | null;
  /** Plain text, or an ADF document (as parsed JSON). */
  readonly body: unknown;
  readonly created: string;
}

export interface Issue {
  readonly id: string;
  readonly siteId: string;
  readonly projectId: string;
  /** Its project's `ref` (the same string: no copy per issue). */
  readonly projectRef: string;
  readonly key: string;
  readonly summary: string;
  readonly issueType: string;
  readonly status: string;
  /** Plain text, an ADF document (as parsed JSON), or null. */
  readonly description: unknown;
  readonly labels: readonly string[];
  readonly reporter: string | null;
  readonly assignee: string | null;
  readonly created: string;
  readonly updated: string;
  /** The issue's own classification level (J9), or null. */
  readonly classification: string | null;
  /** The issue's own security level id (a sub-task's is its parent's: J6), or null. */
  readonly securityLevel: string | null;
  readonly parentId: string | null;
  readonly attachments: readonly string[];
  readonly comments: readonly JiraComment[];
}

/** `{siteId}/{projectId}`: projects are unique per site, not per org. */
export function projectRef(siteId: string, projectId: string): string {
  return `${siteId}/${projectId}`;
}

/** An issue key `{PROJECT}-{n}`: the project key and the number, or null. */
export function parseIssueKey(key: string): { projectKey: string; number: number } | null {
  const m = /^([A-Za-z][A-Za-z0-9_]*)-(\d{1,15})$/.exec(key);
  return m ? { projectKey: m[1]!.toUpperCase(), number: Number(m[2]) } : null;
}

/** The plain text of an issue description or comment body (ADF documents are flattened). */
export function plainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as { text?: unknown; content?: unknown; type?: unknown };
    if (typeof record.text === 'string') parts.push(record.text);
    if (Array.isArray(record.content)) {
      for (const child of record.content as unknown[]) walk(child);
      if (record.type === 'paragraph' || record.type === 'heading') parts.push('\n');
    }
  };
  walk(value);
  return parts.join('').trim();
}
