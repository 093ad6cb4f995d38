import { JqlError, parseJql, type JqlExpr, type JqlQuery } from '../../../domain/jira/jql.js';
import type { Issue } from '../../../domain/jira/model.js';
import {
  keyOrdered,
  visibleInKeyOrder,
  visibleSorted,
  type SearchScope,
} from '../../../domain/jira/search.js';
import { jiraDecider } from '../../door/authorize-jira.js';
import type { JiraContext } from '../../door/jira-context.js';
import { ApiError } from '../../errors/catalogue.js';

/**
 * A JQL search of the request's site for its caller (J22, J23): parse, check the project values,
 * and walk the index lazily (key order) or sort the visible matches (created, updated).
 */
export interface ParsedSearch {
  readonly jql: string;
  readonly query: JqlQuery;
  readonly scope: SearchScope;
}

export function parseSearch(
  ctx: JiraContext,
  jql: string | undefined,
  validate = 'strict',
): ParsedSearch {
  let query: JqlQuery;
  try {
    query = parseJql(jql);
  } catch (error) {
    if (error instanceof JqlError) throw new ApiError('JIRA_JQL_INVALID', error.message);
    throw error;
  }
  const caller = ctx.caller;
  const scope: SearchScope = {
    world: ctx.org.world.jira,
    siteId: ctx.site.cloudId,
    accountId:
      caller.kind === 'user'
        ? caller.user.accountId
        : caller.kind === 'app'
          ? caller.app.accountId
          : null,
  };
  if (validate === 'strict' || validate === 'true') checkProjects(ctx, query.where, scope);
  return { jql: jql ?? '', query, scope };
}

/**
 * Jira refuses a project value that names no project the caller may browse ("does not exist"),
 * rather than answering an empty list: so does Gatehouse (the same answer for hidden and missing).
 */
function checkProjects(ctx: JiraContext, expr: JqlExpr | null, scope: SearchScope): void {
  if (expr === null) return;
  if (expr.kind === 'and' || expr.kind === 'or') {
    for (const item of expr.items) checkProjects(ctx, item, scope);
    return;
  }
  if (expr.kind === 'not') return checkProjects(ctx, expr.item, scope);
  if (expr.kind !== 'clause' || expr.field !== 'project') return;
  const decider = jiraDecider(ctx);
  const site = scope.world.projectsOfSite.get(scope.siteId) ?? [];
  for (const value of expr.values) {
    if (value.kind !== 'literal') continue;
    const v = value.value.toLowerCase();
    const found = site.find(
      (p) => p.key.toLowerCase() === v || p.id === value.value || p.name.toLowerCase() === v,
    );
    if (!found || decider.decideProject(found, 'read').decision !== 'allow') {
      throw new ApiError(
        'JIRA_JQL_INVALID',
        `The value '${value.value}' does not exist for the field 'project'.`,
      );
    }
  }
}

/** The search's fingerprint, so a page token of one query is refused by another. */
function fingerprint(jql: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < jql.length; i++) {
    hash ^= jql.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

type Token = { h: string; a?: string; o?: number };

const INVALID_TOKEN = () =>
  new ApiError('JIRA_BAD_REQUEST', 'The provided next page token is invalid or expired.');

function decodeToken(token: string | undefined, jql: string): Token | null {
  if (token === undefined || token === '') return null;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Token;
    if (
      value.h === fingerprint(jql) &&
      (typeof value.a === 'string' || typeof value.o === 'number')
    ) {
      return value;
    }
  } catch {
    // refused below
  }
  throw INVALID_TOKEN();
}

const encodeToken = (token: Token) =>
  Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');

/** One page of `/search/jql`: up to `limit` visible issues after the token, and the next token. */
export function searchPage(
  ctx: JiraContext,
  search: ParsedSearch,
  limit: number,
  pageToken: string | undefined,
): { issues: Issue[]; nextPageToken: string | undefined } {
  const decider = jiraDecider(ctx);
  const token = decodeToken(pageToken, search.jql);
  const order = keyOrdered(search.query);
  const h = fingerprint(search.jql);
  if (order && (token === null || token.a !== undefined)) {
    let after: Issue | undefined;
    if (token?.a !== undefined) {
      after = search.scope.world.issues.get(token.a);
      if (!after || after.siteId !== ctx.site.cloudId) throw INVALID_TOKEN();
    }
    const issues: Issue[] = [];
    let more = false;
    const walk = { descending: order.descending, ...(after ? { after } : {}) };
    for (const issue of visibleInKeyOrder(decider, search.query, search.scope, walk)) {
      if (issues.length === limit) {
        more = true;
        break;
      }
      issues.push(issue);
    }
    const last = issues[issues.length - 1];
    return { issues, nextPageToken: more && last ? encodeToken({ h, a: last.id }) : undefined };
  }
  if (token !== null && token.o === undefined) throw INVALID_TOKEN();
  const offset = token?.o ?? 0;
  const all = visibleSorted(decider, search.query, search.scope);
  const issues = all.slice(offset, offset + limit);
  const more = offset + limit < all.length;
  return { issues, nextPageToken: more ? encodeToken({ h, o: offset + limit }) : undefined };
}

/** Every visible match in the query's order (the old `/search`, which counts a total). */
export function searchAll(ctx: JiraContext, search: ParsedSearch): Issue[] {
  const decider = jiraDecider(ctx);
  const order = keyOrdered(search.query);
  if (order) {
    return [
      ...visibleInKeyOrder(decider, search.query, search.scope, { descending: order.descending }),
    ];
  }
  return visibleSorted(decider, search.query, search.scope);
}
