import { Type } from '@sinclair/typebox';
import type { FastifyTypebox } from '../fastify-types.js';
import type { Services } from '../services.js';
import { ApiError } from '../errors/catalogue.js';

const Status = Type.Object({ status: Type.String() });

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
        summary: 'Readiness: the database answers',
        response: { 200: Status },
      },
    },
    async () => {
      try {
        await services.storage.adapter.ping(services.storage.db);
      } catch {
        throw new ApiError('SERVICE_UNAVAILABLE', 'Database is not reachable');
      }
      return { status: 'ready' };
    },
  );
}
