import { Type } from '@sinclair/typebox';
import type { FastifyTypebox } from '../fastify-types.js';
import type { Services } from '../services.js';
import { ApiError } from '../errors/catalogue.js';
import { GatehouseErrorList } from '../openapi/error-bodies.js';

const Status = Type.Object({ status: Type.String() });
const Loading = Type.Object({
  status: Type.Literal('loading'),
  /** How much of the index is loaded, 0 … 1. */
  progress: Type.Number({ minimum: 0, maximum: 1 }),
});

export function registerHealthRoutes(app: FastifyTypebox, services: Services): void {
  app.get(
    '/healthz',
    { schema: { tags: ['Gatehouse'], summary: 'Liveness', response: { 200: Status } } },
    () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['Gatehouse'],
        summary: 'Readiness: the index is loaded and the database answers',
        // 503: still loading (with progress), or the database does not answer (an error body)
        response: {
          200: Status,
          503: Type.Union([Loading, GatehouseErrorList], {
            description:
              'Service Unavailable: the index is still loading (`status: loading` with its progress), or `SERVICE_UNAVAILABLE` the database does not answer.',
          }),
        },
      },
    },
    async (_request, reply) => {
      if (!services.index.ready) {
        return reply
          .code(503)
          .header('retry-after', '1')
          .send({ status: 'loading' as const, progress: services.index.progress });
      }
      try {
        await services.storage.adapter.ping(services.storage.db);
      } catch {
        throw new ApiError('SERVICE_UNAVAILABLE', 'Database is not reachable');
      }
      return { status: 'ready' };
    },
  );
}
