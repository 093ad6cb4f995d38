import type { FastifyRequest } from 'fastify';
import {
  expandSet,
  fieldNames,
  presentIssue,
  selectFields,
} from '../../../presenters/jira-issue.js';
import { admitJira } from '../../door/authorize-jira.js';
import { jiraContext } from '../../door/jira-context.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  SearchBody,
  SearchJqlBody,
  SearchJqlQuery,
  SearchJqlResults,
  SearchQuery,
  SearchResults,
} from '../../schemas/jira.js';
import { attachmentsOf } from './issues.js';
import { JIRA_OPERATIONS, type JiraOperation } from './operations.js';
import { parseSearch, searchAll, searchPage } from './search-run.js';
import { issueView } from './view.js';

const tags = ['Jira issue search'];
const DEFAULT_MAX = 50;
/** Jira's caps: 5,000 issues a page when only ids or keys are asked for, else 100. */
const ID_ONLY_CAP = 5000;
const FIELDS_CAP = 100;

interface JqlInput {
  jql?: string;
  nextPageToken?: string;
  maxResults?: number;
  fields?: string[];
  expand?: string | string[];
}

function present(
  request: FastifyRequest,
  issues: ReturnType<typeof searchAll>,
  input: JqlInput,
  fallback: '*navigable' | 'id',
) {
  const ctx = jiraContext(request);
  const fields = selectFields(input.fields, fallback);
  const expand = expandSet(input.expand);
  const view = issueView(ctx);
  const jira = ctx.org.world.jira;
  return {
    fields,
    expand,
    issues: issues.map((issue) =>
      presentIssue(
        issue,
        jira.projects.get(issue.projectRef)!,
        attachmentsOf(ctx, issue.attachments),
        fields,
        expand,
        view,
      ),
    ),
  };
}

/** `/search/jql` (J23): `nextPageToken` paging; default fields `id`. */
function enhancedSearch(request: FastifyRequest, input: JqlInput, operation: JiraOperation) {
  const ctx = jiraContext(request);
  admitJira(ctx, operation, 'read');
  const search = parseSearch(ctx, input.jql);
  const fields = selectFields(input.fields, 'id');
  const limit = Math.min(
    input.maxResults ?? DEFAULT_MAX,
    fields.size === 0 ? ID_ONLY_CAP : FIELDS_CAP,
  );
  const page = searchPage(ctx, search, limit, input.nextPageToken);
  const shown = present(request, page.issues, input, 'id');
  return {
    issues: shown.issues,
    ...(page.nextPageToken !== undefined ? { nextPageToken: page.nextPageToken } : {}),
    isLast: page.nextPageToken === undefined,
    ...(shown.expand.has('names') ? { names: fieldNames(shown.fields) } : {}),
  };
}

/** The older `/search` (J23): `startAt`/`maxResults`/`total`; default fields `*navigable`. */
function classicSearch(
  request: FastifyRequest,
  input: JqlInput & { startAt?: number; validateQuery?: string },
  operation: JiraOperation,
) {
  const ctx = jiraContext(request);
  admitJira(ctx, operation, 'read');
  const search = parseSearch(ctx, input.jql, input.validateQuery ?? 'strict');
  const all = searchAll(ctx, search);
  const startAt = input.startAt ?? 0;
  const maxResults = Math.min(input.maxResults ?? DEFAULT_MAX, FIELDS_CAP);
  const shown = present(request, all.slice(startAt, startAt + maxResults), input, '*navigable');
  return {
    expand: 'schema,names',
    startAt,
    maxResults,
    total: all.length,
    issues: shown.issues,
    ...(shown.expand.has('names') ? { names: fieldNames(shown.fields) } : {}),
  };
}

export function registerJiraSearchRoutes(app: FastifyTypebox): void {
  app.get(
    '/rest/api/3/search/jql',
    {
      schema: {
        tags,
        summary: 'Search for issues using JQL (enhanced search, nextPageToken)',
        querystring: SearchJqlQuery,
        response: { 200: SearchJqlResults },
      },
    },
    (request) =>
      enhancedSearch(request, request.query, JIRA_OPERATIONS.searchAndReconsileIssuesUsingJql),
  );
  app.post(
    '/rest/api/3/search/jql',
    {
      schema: {
        tags,
        summary: 'Search for issues using JQL (enhanced search, POST)',
        body: SearchJqlBody,
        response: { 200: SearchJqlResults },
      },
    },
    (request) =>
      enhancedSearch(request, request.body, JIRA_OPERATIONS.searchAndReconsileIssuesUsingJqlPost),
  );
  app.get(
    '/rest/api/3/search',
    {
      schema: {
        tags,
        summary: 'Search for issues using JQL (deprecated: startAt/maxResults)',
        deprecated: true,
        querystring: SearchQuery,
        response: { 200: SearchResults },
      },
    },
    (request) => classicSearch(request, request.query, JIRA_OPERATIONS.searchForIssuesUsingJql),
  );
  app.post(
    '/rest/api/3/search',
    {
      schema: {
        tags,
        summary: 'Search for issues using JQL (deprecated, POST)',
        deprecated: true,
        body: SearchBody,
        response: { 200: SearchResults },
      },
    },
    (request) => classicSearch(request, request.body, JIRA_OPERATIONS.searchForIssuesUsingJqlPost),
  );
}
