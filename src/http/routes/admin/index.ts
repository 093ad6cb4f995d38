import type { FastifyTypebox } from '../../fastify-types.js';
import type { Services } from '../../services.js';

/** The Admin API: data security policies under /admin/control/v2 and /admin/control/v1. */
export function registerAdminRoutes(_app: FastifyTypebox, _services: Services): void {}
