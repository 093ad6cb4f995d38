import type { FastifyTypebox } from '../fastify-types.js';

/** The OpenAPI document generated from every route's schema. */
export function registerOpenApiRoute(app: FastifyTypebox): void {
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
