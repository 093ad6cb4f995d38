import type { FastifyReply, FastifyRequest } from 'fastify';
import { setSpaceDefaultClassification } from '../../../commands/classification.js';
import { presentLevel } from '../../../presenters/classification.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  ClassificationLevel,
  NoContent,
  SpaceDefaultLevelBody,
  SpaceParams,
} from '../../schemas/classification.js';
import type { Services } from '../../services.js';
import { authorize } from '../../door/authorize.js';
import { doorContext, doorOrigin } from '../../door/context.js';
import { tags, throwIfRefused } from './classification.js';
import { SPACE_DENIALS, spaceNotFound } from './classification-context.js';

const PATH = '/wiki/api/v2/spaces/:id/classification-level/default';

export function registerSpaceClassificationRoutes(app: FastifyTypebox, services: Services): void {
  /** PUT and DELETE: the caller must administer the space; `levelId` null removes the default. */
  const write = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    levelId: string | null,
  ) => {
    const ctx = doorContext(request);
    // E11: view the space (else 404), and administer it (else 403; D21).
    const { space } = authorize(ctx, 'administer', { type: 'space', id }, SPACE_DENIALS);
    const result = await services.write(
      setSpaceDefaultClassification(ctx.org.world.id, space.id, levelId),
      doorOrigin(request),
    );
    throwIfRefused(result, levelId ?? '', () => spaceNotFound(space.id));
    return reply.code(204).send();
  };
  app.get(
    PATH,
    {
      schema: {
        tags,
        summary: 'Get space default classification level',
        params: SpaceParams,
        response: { 200: ClassificationLevel },
      },
    },
    (request) => {
      const ctx = doorContext(request);
      const { space } = authorize(
        ctx,
        'read',
        { type: 'space', id: request.params.id },
        SPACE_DENIALS,
      );
      const level =
        space.defaultClassification !== null
          ? ctx.org.world.levels.get(space.defaultClassification)
          : undefined;
      if (!level) {
        throw new ApiError(
          'CLASSIFICATION_NOT_FOUND',
          `Space ${space.key} has no default classification level`,
        );
      }
      return presentLevel(level);
    },
  );
  app.put(
    PATH,
    {
      schema: {
        tags,
        summary: 'Update space default classification level',
        params: SpaceParams,
        body: SpaceDefaultLevelBody,
        response: { 204: NoContent },
      },
    },
    (request, reply) => write(request, reply, request.params.id, request.body.id),
  );
  app.delete(
    PATH,
    {
      schema: {
        tags,
        summary: 'Delete space default classification level',
        params: SpaceParams,
        response: { 204: NoContent },
      },
    },
    (request, reply) => write(request, reply, request.params.id, null),
  );
}
