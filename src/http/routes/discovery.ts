import { Type } from '@sinclair/typebox';
import type { FastifyTypebox } from '../fastify-types.js';
import type { Services } from '../services.js';
import { resolveSite } from '../site-routing.js';

const TenantInfo = Type.Object({ cloudId: Type.String() });

/**
 * J36: `GET /_edge/tenant_info` on a site (Host routing, or the default/only site) answers
 * `{"cloudId":"…"}` — the cookbook's first discovery call. No credentials are needed (public code
 * calls it bare; Atlassian documents no other field).
 */
export function registerDiscoveryRoutes(app: FastifyTypebox, services: Services): void {
  app.get(
    '/_edge/tenant_info',
    {
      schema: {
        tags: ['Discovery'],
        summary: 'The cloudId of the site this request addresses',
        response: { 200: TenantInfo },
      },
    },
    (request) => {
      const site = resolveSite(request, services.index.snapshot(), services.config.defaultSite);
      return { cloudId: site.cloudId };
    },
  );
}
