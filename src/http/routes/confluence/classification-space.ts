import type { FastifyReply, FastifyRequest } from 'fastify';
import { setSpaceDefaultClassification } from '../../../commands/classification-space.js';
import { presentLevel } from '../../../presenters/classification.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  ClassificationLevel,
  NoContent,
  SpaceDefaultLevelBody,
  SpaceParams,
} from '../../schemas/classification.js';
import { WRITE_SCOPE } from '../../../domain/confluence/facts.js';
import { requireScope } from '../../request-context.js';
import type { Services } from '../../services.js';
import { tags, throwIfRefused } from './classification.js';
import { canAdministerSpace, spaceNotFound, viewableSpace } from './classification-context.js';
import { readContext, type ReadContext } from './content-context.js';

const PATH = '/wiki/api/v2/spaces/:id/classification-level/default';

/** E11: changing a space default needs view (else 404) and `administer` (else 403). */
function administeredSpace(ctx: ReadContext, id: string) {
  const space = viewableSpace(ctx, id);
  if (!canAdministerSpace(ctx, space)) {
    throw new ApiError(
      'CLASSIFICATION_FORBIDDEN',
      `Changing the default classification level of space ${space.key} needs the space Admin permission`,
    );
  }
  return space;
}

export function registerSpaceClassificationRoutes(app: FastifyTypebox, services: Services): void {
  /** PUT and DELETE: the caller must administer the space; `levelId` null removes the default. */
  const write = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    levelId: string | null,
  ) => {
    const ctx = readContext(request, services, id);
    requireScope(ctx.caller, WRITE_SCOPE);
    const space = administeredSpace(ctx, id);
    const result = await setSpaceDefaultClassification(
      services.storage,
      ctx.org.id,
      space.id,
      levelId,
    );
    throwIfRefused(result, levelId ?? '', () => spaceNotFound(space.id));
    await services.index.sync();
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
      const ctx = readContext(request, services, request.params.id);
      const space = viewableSpace(ctx, request.params.id);
      const level =
        space.defaultClassification !== null
          ? ctx.org.levels.get(space.defaultClassification)
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
