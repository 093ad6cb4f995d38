import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../commands/policies/write.js';
import type { AuditOrigin } from '../domain/audit/event.js';
import { adminActorAri, authenticateAdmin } from './auth.js';
import { ApiError } from './errors/catalogue.js';
import type { Services } from './services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The org whose Admin API key authenticated the request (null outside the admin APIs). */
    adminOrg: string | null;
  }
}

/** A path parameter before validation (hooks run before the schema has looked at the params). */
function rawParam(request: FastifyRequest, name: string): string | undefined {
  const params: unknown = request.params;
  if (typeof params !== 'object' || params === null || !(name in params)) return undefined;
  const value: unknown = (params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export const orgNotFound = (orgId: string) => `Organization ${orgId} not found`;
export const policyNotFound = (policyId: string) => `Policy ${policyId} not found`;

/**
 * The Admin API key check of the admin and Gatehouse APIs, as an `onRequest` hook of their plugin:
 * before the body is parsed or validated, so a request without a good key is a 401 (or the 404
 * that hides another org) whatever its body says.
 */
export function registerAdminAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('adminOrg', null);
  app.addHook('onRequest', async (request) => {
    const orgId = rawParam(request, 'orgId') ?? '';
    const policyId = rawParam(request, 'policyId');
    const message = policyId === undefined ? orgNotFound(orgId) : policyNotFound(policyId);
    request.adminOrg = authenticateAdmin(request, services.index.snapshot(), orgId, message);
  });
}

/** The org an admin request acts on (its hook has run). */
export function adminOrg(request: FastifyRequest): string {
  if (request.adminOrg === null) throw new ApiError('INTERNAL', 'admin request context missing');
  return request.adminOrg;
}

/** Who writes through the Admin API: the org and the ARI of the key's owner. */
export function adminActor(request: FastifyRequest): Actor {
  return { orgId: adminOrg(request), ari: adminActorAri(request) };
}

/**
 * Who an Admin API write is by, for the audit log (A2): the key's owner as the ARI Gatehouse
 * records (`createdBy`), authenticated with an API token, from the request's address.
 */
export function adminOrigin(request: FastifyRequest): AuditOrigin {
  return {
    actor: { id: adminActorAri(request), name: 'Admin API key', auth: { authType: 'api-token' } },
    location: { ip: request.ip },
  };
}
