import type { FastifyTypebox } from '../../fastify-types.js';
import type { Services } from '../../services.js';
import { registerRestrictionMemberRoutes } from './restriction-members.js';
import { registerRestrictionRoutes } from './restrictions.js';

/** Confluence REST v1 and v2 routes (site and caller are resolved by request-context.ts). */
export function registerConfluenceRoutes(app: FastifyTypebox, services: Services): void {
  registerRestrictionRoutes(app, services);
  registerRestrictionMemberRoutes(app, services);
}
