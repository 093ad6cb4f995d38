import { assertBatchSize, changeResources } from '../../../commands/policies/resources.js';
import { parseResourceAri } from '../../../domain/policies/resources.js';
import { resourceWorld } from '../../../index/resource-world.js';
import { findPolicy, pageResources, type ResourceRow } from '../../../storage/repos/policies.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  PolicyParams,
  ResourceListQuery,
  ResourceListResponse,
  ResourceOperations,
} from '../../schemas/admin-policies.js';
import type { Services } from '../../services.js';
import { pageEnvelope } from './paging.js';
import { registerPendingResources } from './propagation.js';
import { notFound, policyActor, tags } from './policies.js';

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
      },
    },
    async (request, reply) => {
      const actor = policyActor(request, request.params, services);
      assertBatchSize(request.body.length, MAX_OPERATIONS);
      const delay = services.config.propagationDelayMs;
      const { added } = await changeResources(
        services.storage,
        actor,
        request.params.policyId,
        request.body,
        resourceWorld(services.index),
        delay,
      );
      await services.index.sync();
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
      const actor = policyActor(request, request.params, services);
      const { policyId } = request.params;
      const policy = await findPolicy(services.storage.db, actor.orgId, policyId);
      if (!policy) throw new ApiError('ADMIN_NOT_FOUND', notFound(policyId));
      const limit = request.query.limit ?? 50;
      const after = decodeResourceCursor(request.query.cursor);
      const rows = await pageResources(services.storage.db, policyId, after, limit + 1);
      const page = rows.slice(0, limit);
      // Resources page forwards only: `prev` stays null (the seed shows the field, not its use).
      const next = rows.length > limit ? encodeResourceCursor(page[page.length - 1]!.id) : null;
      return {
        data: page.map((row) => presentResource(row, actor.orgId, services)),
        ...pageEnvelope(
          `/admin/control/v2/orgs/${actor.orgId}/policies/${policyId}/resources`,
          { ...request.query },
          page.length,
          next,
          null,
        ),
      };
    },
  );
}

const encodeResourceCursor = (id: string) => Buffer.from(id).toString('base64url');
function decodeResourceCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw new ApiError('REQUEST_VALIDATION', 'query.cursor: not a cursor this server issued');
  return id;
}

function presentResource(row: ResourceRow, orgId: string, services: Services) {
  const parsed = parseResourceAri(row.resource_ari);
  const orgAri = `ari:cloud:platform::org/${orgId}`;
  const org = services.index.org(orgId);
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
