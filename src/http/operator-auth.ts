import type { FastifyInstance, FastifyRequest } from 'fastify';
import { secretMatches } from '../index/credentials.js';
import { OPERATOR_ACTOR, type AuditOrigin } from '../domain/audit/event.js';
import { adminOrigin, orgNotFound } from './admin-auth.js';
import { authenticateAdmin } from './auth.js';
import { ApiError } from './errors/catalogue.js';
import type { Services } from './services.js';

/** Who may call an operator route: the operator only, or also the org's own Admin API key. */
export type OperatorAccess = 'operator' | 'operator-or-admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes of the operator plugin say who may call them. */
    access?: OperatorAccess;
  }
  interface FastifyRequest {
    /** True when the request carried the operator key (null outside the operator plugin). */
    operator: boolean | null;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/**
 * The operator key check of Gatehouse's operator endpoints (G1), an `onRequest` hook of their
 * plugin: before the body is parsed. The key is compared in constant time (SHA-256 digests of
 * equal length). Routes with `access: 'operator-or-admin'` also take the Admin API key of the
 * org they name, like the other Gatehouse endpoints.
 */
export function registerOperatorAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('operator', null);
  app.decorateRequest('adminOrg', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new ApiError('AUTH_MISSING', 'Unauthorized: send Authorization: Bearer <operator key>');
    }
    const token = bearer(request);
    if (token !== undefined && secretMatches(token, services.config.operatorKey)) {
      request.operator = true;
      return;
    }
    request.operator = false;
    if (request.routeOptions.config.access === 'operator-or-admin') {
      const params = request.params as Record<string, unknown> | undefined;
      const orgId = typeof params?.orgId === 'string' ? params.orgId : '';
      request.adminOrg = authenticateAdmin(
        request,
        services.index.snapshot(),
        orgId,
        orgNotFound(orgId),
      );
      return;
    }
    throw new ApiError('AUTH_INVALID', 'Unauthorized: this endpoint needs the operator key');
  });
}

/**
 * Who an operator route's write is by, for the audit log (A2): the operator, or the org's Admin
 * API key on the routes that take it, from the request's address.
 */
export function operatorOrigin(request: FastifyRequest): AuditOrigin {
  return request.operator === false
    ? adminOrigin(request)
    : { actor: OPERATOR_ACTOR, location: { ip: request.ip } };
}
