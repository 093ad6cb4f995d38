import type { FastifyTypebox } from '../fastify-types.js';
import { ApiError } from '../errors/catalogue.js';

/**
 * Atlassian endpoints Gatehouse does not implement answer 501 in that API's own format (never a
 * plausible 200). Registered last: Fastify prefers every concrete route over these wildcards.
 */
const PREFIXES = [
  '/wiki/rest/api/*',
  '/wiki/api/v2/*',
  '/admin/*',
  '/rest/api/3/*',
  '/rest/api/2/*',
];

export function registerNotImplementedRoutes(app: FastifyTypebox): void {
  for (const url of PREFIXES) {
    app.route({
      method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
      url,
      schema: { hide: true },
      handler: (request) => {
        throw new ApiError(
          'NOT_IMPLEMENTED',
          `Gatehouse does not implement ${request.method} ${request.url.split('?')[0]}`,
        );
      },
    });
  }
}
