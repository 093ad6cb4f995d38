import type { JiraProject } from '../../../domain/jira/model.js';
import { presentProject } from '../../../presenters/jira.js';
import { admitJira, authorizeProject, jiraDecider } from '../../door/authorize-jira.js';
import { jiraContext, type JiraContext } from '../../door/jira-context.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  IdOrKeyParams,
  JiraProject as JiraProjectSchema,
  PageBeanProject,
  ProjectListQuery,
  ProjectSearchQuery,
} from '../../schemas/jira.js';
import { Type } from '@sinclair/typebox';
import { JIRA_OPERATIONS } from './operations.js';

const tags = ['Jira projects'];
const SEARCH_DEFAULT = 50;
const SEARCH_CAP = 100;

/** J15/J34: the projects of the request's site the caller may browse, by key. */
export function visibleProjects(ctx: JiraContext): JiraProject[] {
  const decider = jiraDecider(ctx);
  return [...(ctx.org.world.jira.projectsOfSite.get(ctx.site.cloudId) ?? [])]
    .filter((p) => decider.decideProject(p, 'read').decision === 'allow')
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const split = (values: readonly string[] | undefined) =>
  values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The order of `GET /project/search`: key, name, issueCount, lastIssueUpdatedDate (others: key). */
function orderOf(ctx: JiraContext, orderBy: string): (a: JiraProject, b: JiraProject) => number {
  const sign = orderBy.startsWith('-') ? -1 : 1;
  const field = orderBy.replace(/^[-+]/, '');
  const issues = (p: JiraProject) => ctx.org.world.jira.issuesOfProject.get(p.ref) ?? [];
  const value = (p: JiraProject): string | number => {
    if (field === 'name') return p.name.toLowerCase();
    if (field === 'issueCount') return issues(p).length;
    if (field === 'lastIssueUpdatedDate') {
      return issues(p).reduce((max, i) => (i.updated > max ? i.updated : max), '');
    }
    return p.key;
  };
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    const diff = x < y ? -1 : x > y ? 1 : 0;
    return sign * diff || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  };
}

/** Projects: the deprecated list, the paginated search, one project (J15, J34). */
export function registerJiraProjectRoutes(app: FastifyTypebox): void {
  app.get(
    '/rest/api/3/project',
    {
      schema: {
        tags,
        summary: 'Get all projects (deprecated: a bare array)',
        deprecated: true,
        querystring: ProjectListQuery,
        response: { 200: Type.Array(JiraProjectSchema) },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      admitJira(ctx, JIRA_OPERATIONS.getAllProjects, 'read');
      const projects = visibleProjects(ctx).map((p) => presentProject(p, ctx.base));
      const recent = request.query.recent;
      return recent === undefined ? projects : projects.slice(0, recent);
    },
  );

  app.get(
    '/rest/api/3/project/search',
    {
      schema: {
        tags,
        summary: 'Get projects paginated',
        querystring: ProjectSearchQuery,
        response: { 200: PageBeanProject },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      admitJira(ctx, JIRA_OPERATIONS.searchProjects, 'read');
      const q = request.query;
      const keys = split(q.keys)?.map((k) => k.toUpperCase());
      const ids = split(q.id);
      const types = q.typeKey?.split(',').map((t) => t.trim());
      const text = q.query?.toLowerCase();
      const live = q.status === undefined || q.status.includes('live');
      const matching = visibleProjects(ctx)
        .filter(() => live)
        .filter((p) => keys === undefined || keys.includes(p.key))
        .filter((p) => ids === undefined || ids.includes(p.id))
        .filter((p) => types === undefined || types.includes(p.projectType ?? 'software'))
        .filter(
          (p) =>
            text === undefined ||
            p.key.toLowerCase().includes(text) ||
            p.name.toLowerCase().includes(text),
        )
        .sort(orderOf(ctx, q.orderBy ?? 'key'));
      const searched = [keys, ids, types, text].some((v) => v !== undefined);
      if (searched && matching.length === 0) {
        throw new ApiError('JIRA_PROJECT_NOT_FOUND', 'No projects match the search criteria.');
      }
      const startAt = q.startAt ?? 0;
      const maxResults = Math.min(q.maxResults ?? SEARCH_DEFAULT, SEARCH_CAP);
      const values = matching.slice(startAt, startAt + maxResults);
      const isLast = startAt + maxResults >= matching.length;
      // Built as text: the base holds the request's Host, which need not parse as a URL.
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(q)) {
        if (name === 'startAt' || name === 'maxResults') continue;
        for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
      }
      params.set('maxResults', String(maxResults));
      params.set('startAt', String(startAt));
      const page = `${ctx.base}/rest/api/3/project/search?`;
      const self = page + params.toString();
      params.set('startAt', String(startAt + maxResults));
      return {
        self,
        ...(isLast ? {} : { nextPage: page + params.toString() }),
        maxResults,
        startAt,
        total: matching.length,
        isLast,
        values: values.map((p) => presentProject(p, ctx.base)),
      };
    },
  );

  app.get(
    '/rest/api/3/project/:projectIdOrKey',
    {
      schema: {
        tags,
        summary: 'Get project',
        params: IdOrKeyParams,
        querystring: ProjectListQuery,
        response: { 200: JiraProjectSchema },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      const { project } = authorizeProject(
        ctx,
        JIRA_OPERATIONS.getProject,
        'read',
        request.params.projectIdOrKey,
      );
      return presentProject(project, ctx.base);
    },
  );
}
