import type { FastifyReply, FastifyRequest } from 'fastify';
import { setProjectDefaultClassification } from '../../../commands/jira-classification.js';
import type { ClassificationLevel } from '../../../domain/world.js';
import { bareLevelId, presentJiraLevel } from '../../../presenters/jira.js';
import { admitJira, authorizeProject, projectNotFound } from '../../door/authorize-jira.js';
import { jiraContext, jiraOrigin, type JiraContext } from '../../door/jira-context.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { NoContent } from '../../schemas/classification.js';
import {
  ClassificationConfig,
  IdOrKeyParams,
  LevelsQuery,
  LevelsResponse,
  ProjectDefaultBody,
  ProjectDefaultResponse,
} from '../../schemas/jira.js';
import type { Services } from '../../services.js';
import { JIRA_OPERATIONS } from './operations.js';

const tags = ['Jira classification levels'];
const PATH = '/rest/api/3/project/:projectIdOrKey';

const level = (ctx: JiraContext, id: string | null): ClassificationLevel | undefined =>
  id === null ? undefined : ctx.org.world.levels.get(id);

/** J31: a project default write refused for lack of Administer Projects is a 401, as documented. */
const ADMIN_DENIALS = {
  notFound: projectNotFound,
  forbidden: ({ title }: { title: string }) =>
    new ApiError(
      'JIRA_NOT_PERMITTED',
      `You do not have permission to change the default classification level of project ${title} (it needs ADMINISTER_PROJECTS or a site admin).`,
    ),
};

/** Classification levels (J30), project defaults (J31) and the classification config (J32). */
export function registerJiraClassificationRoutes(app: FastifyTypebox, services: Services): void {
  app.get(
    '/rest/api/3/classification-levels',
    {
      schema: {
        tags,
        summary: 'Get all classification levels (ids are full ARIs)',
        querystring: LevelsQuery,
        response: { 200: LevelsResponse },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      admitJira(ctx, JIRA_OPERATIONS.getAllUserDataClassificationLevels, 'read');
      const statuses = request.query.status;
      const sign = request.query.orderBy === '-rank' ? -1 : 1;
      return {
        classifications: [...ctx.org.world.levels.values()]
          .filter((l) => statuses === undefined || statuses.includes(l.status as 'PUBLISHED'))
          .sort((a, b) => sign * (a.rank - b.rank))
          .map(presentJiraLevel),
      };
    },
  );

  app.get(
    `${PATH}/classification-level/default`,
    {
      schema: {
        tags,
        summary: 'Get the default data classification level of a project',
        params: IdOrKeyParams,
        response: { 200: ProjectDefaultResponse },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      const { project } = authorizeProject(
        ctx,
        JIRA_OPERATIONS.getDefaultProjectClassification,
        'read',
        request.params.projectIdOrKey,
      );
      const found = level(ctx, project.defaultClassification);
      return found ? { classification: presentJiraLevel(found) } : {};
    },
  );

  const write = async (
    request: FastifyRequest,
    reply: FastifyReply,
    idOrKey: string,
    levelId: string | null,
    operation: typeof JIRA_OPERATIONS.updateDefaultProjectClassification,
  ) => {
    const ctx = jiraContext(request);
    const { project } = authorizeProject(ctx, operation, 'administer', idOrKey, ADMIN_DENIALS);
    const result = await services.write(
      setProjectDefaultClassification(ctx.org.world.id, project, levelId),
      jiraOrigin(request),
    );
    if (!result.ok) {
      if (result.problem === 'missing') throw projectNotFound(idOrKey);
      throw new ApiError(
        'JIRA_CLASSIFICATION_INVALID',
        result.problem === 'unknown-level'
          ? `The classification level ${levelId ?? ''} does not exist.`
          : `The classification level ${levelId ?? ''} is not published: draft and archived levels cannot be applied.`,
      );
    }
    return reply.code(204).send();
  };

  app.put(
    `${PATH}/classification-level/default`,
    {
      schema: {
        tags,
        summary: 'Update the default data classification level of a project',
        params: IdOrKeyParams,
        body: ProjectDefaultBody,
        response: { 204: NoContent },
      },
    },
    (request, reply) =>
      write(
        request,
        reply,
        request.params.projectIdOrKey,
        bareLevelId(request.body.id),
        JIRA_OPERATIONS.updateDefaultProjectClassification,
      ),
  );

  app.delete(
    `${PATH}/classification-level/default`,
    {
      schema: {
        tags,
        summary: 'Remove the default data classification level from a project',
        params: IdOrKeyParams,
        response: { 204: NoContent },
      },
    },
    (request, reply) =>
      write(
        request,
        reply,
        request.params.projectIdOrKey,
        null,
        JIRA_OPERATIONS.removeDefaultProjectClassification,
      ),
  );

  app.get(
    `${PATH}/classification-config`,
    {
      schema: {
        tags,
        summary: 'Get the classification configuration of a project',
        params: IdOrKeyParams,
        response: { 200: ClassificationConfig },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      const { project } = authorizeProject(
        ctx,
        JIRA_OPERATIONS.getProjectClassificationConfig,
        'read',
        request.params.projectIdOrKey,
      );
      const projectDefault = level(ctx, project.defaultClassification);
      const orgDefault = level(ctx, ctx.org.world.defaultClassification);
      return {
        classificationLevels: [...ctx.org.world.levels.values()]
          .filter((l) => l.status === 'PUBLISHED')
          .sort((a, b) => a.rank - b.rank)
          .map(presentJiraLevel),
        containerOverride: 'ANY',
        ...(projectDefault ? { defaultClassificationLevel: presentJiraLevel(projectDefault) } : {}),
        ...(orgDefault ? { organizationClassificationLevel: presentJiraLevel(orgDefault) } : {}),
      };
    },
  );
}
