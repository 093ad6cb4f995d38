import type { JiraDecider } from './engine.js';
import type { JqlExpr, JqlQuery, JqlValue } from './jql.js';
import { parseIssueKey, plainText, type Issue, type JiraProject } from './model.js';
import type { JiraWorld } from './world.js';

/**
 * JQL over the index (docs/jira.md J23): the query narrows the candidate projects (and keys)
 * first, a project the caller may not browse is skipped whole, and each remaining issue is
 * matched and then decided by the same `decide` as the point check — lazily, so a page of 100
 * stops after the 101st visible match. Nothing is fetched from the database.
 */

export interface SearchScope {
  readonly world: JiraWorld;
  readonly siteId: string;
  /** Whose `currentUser()` it is (null for anonymous callers: it matches no one). */
  readonly accountId: string | null;
}

const lower = (s: string) => s.toLowerCase();

function literal(value: JqlValue, scope: SearchScope): string | null {
  return value.kind === 'currentUser' ? scope.accountId : value.value;
}

/** Does `project` answer to a JQL project value (its key, id or name)? */
function isProject(project: JiraProject, value: string): boolean {
  const v = lower(value);
  return lower(project.key) === v || project.id === value || lower(project.name) === v;
}

function textOf(issue: Issue): string {
  const parts = [issue.summary, plainText(issue.description)];
  for (const comment of issue.comments) parts.push(plainText(comment.body));
  return lower(parts.join('\n'));
}

