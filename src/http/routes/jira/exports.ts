import { Type } from '@sinclair/typebox';
import type { Issue } from '../../../domain/jira/model.js';
import {
  issueHtml,
  issuesCsv,
  issuesXml,
  type ExportedIssue,
} from '../../../presenters/jira-exports.js';
import {
  admitJira,
  authorizeIssue,
  issueNotFound,
  jiraDecider,
} from '../../door/authorize-jira.js';
import { jiraContext, type JiraContext } from '../../door/jira-context.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { JIRA_OPERATIONS } from './operations.js';
import { parseSearch, searchAll } from './search-run.js';
import { blockingPolicyNames } from '../../../domain/decision/policy-facts.js';

const tags = ['Jira exports'];
const OMITTED = 'x-gatehouse-omitted-issues';
const TEMP_MAX = 1000;

const VIEWS = {
  'issue-xml': { extension: 'xml', type: 'application/xml; charset=utf-8' },
  'issue-word': { extension: 'doc', type: 'application/vnd.ms-word; charset=utf-8' },
  'issue-html': { extension: 'html', type: 'text/html; charset=utf-8' },
} as const;

const SEARCH_VIEWS = {
  'searchrequest-xml': { file: 'SearchRequest.xml', type: 'application/xml; charset=utf-8' },
  'searchrequest-csv-all-fields': { file: 'SearchRequest.csv', type: 'text/csv; charset=utf-8' },
} as const;

function exported(ctx: JiraContext, issue: Issue): ExportedIssue {
  const world = ctx.org.world;
  return {
    issue,
    project: world.jira.projects.get(issue.projectRef)!,
    name: (accountId) =>
      accountId === null
        ? ''
        : (world.users.get(accountId)?.displayName ??
          world.appsByAccount.get(accountId)?.name ??
          accountId),
  };
}

const KeyFile = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 255 }),
  file: Type.String({ minLength: 1, maxLength: 300 }),
});
const FileParams = Type.Object({ file: Type.String({ minLength: 1, maxLength: 300 }) });
const SearchExportQuery = Type.Object({
  jqlQuery: Type.Optional(Type.String({ maxLength: 10_000 })),
  tempMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});

/**
 * §9.3 (J26): exports by URL. One issue: 404 when hidden, 403 naming the policy when `export` is
 * blocked. A search: blocked issues are left out and counted in `X-Gatehouse-Omitted-Issues`; when
 * every match is blocked, 403.
 */
export function registerJiraExportRoutes(app: FastifyTypebox): void {
  for (const [view, { extension, type }] of Object.entries(VIEWS)) {
    app.get(
      `/si/jira.issueviews::${view}/:key/:file`,
      {
        schema: {
          tags,
          summary: `Export one issue (${view})`,
          params: KeyFile,
          response: { 200: Type.String({ description: 'The exported file' }) },
        },
      },
      async (request, reply) => {
        const ctx = jiraContext(request);
        const { key, file } = request.params;
        const { issue } = authorizeIssue(ctx, JIRA_OPERATIONS.exportIssue, 'export', key);
        if (file !== `${issue.key}.${extension}` && file !== `${key}.${extension}`) {
          throw issueNotFound(key);
        }
        const one = exported(ctx, issue);
        const body =
          view === 'issue-xml'
            ? issuesXml([one], ctx.base, `${ctx.site.name} Jira: ${issue.key}`)
            : issueHtml(one);
        return reply
          .type(type)
          .header('content-disposition', `attachment; filename="${issue.key}.${extension}"`)
          .send(body);
      },
    );
  }

  for (const [view, { file, type }] of Object.entries(SEARCH_VIEWS)) {
    app.get(
      `/sr/jira.issueviews::${view}/temp/:file`,
      {
        schema: {
          tags,
          summary: `Export a search (${view})`,
          params: FileParams,
          querystring: SearchExportQuery,
          response: { 200: Type.String({ description: 'The exported file' }) },
        },
      },
      async (request, reply) => {
        const ctx = jiraContext(request);
        if (request.params.file !== file) {
          throw new ApiError('ROUTE_NOT_FOUND', `No export view ${request.params.file}`);
        }
        admitJira(ctx, JIRA_OPERATIONS.exportSearch, 'export');
        const search = parseSearch(ctx, request.query.jqlQuery);
        const max = Math.min(request.query.tempMax ?? TEMP_MAX, TEMP_MAX);
        const decider = jiraDecider(ctx);
        const allowed: Issue[] = [];
        const blocked: Issue[] = [];
        const policyIds = new Set<string>();
        for (const issue of searchAll(ctx, search)) {
          if (allowed.length === max) break;
          const project = ctx.org.world.jira.projects.get(issue.projectRef)!;
          const decision = decider.decideIssue(issue, project, 'export');
          if (decision.decision === 'allow') allowed.push(issue);
          else {
            blocked.push(issue);
            for (const name of blockingPolicyNames(ctx.org.policies, 'export', decision.reasons)) {
              policyIds.add(name);
            }
          }
        }
        if (allowed.length === 0 && blocked.length > 0) {
          const named =
            policyIds.size > 0 ? ` (${[...policyIds].map((n) => `"${n}"`).join(', ')})` : '';
          throw new ApiError(
            'JIRA_EXPORT_BLOCKED',
            `Exporting these ${blocked.length} issues is blocked by your organization's data security policy${named}`,
          );
        }
        const rows = allowed.map((issue) => exported(ctx, issue));
        const body =
          view === 'searchrequest-xml'
            ? issuesXml(rows, ctx.base, `${ctx.site.name} Jira: search`)
            : issuesCsv(rows);
        return reply
          .type(type)
          .header(OMITTED, String(blocked.length))
          .header('content-disposition', `attachment; filename="${file}"`)
          .send(body);
      },
    );
  }
}
