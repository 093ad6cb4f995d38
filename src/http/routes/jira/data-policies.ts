import type { App } from '../../../domain/world.js';
import { jiraAppBlocked } from '../../../domain/jira/rules.js';
import { numericId } from '../../../presenters/jira.js';
import { admitJira, findOnSite } from '../../door/authorize-jira.js';
import { jiraContext, type JiraContext } from '../../door/jira-context.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  DataPolicyProjectQuery,
  ProjectDataPolicies,
  WorkspaceDataPolicy,
} from '../../schemas/jira.js';
import { JIRA_OPERATIONS, type JiraOperation } from './operations.js';
import { visibleProjects } from './projects.js';

const tags = ['Jira app data policies'];
const MAX_IDS = 50;

/** J27: "Only apps can access this resource." — users and anonymous callers get 401. */
function callingApp(ctx: JiraContext, operation: JiraOperation): App {
  if (ctx.caller.kind !== 'app') {
    throw new ApiError('JIRA_APPS_ONLY', 'Only apps can access this resource.');
  }
  admitJira(ctx, operation, 'read');
  return ctx.caller.app;
}

/** App data policies (J27): is any content of the site, or of these projects, blocked to the app? */
export function registerJiraDataPolicyRoutes(app: FastifyTypebox): void {
  app.get(
    '/rest/api/3/data-policy',
    {
      schema: {
        tags,
        summary: 'Get data policy for the workspace (apps only)',
        response: { 200: WorkspaceDataPolicy },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      const caller = callingApp(ctx, JIRA_OPERATIONS.getPolicy);
      const projects = ctx.org.world.jira.projectsOfSite.get(ctx.site.cloudId) ?? [];
      return {
        anyContentBlocked: projects.some((p) => jiraAppBlocked(ctx.org.facts, caller, p)),
      };
    },
  );

  app.get(
    '/rest/api/3/data-policy/project',
    {
      schema: {
        tags,
        summary: 'Get data policy for projects (apps only)',
        querystring: DataPolicyProjectQuery,
        response: { 200: ProjectDataPolicies },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      const caller = callingApp(ctx, JIRA_OPERATIONS.getPolicies);
      const ids = (request.query.ids ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      if (ids.length > MAX_IDS) {
        throw new ApiError(
          'JIRA_BAD_REQUEST',
          `ids: at most ${MAX_IDS} project ids, got ${ids.length}`,
        );
      }
      const visible = new Set(visibleProjects(ctx));
      const projects =
        request.query.ids === undefined
          ? [...visible]
          : ids.map((id) => {
              const target = findOnSite(ctx, 'project', id);
              const project = 'rule' in target ? undefined : target.project;
              if (!project || !visible.has(project)) {
                throw new ApiError(
                  'JIRA_DATA_POLICY_PROJECTS_INVALID',
                  'Invalid request: some projects are not available or do not exist.',
                );
              }
              return project;
            });
      return {
        projectDataPolicies: projects.map((p) => ({
          id: numericId(p.id),
          dataPolicy: { anyContentBlocked: jiraAppBlocked(ctx.org.facts, caller, p) },
        })),
      };
    },
  );
}