/** `text ~ "a b"`: every term (wildcards and quotes dropped) occurs in summary, description or comments. */
function textMatches(issue: Issue, phrase: string): boolean {
  const terms = lower(phrase)
    .split(/\s+/)
    .map((t) => t.replace(/[*?"']/g, ''))
    .filter((t) => t !== '');
  if (terms.length === 0) return true;
  const text = textOf(issue);
  return terms.every((t) => text.includes(t));
}

function clauseMatches(
  clause: Extract<JqlExpr, { kind: 'clause' }>,
  issue: Issue,
  project: JiraProject,
  scope: SearchScope,
): boolean {
  const values = clause.values.map((v) => literal(v, scope));
  const one = (actual: string | null, wanted: string | null, fold: boolean) =>
    actual !== null &&
    wanted !== null &&
    (fold ? lower(actual) === lower(wanted) : actual === wanted);
  const scalar = (actual: string | null, fold: boolean): boolean => {
    switch (clause.op) {
      case '=':
        return one(actual, values[0] ?? null, fold);
      case '!=':
        return actual !== null && !one(actual, values[0] ?? null, fold);
      case 'in':
        return values.some((v) => one(actual, v, fold));
      case 'not in':
        return actual !== null && !values.some((v) => one(actual, v, fold));
      case 'is empty':
        return actual === null;
      case 'is not empty':
        return actual !== null;
      case '~':
        return false;
    }
  };
  switch (clause.field) {
    case 'project': {
      const hit = values.some((v) => v !== null && isProject(project, v));
      return clause.op === '=' || clause.op === 'in' ? hit : !hit;
    }
    case 'key':
      return scalar(issue.key, true);
    case 'issuetype':
      return scalar(issue.issueType, true);
    case 'status':
      return scalar(issue.status, true);
    case 'assignee':
      return scalar(issue.assignee, false);
    case 'reporter':
      return scalar(issue.reporter, false);
    case 'text':
      return textMatches(issue, values[0] ?? '');
    case 'labels': {
      const labels = issue.labels.map(lower);
      const has = (v: string | null) => v !== null && labels.includes(lower(v));
      switch (clause.op) {
        case '=':
          return has(values[0] ?? null);
        case '!=':
          return labels.length > 0 && !has(values[0] ?? null);
        case 'in':
          return values.some(has);
        case 'not in':
          return labels.length > 0 && !values.some(has);
        case 'is empty':
          return labels.length === 0;
        case 'is not empty':
          return labels.length > 0;
        case '~':
          return false;
      }
    }
  }
}

/** Does the issue match the query's condition? */
export function matchesJql(
  expr: JqlExpr | null,
  issue: Issue,
  project: JiraProject,
  scope: SearchScope,
): boolean {
  if (expr === null) return true;
  switch (expr.kind) {
    case 'and':
      return expr.items.every((e) => matchesJql(e, issue, project, scope));
    case 'or':
      return expr.items.some((e) => matchesJql(e, issue, project, scope));
    case 'not':
      return !matchesJql(expr.item, issue, project, scope);
    case 'clause':
      return clauseMatches(expr, issue, project, scope);
  }
}

/** What the condition narrows the search to: some projects, some keys, or nothing known. */
interface Narrowing {
  projects: Set<JiraProject> | null;
  keys: Set<string> | null;
}

const ALL: Narrowing = { projects: null, keys: null };

function intersect<T>(a: Set<T> | null, b: Set<T> | null): Set<T> | null {
  if (a === null) return b;
  if (b === null) return a;
  return new Set([...a].filter((x) => b.has(x)));
}

function union<T>(a: Set<T> | null, b: Set<T> | null): Set<T> | null {
  return a === null || b === null ? null : new Set([...a, ...b]);
}

function narrowing(
  expr: JqlExpr | null,
  scope: SearchScope,
  site: readonly JiraProject[],
): Narrowing {
  if (expr === null) return ALL;
  switch (expr.kind) {
    case 'and':
      return expr.items
        .map((e) => narrowing(e, scope, site))
        .reduce((a, b) => ({
          projects: intersect(a.projects, b.projects),
          keys: intersect(a.keys, b.keys),
        }));
    case 'or': {
      const parts = expr.items.map((e) => narrowing(e, scope, site));
      // An OR narrows only when every side names projects (keys are folded into their projects).
      const projects = parts
        .map((p) => p.projects ?? (p.keys ? projectsOfKeys(p.keys, site) : null))
        .reduce((a, b) => union(a, b));
      return { projects, keys: null };
    }
    case 'not':
      return ALL;
    case 'clause': {
      if (expr.op !== '=' && expr.op !== 'in') return ALL;
      const values = expr.values.map((v) => literal(v, scope)).filter((v) => v !== null);
      if (expr.field === 'project') {
        return {
          projects: new Set(site.filter((p) => values.some((v) => isProject(p, v)))),
          keys: null,
        };
      }
      if (expr.field === 'key') {
        const keys = new Set(values.map((v) => v.toUpperCase()));
        return { projects: projectsOfKeys(keys, site), keys };
      }
      return ALL;
    }
  }
}

function projectsOfKeys(keys: ReadonlySet<string>, site: readonly JiraProject[]): Set<JiraProject> {
  const projectKeys = new Set([...keys].map((k) => parseIssueKey(k)?.projectKey));
  return new Set(site.filter((p) => projectKeys.has(p.key)));
}

/** The number of an issue's key (its place in its project's list). */
const numberOf = (issue: Issue) => parseIssueKey(issue.key)?.number ?? 0;

/** The index of the first issue of `list` numbered above `n` (lists are sorted by number). */
function firstAfter(list: readonly Issue[], n: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (numberOf(list[mid]!) <= n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface KeyOrderWalk {
  readonly descending: boolean;
  /** Resume after this issue (a page token), which must still exist. */
  readonly after?: Issue;
}

/**
 * The issues matching `query` that the caller may read, in key order (project keys, then
 * numbers; reversed when descending), lazily.
 */
export function* visibleInKeyOrder(
  decider: JiraDecider,
  query: JqlQuery,
  scope: SearchScope,
  walk: KeyOrderWalk,
): Generator<Issue> {
  const site = scope.world.projectsOfSite.get(scope.siteId) ?? [];
  const narrow = narrowing(query.where, scope, site);
  const sign = walk.descending ? -1 : 1;
  const projects = [...(narrow.projects ?? site)].sort(
    (a, b) => sign * (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const after = walk.after;
  const afterProject = after ? scope.world.projects.get(after.projectRef) : undefined;
  let started = after === undefined;
  for (const project of projects) {
    if (!started) {
      if (project !== afterProject) continue;
      started = true;
    }
    // J2/J3 prune: without Browse Projects no issue of the project can be allowed.
    if (decider.unknownSubject || decider.browseGrant(project) === null) continue;
    const all = scope.world.issuesOfProject.get(project.ref) ?? [];
    let list: readonly Issue[] = all;
    if (narrow.keys) {
      const byKey = scope.world.issueByKey.get(scope.siteId);
      list = [...narrow.keys]
        .map((k) => byKey?.get(k))
        .filter((i): i is Issue => i !== undefined && i.projectRef === project.ref)
        .sort((a, b) => numberOf(a) - numberOf(b));
    }
    let from = 0;
    let to = list.length;
    if (after && project === afterProject) {
      const cut = firstAfter(list, numberOf(after));
      if (walk.descending) to = cut - (cut > 0 && list[cut - 1] === after ? 1 : 0);
      else from = cut;
    }
    if (walk.descending) {
      for (let i = to - 1; i >= from; i--) {
        const issue = list[i]!;
        if (matchesJql(query.where, issue, project, scope) && readable(decider, issue, project)) {
          yield issue;
        }
      }
    } else {
      for (let i = from; i < to; i++) {
        const issue = list[i]!;
        if (matchesJql(query.where, issue, project, scope) && readable(decider, issue, project)) {
          yield issue;
        }
      }
    }
  }
}

const readable = (decider: JiraDecider, issue: Issue, project: JiraProject) =>
  decider.decideIssue(issue, project, 'read').decision === 'allow';

/** True when the query's order is plain key order (the lazy walk serves it). */
export function keyOrdered(query: JqlQuery): { descending: boolean } | null {
  if (query.orderBy.length === 0) return { descending: false };
  const [first, ...rest] = query.orderBy;
  if (first!.field !== 'key') return null;
  return rest.every((o) => o.field === 'key') ? { descending: first!.direction === 'desc' } : null;
}

/** Every visible match, sorted by the query's ORDER BY (ties by key). */
export function visibleSorted(decider: JiraDecider, query: JqlQuery, scope: SearchScope): Issue[] {
  const all = [...visibleInKeyOrder(decider, query, scope, { descending: false })];
  const compare = (a: Issue, b: Issue): number => {
    for (const order of query.orderBy) {
      const sign = order.direction === 'desc' ? -1 : 1;
      let diff = 0;
      if (order.field === 'key') {
        diff = a.key === b.key ? 0 : keyCompare(a, b);
      } else {
        const x = order.field === 'created' ? a.created : a.updated;
        const y = order.field === 'created' ? b.created : b.updated;
        diff = Date.parse(x) - Date.parse(y) || 0;
      }
      if (diff !== 0) return sign * diff;
    }
    return 0;
  };
  return all.sort(compare);
}

function keyCompare(a: Issue, b: Issue): number {
  const x = parseIssueKey(a.key);
  const y = parseIssueKey(b.key);
  if (!x || !y) return a.key < b.key ? -1 : 1;
  if (x.projectKey !== y.projectKey) return x.projectKey < y.projectKey ? -1 : 1;
  return x.number - y.number;
}
