import type { FastifyTypebox } from '../../fastify-types.js';
import type { Services } from '../../services.js';
import { registerJiraClassificationRoutes } from './classification.js';
import { registerJiraDataPolicyRoutes } from './data-policies.js';
import { registerJiraExportRoutes } from './exports.js';
import { registerJiraIssueRoutes } from './issues.js';
import { registerJiraMyselfRoutes } from './myself.js';
import { registerJiraProjectRoutes } from './projects.js';
import { registerJiraSearchRoutes } from './search.js';

/** Jira REST v3 and the export URLs (site and caller are resolved by door/jira-context.ts). */
export function registerJiraRoutes(app: FastifyTypebox, services: Services): void {
  registerJiraProjectRoutes(app);
  registerJiraClassificationRoutes(app, services);
  registerJiraIssueRoutes(app);
  registerJiraSearchRoutes(app);
  registerJiraExportRoutes(app);
  registerJiraDataPolicyRoutes(app);
  registerJiraMyselfRoutes(app);
}
