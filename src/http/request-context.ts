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
  });
}

/** Site and caller of a Confluence route (its hook has run). */
export function confluenceContext(request: FastifyRequest): { site: Site; caller: Caller } {
  if (!request.site || !request.caller) {
    throw new ApiError('INTERNAL', 'Confluence context missing');
  }
  return { site: request.site, caller: request.caller };
}
