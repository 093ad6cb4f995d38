import type { FastifyTypebox } from '../../fastify-types.js';
import type { Services } from '../../services.js';
import { registerEventRoutes } from './events.js';
import { registerPolicyRoutes } from './policies.js';
import { registerPublishRoute } from './publish.js';
import { registerResourceRoutes } from './resources.js';

/**
 * The Admin API: data security policies under /admin/control/v2 and /admin/control/v1, and the
 * Organizations API's audit log under /admin/v1.
 */
export function registerAdminRoutes(app: FastifyTypebox, services: Services): void {
  registerPublishRoute(app, services);
  registerPolicyRoutes(app, services);
  registerResourceRoutes(app, services);
  registerEventRoutes(app, services);
}
