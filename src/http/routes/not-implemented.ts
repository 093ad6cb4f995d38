import type { FastifyTypebox } from '../fastify-types.js';
import { ApiError } from '../errors/catalogue.js';

/**
 * Atlassian endpoints Gatehouse does not implement answer 501 in that API's own format (never a
 * plausible 200). Registered last: Fastify prefers every concrete route over these wildcards.
 */
export const CONFLUENCE_PREFIXES = ['/wiki/rest/api/*', '/wiki/api/v2/*'];
export const OTHER_PREFIXES = ['/admin/*'];
/** Inside the Jira plugin: an unknown site or bad credentials are answered first. */
export const JIRA_PREFIXES = ['/rest/api/3/*', '/rest/api/2/*'];

/**
 * The Confluence wildcards are registered inside the content plugin, so a request for an unknown
 * site or with bad credentials is answered as such before "not implemented".
 */
export function registerNotImplementedRoutes(
  app: FastifyTypebox,
  prefixes: readonly string[],
): void {
  for (const url of prefixes) {
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
