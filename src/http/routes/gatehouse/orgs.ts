import { Type } from '@sinclair/typebox';
import { exportTenant } from '../../../commands/export-tenant.js';
import {
  createOrg,
  deleteOrg,
  forkOrg,
  OrgStateError,
  resetServer,
  restoreOrg,
} from '../../../commands/orgs.js';
import { ENFORCE_ALL } from '../../../domain/decision/enforcement-modes.js';
import { presentOrgAccess } from '../../../presenters/org-access.js';
import { ApiError } from '../../errors/catalogue.js';
import { operatorOrigin } from '../../operator-auth.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { OrgAccess, OrgIdParams, ResetResponse, TenantDocument } from '../../schemas/orgs.js';
import type { Services } from '../../services.js';

const tags = ['Gatehouse orgs'];
const security = [{ operatorKey: [] }];
/** A whole org's document may be far larger than an API body. */
const DOCUMENT_LIMIT = 256 * 1024 * 1024;

/**
 * The operator's org endpoints (docs/testing-features.md G1–G10): create, fork, delete, snapshot,
 * restore, reset. Every write is a command run by `services.write`; the answer is read from the
 * index the write brought along.
 */
export function registerOrgRoutes(app: FastifyTypebox, services: Services): void {
  const bodyLimit = Math.max(services.config.bodyLimit, DOCUMENT_LIMIT);

  const access = (orgId: string) => {
    const world = services.index.snapshot().org(orgId)?.world;
    if (!world) throw new ApiError('ORG_NOT_FOUND', `Organization ${orgId} not found`);
    return presentOrgAccess(world);
  };

  /** The operator key is no org's Admin API key (G1). */
  const refuseOperatorKey = (document: { orgs: unknown[] }) => {
    const keys = (document.orgs[0] as { adminApiKeys?: unknown } | undefined)?.adminApiKeys;
    if (Array.isArray(keys) && keys.includes(services.config.operatorKey)) {
      throw new OrgStateError(
        'conflict',
        'orgs[0].adminApiKeys: the operator key cannot be an Admin API key',
      );
    }
  };

  app.post(
    '/gatehouse/v1/orgs',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Create an org from a tenant document for one org',
        security,
        body: TenantDocument,
        response: { 201: OrgAccess },
      },
    },
    async (request, reply) => {
      refuseOperatorKey(request.body);
      const orgId = await services.write(
        createOrg(request.body, services.config.enforcement ?? ENFORCE_ALL),
        operatorOrigin(request),
      );
      return reply.code(201).send(access(orgId));
    },
  );

  app.post(
    '/gatehouse/v1/orgs/:orgId/fork',
    {
      schema: {
        tags,
        summary: 'Copy an org under a fresh id, site names, cloudIds, keys and tokens',
        security,
        params: OrgIdParams,
        response: { 201: OrgAccess },
      },
    },
    async (request, reply) => {
      const orgId = await services.write(forkOrg(request.params.orgId), operatorOrigin(request));
      return reply.code(201).send(access(orgId));
    },
  );

  app.delete(
    '/gatehouse/v1/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'Delete one org and nothing else',
        security,
        params: OrgIdParams,
        response: { 204: Type.Null({ description: 'Deleted' }) },
      },
    },
    async (request, reply) => {
      await services.write(deleteOrg(request.params.orgId), operatorOrigin(request));
      services.decisionLog.forget(request.params.orgId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/gatehouse/v1/orgs/:orgId/snapshot',
    {
      schema: {
        tags,
        summary: 'The org as a tenant document (what `gatehouse export --org` prints)',
        security,
        params: OrgIdParams,
        response: { 200: TenantDocument },
      },
    },
    (request) => exportTenant(services.storage, request.params.orgId),
  );

  app.put(
    '/gatehouse/v1/orgs/:orgId/snapshot',
    {
      bodyLimit,
      schema: {
        tags,
        summary: "Replace the org's whole state with a tenant document for it (restore)",
        security,
        params: OrgIdParams,
        body: TenantDocument,
        response: { 200: OrgAccess },
      },
    },
    async (request) => {
      refuseOperatorKey(request.body);
      await services.write(restoreOrg(request.params.orgId, request.body), operatorOrigin(request));
      return access(request.params.orgId);
    },
  );

  app.post(
    '/gatehouse/v1/reset',
    {
      schema: {
        tags,
        summary:
          'Empty the server: orgs, policies, loaded-file records, decision logs, fault rules',
        security,
        response: { 200: ResetResponse },
      },
    },
    async (request) => {
      const deletedOrgs = await services.write(resetServer(), operatorOrigin(request));
      services.decisionLog.clear();
      services.faults.clear();
      return { deletedOrgs };
    },
  );
}
