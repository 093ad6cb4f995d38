import { assertBatchSize, changeResources } from '../../../commands/policies/resources.js';
import { parseResourceAri } from '../../../domain/policies/resources.js';
import { findPolicy, pageResources, type ResourceRow } from '../../../storage/repos/policies.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  PolicyParams,
  ResourceListQuery,
  ResourceListResponse,
  ResourceOperations,
} from '../../schemas/admin-policies.js';
import { emptyResponse } from '../../schemas/empty.js';
import type { Services } from '../../services.js';
import { decodePosition, encodePosition, pageEnvelope } from './paging.js';
import { registerPendingResources } from './propagation.js';
import { notFound, tags } from './policies.js';
import { adminActor, adminOrigin } from '../../admin-auth.js';

const security = [{ adminApiKey: [] }];
const MAX_OPERATIONS = 1000;

export function registerResourceRoutes(app: FastifyTypebox, services: Services): void {
  const pending = registerPendingResources(app, services);
  app.post(
    '/admin/control/v2/orgs/:orgId/policies/:policyId/resources',
    {
      schema: {
        tags,
        summary: 'Add or remove resources of a policy, all or nothing',
        security,
        params: PolicyParams,
        body: ResourceOperations,
        response: { 204: emptyResponse('The operations are applied, all or nothing') },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request);
      assertBatchSize(request.body.length, MAX_OPERATIONS);
      const delay = services.config.propagationDelayMs;
      const { added } = await services.write(
        changeResources(actor, request.params.policyId, request.body, delay),
        adminOrigin(request),
      );
      if (added > 0 && delay > 0) pending.schedule(actor.orgId, Date.now() + delay);
      return reply.code(204).send();
    },
  );

  app.get(
    '/admin/control/v2/orgs/:orgId/policies/:policyId/resources',
    {
      schema: {
        tags,
        summary: 'List the resources of a policy',
        security,
        params: PolicyParams,
        querystring: ResourceListQuery,
        response: { 200: ResourceListResponse },
      },
    },
    async (request) => {
      const actor = adminActor(request);
      const { policyId } = request.params;
      const policy = await findPolicy(services.storage.db, actor.orgId, policyId);
      if (!policy) throw new ApiError('ADMIN_NOT_FOUND', notFound(policyId));
      const limit = request.query.limit ?? 50;
      const cursor = decodePosition(request.query.cursor);
      const rows = await pageResources(services.storage.db, actor.orgId, policyId, {
        limit: limit + 1,
        ...(cursor?.direction === 'prev'
          ? { before: cursor.position }
          : { after: cursor?.position }),
      });
      const extra = rows.length > limit;
      const backwards = cursor?.direction === 'prev';
      const page = backwards ? rows.slice(extra ? 1 : 0) : rows.slice(0, limit);
      const position = (row: ResourceRow | undefined) =>
        row && { createdAt: row.created_at, id: row.id };
      const first = position(page[0]);
      const last = position(page[page.length - 1]);
      const next = (backwards || extra) && last ? encodePosition('next', last) : null;
      const prev =
        (backwards ? extra : cursor !== undefined) && first ? encodePosition('prev', first) : null;
      return {
        data: page.map((row) => presentResource(row, actor.orgId, services)),
        ...pageEnvelope(
          `/admin/control/v2/orgs/${actor.orgId}/policies/${policyId}/resources`,
          { ...request.query },
          page.length,
          next,
          prev,
        ),
      };
    },
  );
}

function presentResource(row: ResourceRow, orgId: string, services: Services) {
  const parsed = parseResourceAri(row.resource_ari);
  const orgAri = `ari:cloud:platform::org/${orgId}`;
  const org = services.index.snapshot().org(orgId)?.world;
  let details: Record<string, string> = {};
  let parentResourceId = orgAri;
  if (parsed?.kind === 'space') {
    parentResourceId = `ari:cloud:confluence::site/${parsed.cloudId}`;
    const space = org?.spaces.get(parsed.spaceId);
    if (space)
      details = { resourceName: space.name, resourceKey: space.key, resourceStatus: 'active' };
  } else if (parsed?.kind === 'project') {
    parentResourceId = `ari:cloud:jira::site/${parsed.cloudId}`;
    const project = org?.projects.get(`${parsed.cloudId}/${parsed.projectId}`);
    if (project) {
      details = { resourceName: project.name, resourceKey: project.key, resourceStatus: 'active' };
      if (project.projectType) details.projectType = project.projectType;
    }
  } else if (parsed?.kind === 'level') {
    const level = org?.levels.get(parsed.levelId);
    if (level) details = { resourceName: level.name };
  }
  return {
    type: 'resource' as const,
    id: row.id,
    attributes: {
      parentResourceId,
      resourceId: row.resource_ari,
      ...details,
      applicationStatus: row.application_status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    links: null,
    message: null,
  };
}
