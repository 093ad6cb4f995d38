import type { FastifyInstance, FastifyRequest } from 'fastify';
import { familyOf } from '../errors/render.js';
import type { Services } from '../services.js';
import { resolveSite } from '../site-routing.js';
import { ATLASSIAN_LIMITS, RateLimiter, type LimitedApi } from './rate-limit.js';
import { faultError, rateLimitHeaders, sendEarlyError } from './responses.js';
import type { FaultApi } from './rules.js';

/** The API family of a path, Jira's included (`/rest/api/…`, after the gateway prefix). */
export function faultApiOf(path: string): FaultApi {
  if (path.startsWith('/rest/')) return 'jira';
  const family = familyOf(path);
  // G12: `admin` is every `/admin/…` path, the Organizations API (audit log) included
  return family === 'admin-org' ? 'admin' : family;
}

/** The fault endpoints themselves are never faulted: rules can always be listed and cleared. */
const EXEMPT = '/gatehouse/v1/faults';

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The org a request addresses: its `orgId` parameter, or the org of the site it routes to. */
function requestOrg(
  request: FastifyRequest,
  services: Services,
  api: FaultApi,
): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  if (typeof params?.orgId === 'string') return params.orgId;
  if (api !== 'confluence-v1' && api !== 'confluence-v2' && api !== 'jira') return undefined;
  try {
    return resolveSite(request, services.index.snapshot(), services.config.defaultSite).orgId;
  } catch {
    return undefined;
  }
}

/**
 * Faults and rate limiting as the first `onRequest` hook of the app: after routing (so the API
 * family is known) and before any plugin's authentication or body parsing. A faulted request is
 * answered here and never reaches a handler, so it reads and writes nothing (G16).
 */
export function registerFaults(app: FastifyInstance, services: Services): void {
  const limiter =
    services.config.rateLimit === 'atlassian' ? new RateLimiter(ATLASSIAN_LIMITS) : null;
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith(EXEMPT)) return;
    const api = faultApiOf(path);
    if (services.faults.active) {
      const outcome = services.faults.apply({
        api,
        method: request.method,
        paths: [path, pathOf(request.originalUrl)],
        org: () => requestOrg(request, services, api),
      });
      if (outcome.latencyMs > 0) await new Promise((r) => setTimeout(r, outcome.latencyMs));
      if (outcome.failure) {
        const { status, retryAfter } = outcome.failure;
        const headers: Record<string, string> =
          status === 429
            ? rateLimitHeaders({
                retryAfterSeconds: retryAfter,
                limit: ATLASSIAN_LIMITS[api === 'gatehouse' ? 'admin' : api].burst.limit,
                resetAt: Date.now() + retryAfter * 1000,
                reason: 'gatehouse-fault-injected',
              })
            : status === 503
              ? { 'retry-after': String(retryAfter) }
              : {};
        // Marks the answer as injected: a client's logs (and Gatehouse's tests) tell it apart.
        headers['x-gatehouse-fault'] = 'injected';
        return sendEarlyError(request, reply, api, faultError(status), headers);
      }
    }
    if (limiter !== null && api !== 'gatehouse') {
      // Per caller and site: the Host, the gateway prefix (/ex/confluence/{cloudId}) if any, and
      // the credentials (or the address of an anonymous caller).
      const original = pathOf(request.originalUrl);
      const gateway = original.endsWith(path)
        ? original.slice(0, original.length - path.length)
        : '';
      const who = request.headers.authorization ?? request.ip;
      const key = `${request.headers.host ?? ''}\u0000${gateway}\u0000${who}`;
      const decision = limiter.take(api as LimitedApi, key);
      if (!decision.allowed) {
        return sendEarlyError(request, reply, api, faultError(429), rateLimitHeaders(decision));
      }
      reply.header('x-ratelimit-limit', String(decision.limit));
      reply.header('x-ratelimit-remaining', String(decision.remaining));
      if (decision.remaining < decision.limit * 0.2) reply.header('x-ratelimit-nearlimit', 'true');
    }
  });
}
