import { publishDrafts } from '../../../commands/policies/publish.js';
import { adminActor, adminOrigin } from '../../admin-auth.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { OrgParams, PublishBody, PublishResponse } from '../../schemas/admin-policies.js';
import type { Services } from '../../services.js';
import { tags } from './policies.js';

export function registerPublishRoute(app: FastifyTypebox, services: Services): void {
  app.post(
    '/admin/control/v2/orgs/:orgId/policies/publishDraftPolicies',
    {
      schema: {
        tags,
        summary: 'Publish or delete policies of one rule, atomically',
        security: [{ adminApiKey: [] }],
        params: OrgParams,
        body: PublishBody,
        response: { 202: PublishResponse },
      },
    },
    async (request, reply) => {
      const { ruleName, policyOperations } = request.body;
      const ticket = await services.write(
        publishDrafts(adminActor(request), ruleName, policyOperations),
        adminOrigin(request),
      );
      return reply.code(202).send({ messages: [ticket] });
    },
  );
}
