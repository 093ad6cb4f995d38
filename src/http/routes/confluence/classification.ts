import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  setContentClassification,
  type ClassificationWrite,
} from '../../../commands/classification.js';
import { effectiveClassification } from '../../../domain/decision/rules.js';
import type { ContentType } from '../../../domain/world.js';
import { presentLevel } from '../../../presenters/classification.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  ClassificationLevel,
  ClassificationLevelList,
  ClassifiedContentParams,
  ContentLevelBody,
  ContentLevelQuery,
  ContentLevelResetBody,
  NoContent,
} from '../../schemas/classification.js';
import type { Services } from '../../services.js';
import { authorize, contentNotFound, requireScope } from '../../door/authorize.js';
import { doorContext, doorOrigin } from '../../door/context.js';

export const tags = ['Classification level'];

/** Turns a refused classification write into its 400 (E9) or 404. */
export function throwIfRefused(
  result: ClassificationWrite,
  levelId: string,
  missing: () => ApiError,
): void {
  if (result.ok) return;
  if (result.problem === 'missing') throw missing();
  throw new ApiError(
    'CLASSIFICATION_LEVEL_INVALID',
    result.problem === 'unknown-level'
      ? `Classification level ${levelId} does not exist in this organization`
      : `Classification level ${levelId} is not published: draft and archived levels cannot be applied`,
  );
}

/** Gatehouse keeps no drafts or archived versions of content: asking for one finds nothing (E5). */
function requireCurrent(status: string | undefined, id: string): void {
  if (status !== undefined && status !== 'current') {
    throw new ApiError('CONTENT_NOT_FOUND', `No ${status} version of content ${id}`);
  }
}

export function registerClassificationRoutes(app: FastifyTypebox, services: Services): void {
  app.get(
    '/wiki/api/v2/classification-levels',
    {
      schema: {
        tags,
        summary: 'Get list of classification levels',
        response: { 200: ClassificationLevelList },
      },
    },
    (request) => {
      const ctx = doorContext(request);
      if (ctx.caller.kind === 'anonymous') {
        throw new ApiError('AUTH_MISSING', 'Log in to see the classification levels');
      }
      requireScope(ctx.caller, 'read');
      return [...ctx.org.world.levels.values()].sort((a, b) => a.rank - b.rank).map(presentLevel);
    },
  );
  for (const [segment, type] of [
    ['pages', 'page'],
    ['blogposts', 'blogpost'],
  ] as const) {
    registerContentLevelRoutes(
      app,
      services,
      `/wiki/api/v2/${segment}/:id/classification-level`,
      type,
    );
  }
}

function registerContentLevelRoutes(
  app: FastifyTypebox,
  services: Services,
  path: string,
  type: ContentType,
): void {
  const noun = type === 'page' ? 'page' : 'blog post';
  app.get(
    path,
    {
      schema: {
        tags,
        summary: `Get ${noun} classification level (its own, else the space default, else the org default)`,
        params: ClassifiedContentParams,
        querystring: ContentLevelQuery,
        response: { 200: ClassificationLevel },
      },
    },
    (request) => {
      const ctx = doorContext(request);
      const { content } = authorize(ctx, 'read', { type, id: request.params.id });
      requireCurrent(request.query.status, content.id);
      const levelId = effectiveClassification(ctx.org.facts, content);
      const level = levelId !== null ? ctx.org.world.levels.get(levelId) : undefined;
      if (!level) {
        throw new ApiError(
          'CLASSIFICATION_NOT_FOUND',
          `The ${noun} ${content.id} has no classification level`,
        );
      }
      return presentLevel(level);
    },
  );
  /** PUT and reset: the caller must be able to edit; `levelId` null goes back to the default. */
  const write = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    status: string | undefined,
    levelId: string | null,
  ) => {
    const ctx = doorContext(request);
    // E8: changing a level needs edit permission; a viewer who cannot edit gets the same 404.
    const { content } = authorize(ctx, 'update', { type, id });
    requireCurrent(status, content.id);
    const result = await services.write(
      setContentClassification(ctx.org.world.id, content.id, levelId),
      doorOrigin(request),
    );
    throwIfRefused(result, levelId ?? '', () => contentNotFound(content.id));
    return reply.code(204).send();
  };
  app.put(
    path,
    {
      schema: {
        tags,
        summary: `Update ${noun} classification level`,
        params: ClassifiedContentParams,
        body: ContentLevelBody,
        response: { 204: NoContent },
      },
    },
    (request, reply) =>
      write(request, reply, request.params.id, request.body.status, request.body.id),
  );
  app.post(
    `${path}/reset`,
    {
      schema: {
        tags,
        summary: `Reset ${noun} classification level to the space default`,
        params: ClassifiedContentParams,
        body: ContentLevelResetBody,
        response: { 204: NoContent },
      },
    },
    (request, reply) => write(request, reply, request.params.id, request.body.status, null),
  );
}
