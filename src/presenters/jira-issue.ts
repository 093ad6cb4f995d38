import type { Issue, JiraAttachment, JiraComment, JiraProject } from '../domain/jira/model.js';
import { plainText } from '../domain/jira/model.js';
import { jiraTime, presentJiraUser, presentProject } from './jira.js';

/**
 * Jira's `IssueBean` (J24): `fields` as Jira's v3 API fills them for the fields Gatehouse keeps
 * (summary, description, issuetype, status, project, labels, reporter, assignee, attachment,
 * comment, security, created, updated, parent, subtasks), chosen by `fields`, and the `names` and
 * `renderedFields` expansions.
 */

export const ISSUE_FIELDS = [
  'summary',
  'description',
  'issuetype',
  'status',
  'project',
  'labels',
  'reporter',
  'assignee',
  'attachment',
  'comment',
  'security',
  'created',
  'updated',
  'parent',
  'subtasks',
] as const;
export type IssueField = (typeof ISSUE_FIELDS)[number];

const FIELD_NAMES: Record<IssueField, string> = {
  summary: 'Summary',
  description: 'Description',
  issuetype: 'Issue Type',
  status: 'Status',
  project: 'Project',
  labels: 'Labels',
  reporter: 'Reporter',
  assignee: 'Assignee',
  attachment: 'Attachment',
  comment: 'Comment',
  security: 'Security Level',
  created: 'Created',
  updated: 'Updated',
  parent: 'Parent',
  subtasks: 'Sub-tasks',
};

/** `expand=names`: each shown field's display name. */
export function fieldNames(fields: ReadonlySet<IssueField>): Record<string, string> {
  return Object.fromEntries([...fields].map((f) => [f, FIELD_NAMES[f]]));
}

/** Navigable fields (`*navigable`): every kept field but comments, as in Jira. */
const NAVIGABLE: readonly IssueField[] = ISSUE_FIELDS.filter((f) => f !== 'comment');

/**
 * The fields a `fields` parameter asks for: `*all`, `*navigable`, names, `-name` to leave one
 * out; values may be repeated or comma-separated. Unknown names are ignored, as Jira does.
 */
export function selectFields(
  requested: readonly string[] | undefined,
  fallback: '*all' | '*navigable' | 'id',
): Set<IssueField> {
  const tokens = (requested ?? [fallback])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const chosen = new Set<IssueField>();
  const known = (name: string): name is IssueField =>
    (ISSUE_FIELDS as readonly string[]).includes(name);
  for (const token of tokens) {
    if (token === '*all') for (const f of ISSUE_FIELDS) chosen.add(f);
    else if (token === '*navigable') for (const f of NAVIGABLE) chosen.add(f);
    else if (known(token)) chosen.add(token);
  }
  for (const token of tokens) {
    const name = token.slice(1);
    if (token.startsWith('-') && known(name)) chosen.delete(name);
  }
  return chosen;
}

/** A small stable id for a name (issue types and statuses have no ids in the tenant file). */
function stableId(name: string, known: Record<string, number>): string {
  const fixed = known[name.toLowerCase()];
  if (fixed !== undefined) return String(fixed);
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return String(20_000 + (hash % 70_000));
}

const TYPE_IDS: Record<string, number> = {
  epic: 10000,
  task: 10001,
  'sub-task': 10002,
  bug: 10003,
  story: 10004,
};
const STATUS_IDS: Record<string, number> = { 'to do': 10000, 'in progress': 3, done: 10001 };

function statusCategory(name: string, base: string) {
  const n = name.toLowerCase();
  const [id, key, colorName, label] = /done|closed|resolved/.test(n)
    ? [3, 'done', 'green', 'Done']
    : /progress|review|doing/.test(n)
      ? [4, 'indeterminate', 'yellow', 'In Progress']
      : [2, 'new', 'blue-gray', 'To Do'];
  return { self: `${base}/rest/api/3/statuscategory/${id}`, id, key, colorName, name: label };
}

function issueType(issue: Issue, base: string) {
  const id = stableId(issue.issueType, TYPE_IDS);
  const subtask = issue.parentId !== null;
  return {
    self: `${base}/rest/api/3/issuetype/${id}`,
    id,
    description: '',
    iconUrl: `${base}/images/icons/issuetypes/${subtask ? 'subtask' : 'task'}.svg`,
    name: issue.issueType,
    subtask,
    hierarchyLevel: subtask ? -1 : 0,
  };
}

function status(issue: Issue, base: string) {
  const id = stableId(issue.status, STATUS_IDS);
  return {
    self: `${base}/rest/api/3/status/${id}`,
    description: '',
    iconUrl: `${base}/images/icons/statuses/generic.png`,
    name: issue.status,
    id,
    statusCategory: statusCategory(issue.status, base),
  };
}

