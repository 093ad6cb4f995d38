import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Site } from '../domain/world.js';
import { authenticateConfluence, type Caller } from './auth.js';
import { ApiError } from './errors/catalogue.js';
import type { Services } from './services.js';
import { resolveSite } from './site-routing.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The site a `/wiki/…` request addresses (null elsewhere). */
    site: Site | null;
    /** The authenticated Confluence caller of a `/wiki/…` request (null elsewhere). */
    caller: Caller | null;
  }
}

/** Resolves site and caller once per `/wiki/…` request, before validation and the handler. */
export function registerConfluenceContext(app: FastifyInstance, services: Services): void {
  app.decorateRequest('site', null);
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/wiki/')) return;
    const site = resolveSite(request, services.index, services.config.defaultSite);
    request.site = site;
    request.caller = authenticateConfluence(request, services.index, site);
    if (usesAdminKey(request)) {
      // semantics §8 decision 8: every access through the admin key is recorded.
      request.log.warn(
        {
          audit: 'admin-key',
          accountId: request.caller.user.accountId,
          method: request.method,
          url: request.url.split('?')[0],
        },
        'admin key used to bypass space permissions and page restrictions',
      );
    }
  });
}

/** `Atl-Confluence-With-Admin-Key: true`: the caller asks to bypass restrictions (R7). */
export function adminKeyRequested(request: FastifyRequest): boolean {
  return request.headers['atl-confluence-with-admin-key'] === 'true';
}

/** A site admin asking, with the admin key header, to bypass restrictions. */
function usesAdminKey(
  request: FastifyRequest,
): request is FastifyRequest & { caller: { kind: 'user'; user: { siteAdmin: true } } } {
  return (
    adminKeyRequested(request) && request.caller?.kind === 'user' && request.caller.user.siteAdmin
  );
}

/** R15/C2: an app needs the scope of what it does; users and anonymous callers have no scopes. */
export function requireScope(caller: Caller, scope: string): void {
  if (caller.kind === 'app' && !caller.app.scopes.has(scope)) {
    throw new ApiError('SCOPE_MISSING', `Unauthorized; scope does not match (needs ${scope})`);
  }
}

/** Site and caller of a Confluence route (its hook has run). */
export function confluenceContext(request: FastifyRequest): { site: Site; caller: Caller } {
  if (!request.site || !request.caller) {
    throw new ApiError('INTERNAL', 'Confluence context missing');
  }
  return { site: request.site, caller: request.caller };
}
