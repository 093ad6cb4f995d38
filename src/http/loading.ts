import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors/catalogue.js';
import { sendApiError } from './errors/handler.js';
import type { Services } from './services.js';

/** What answers while the index loads: liveness, readiness and the documents about the server. */
export const ANSWERED_WHILE_LOADING: ReadonlySet<string> = new Set([
  '/healthz',
  '/readyz',
  '/',
  '/openapi.json',
]);

/**
 * A server listens before its index is loaded (a million pages take seconds): until it is, every
 * API request gets 503 with `Retry-After` in its API's format, rather than an answer from a
 * half-built index.
 */
export function registerLoadingGate(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request, reply) => {
    if (services.index.ready) return;
    const path = request.url.split('?')[0] ?? '/';
    if (ANSWERED_WHILE_LOADING.has(path)) return;
    const percent = Math.round(services.index.progress * 100);
    return sendApiError(
      request,
      reply,
      new ApiError(
        'SERVICE_UNAVAILABLE',
        `Gatehouse is loading its index (${percent}%): retry shortly`,
      ),
    );
  });
}
