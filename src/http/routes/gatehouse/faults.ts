import { Type } from '@sinclair/typebox';
import type { FastifyTypebox } from '../../fastify-types.js';
import { FaultsBody, FaultsResponse } from '../../schemas/orgs.js';
import type { Services } from '../../services.js';

const tags = ['Gatehouse faults'];
const security = [{ operatorKey: [] }];

/** Faults on demand (G11–G18): the rules of this process. */
export function registerFaultRoutes(app: FastifyTypebox, services: Services): void {
  app.put(
    '/gatehouse/v1/faults',
    {
      schema: {
        tags,
        summary: 'Set the fault rules (replacing any): status, latency, probability or times',
        security,
        body: FaultsBody,
        response: { 200: FaultsResponse },
      },
    },
    (request) => {
      services.faults.set(request.body.rules);
      return { rules: services.faults.list() };
    },
  );

  app.get(
    '/gatehouse/v1/faults',
    {
      schema: {
        tags,
        summary: 'The fault rules, each with how often it fired',
        security,
        response: { 200: FaultsResponse },
      },
    },
    () => ({ rules: services.faults.list() }),
  );

  app.delete(
    '/gatehouse/v1/faults',
    {
      schema: {
        tags,
        summary: 'Remove every fault rule',
        security,
        response: { 204: Type.Null({ description: 'Cleared' }) },
      },
    },
    async (_request, reply) => {
      services.faults.clear();
      return reply.code(204).send();
    },
  );
}
