import type { FastifyTypebox } from '../../fastify-types.js';
import type { Services } from '../../services.js';
import { registerAttachmentRoutes } from './attachments.js';
import { registerContentV1Routes } from './content-v1.js';
import { registerOperationRoutes } from './operations.js';
import { registerPageV2Routes } from './pages-v2.js';
import { registerPermissionCheckRoute } from './permission-check.js';
import { registerClassificationRoutes } from './classification.js';
import { registerSpaceClassificationRoutes } from './classification-space.js';
import { registerExportRoutes } from './exports.js';
import { registerPublicLinkRoutes } from './public-links.js';
import { registerDataPolicyRoutes } from './data-policies.js';
import { registerRestrictionMemberRoutes } from './restriction-members.js';
import { registerRestrictionRoutes } from './restrictions.js';
import { registerSpaceV2Routes } from './spaces-v2.js';

/** Confluence REST v1 and v2 routes (site and caller are resolved by request-context.ts). */
export function registerConfluenceRoutes(app: FastifyTypebox, services: Services): void {
  registerRestrictionRoutes(app, services);
  registerRestrictionMemberRoutes(app, services);
  registerDataPolicyRoutes(app, services);
  registerPublicLinkRoutes(app, services);
  registerExportRoutes(app, services);
  registerSpaceClassificationRoutes(app, services);
  registerClassificationRoutes(app, services);
  registerContentV1Routes(app, services);
  registerPageV2Routes(app, services);
  registerAttachmentRoutes(app, services);
  registerPermissionCheckRoute(app, services);
  registerOperationRoutes(app, services);
  registerSpaceV2Routes(app);
}