/** Plain text as an ADF document (one paragraph per blank-line-separated block); ADF as it is. */
export function adf(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return value;
  const blocks = value.split(/\n\s*\n/).filter((b) => b.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: blocks.map((block) => ({
      type: 'paragraph',
      content: [{ type: 'text', text: block }],
    })),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the presenter needs from the request: links, people, visible related issues. */
export interface IssueView {
  readonly base: string;
  /** A user or app user by accountId, or undefined when unknown. */
  person(
    accountId: string,
  ): { accountId: string; displayName: string; email: string | null; isApp: boolean } | undefined;
  readonly showEmail: boolean;
  /** The issue's parent and sub-tasks the caller may see. */
  visibleIssue(issue: Issue): boolean;
  issue(id: string): Issue | undefined;
  subtasksOf(id: string): readonly Issue[];
}

function user(view: IssueView, accountId: string | null) {
  return accountId === null ? null : person(view, accountId);
}

function person(view: IssueView, accountId: string) {
  const person = view.person(accountId) ?? {
    accountId,
    displayName: accountId,
    email: null,
    isApp: false,
  };
  return presentJiraUser(person, view.base, view.showEmail);
}

export function presentAttachment(attachment: JiraAttachment, view: IssueView) {
  const base = view.base;
  return {
    self: `${base}/rest/api/3/attachment/${encodeURIComponent(attachment.id)}`,
    id: attachment.id,
    filename: attachment.filename,
    ...(attachment.author !== null ? { author: person(view, attachment.author) } : {}),
    created: jiraTime(attachment.created),
    size: attachment.size ?? 0,
    mimeType: attachment.mimeType ?? 'application/octet-stream',
    content: `${base}/rest/api/3/attachment/content/${encodeURIComponent(attachment.id)}`,
  };
}

function comment(issue: Issue, c: JiraComment, view: IssueView) {
  return {
    self: `${view.base}/rest/api/3/issue/${encodeURIComponent(issue.id)}/comment/${encodeURIComponent(c.id)}`,
    id: c.id,
    ...(c.author !== null
      ? { author: person(view, c.author), updateAuthor: person(view, c.author) }
      : {}),
    body: adf(c.body),
    created: jiraTime(c.created),
    updated: jiraTime(c.created),
    jsdPublic: true,
  };
}

function related(issue: Issue, view: IssueView) {
  return {
    id: issue.id,
    key: issue.key,
    self: `${view.base}/rest/api/3/issue/${encodeURIComponent(issue.id)}`,
    fields: {
      summary: issue.summary,
      status: status(issue, view.base),
      issuetype: issueType(issue, view.base),
    },
  };
}

function fieldValue(
  field: IssueField,
  issue: Issue,
  project: JiraProject,
  attachments: readonly JiraAttachment[],
  view: IssueView,
): unknown {
  const base = view.base;
  switch (field) {
    case 'summary':
      return issue.summary;
    case 'description':
      return adf(issue.description);
    case 'issuetype':
      return issueType(issue, base);
    case 'status':
      return status(issue, base);
    case 'project': {
      const p = presentProject(project, base);
      return {
        self: p.self,
        id: p.id,
        key: p.key,
        name: p.name,
        projectTypeKey: p.projectTypeKey ?? 'software',
        simplified: false,
        avatarUrls: p.avatarUrls,
      };
    }
    case 'labels':
      return issue.labels;
    case 'reporter':
      return user(view, issue.reporter);
    case 'assignee':
      return user(view, issue.assignee);
    case 'attachment':
      return attachments.map((a) => presentAttachment(a, view));
    case 'comment':
      return {
        comments: issue.comments.map((c) => comment(issue, c, view)),
        self: `${base}/rest/api/3/issue/${encodeURIComponent(issue.id)}/comment`,
        maxResults: issue.comments.length,
        total: issue.comments.length,
        startAt: 0,
      };
    case 'security': {
      const levelId =
        issue.parentId !== null ? view.issue(issue.parentId)?.securityLevel : issue.securityLevel;
      const level = levelId ? project.securityLevels.get(levelId) : undefined;
      return level
        ? {
            self: `${base}/rest/api/3/securitylevel/${encodeURIComponent(level.id)}`,
            id: level.id,
            description: level.description ?? '',
            name: level.name,
          }
        : null;
    }
    case 'created':
      return jiraTime(issue.created);
    case 'updated':
      return jiraTime(issue.updated);
    case 'parent': {
      const parent = issue.parentId !== null ? view.issue(issue.parentId) : undefined;
      return parent && view.visibleIssue(parent) ? related(parent, view) : undefined;
    }
    case 'subtasks':
      return view
        .subtasksOf(issue.id)
        .filter((s) => view.visibleIssue(s))
        .map((s) => related(s, view));
  }
}

export interface PresentedIssue {
  expand: string;
  id: string;
  self: string;
  key: string;
  fields?: Record<string, unknown>;
  names?: Record<string, unknown>;
  renderedFields?: Record<string, unknown>;
}

/** One issue as `GET /rest/api/3/issue/{issueIdOrKey}` and the searches answer it. */
export function presentIssue(
  issue: Issue,
  project: JiraProject,
  attachments: readonly JiraAttachment[],
  fields: ReadonlySet<IssueField>,
  expand: ReadonlySet<string>,
  view: IssueView,
): PresentedIssue {
  const values: Record<string, unknown> = {};
  for (const field of ISSUE_FIELDS) {
    if (!fields.has(field)) continue;
    const value = fieldValue(field, issue, project, attachments, view);
    if (value !== undefined) values[field] = value;
  }
  const result: PresentedIssue = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${view.base}/rest/api/3/issue/${encodeURIComponent(issue.id)}`,
    key: issue.key,
  };
  if (fields.size > 0) result.fields = values;
  if (expand.has('names')) {
    result.names = fieldNames(fields);
  }
  if (expand.has('renderedFields')) {
    const rendered: Record<string, unknown> = {};
    if (fields.has('description')) {
      const text = plainText(issue.description);
      rendered.description = text === '' ? null : `<p>${escapeHtml(text)}</p>`;
    }
    result.renderedFields = rendered;
  }
  return result;
}

/** `expand=a,b` (repeated or comma-separated) as a set. */
export function expandSet(expand: string | readonly string[] | undefined): Set<string> {
  const values = expand === undefined ? [] : typeof expand === 'string' ? [expand] : expand;
  return new Set(
    values
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  );
}
