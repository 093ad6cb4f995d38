import type { FastifyTypebox } from '../../fastify-types.js';
import type { Services } from '../../services.js';

/** Confluence REST v1 and v2 routes (site and caller are resolved by request-context.ts). */
export function registerConfluenceRoutes(_app: FastifyTypebox, _services: Services): void {}
