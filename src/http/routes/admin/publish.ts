import { publishDrafts } from '../../../commands/policies/publish.js';
import { PolicyRuleError, RULES, type RuleName } from '../../../domain/policies/model.js';
import { decisionFactsOf } from '../../../index/org-world.js';
import { adminActorAri, authenticateAdmin } from '../../auth.js';
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
      const { orgId } = request.params;
      authenticateAdmin(request, services.index, orgId, `Organization ${orgId} not found`);
      const { ruleName, policyOperations } = request.body;
      if (!(RULES as readonly string[]).includes(ruleName)) {
        throw new PolicyRuleError(
          `ruleName: unknown rule "${ruleName}" (expected one of ${RULES.join(', ')})`,
        );
      }
      const actor = { orgId, ari: adminActorAri(request) };
      const ticket = await publishDrafts(
        services.storage,
        actor,
        ruleName as RuleName,
        policyOperations,
        (policies) => {
          const world = services.index.org(orgId);
          return world ? decisionFactsOf(world, policies) : undefined;
        },
      );
      await services.index.sync();
      return reply.code(202).send({ messages: [ticket] });
    },
  );
}
