import type { Action } from '../../../domain/decision/types.js';
import { presentOperations } from '../../../presenters/content-permission.js';
import { authorize, decisionsFor } from '../../door/authorize.js';
import { doorContext } from '../../door/context.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { PermittedOperations, V2IdParams } from '../../schemas/pages-v2.js';
import type { Services } from '../../services.js';

/** Each Confluence operation and the engine action that decides it (C12). */
const OPERATIONS: readonly (readonly [string, Action])[] = [
  ['read', 'read'],
  ['update', 'update'],
  ['delete', 'update'],
  ['restrict_content', 'restrict'],
  ['export', 'export'],
];

/** `GET /wiki/api/v2/{pages|blogposts}/{id}/operations`: what the caller may do (C12). */
export function registerOperationRoutes(app: FastifyTypebox, _services: Services): void {
  for (const type of ['page', 'blogpost'] as const) {
    app.get(
      `/wiki/api/v2/${type === 'page' ? 'pages' : 'blogposts'}/:id/operations`,
      {
        schema: {
          tags: ['Operations (v2)'],
          summary: `Get permitted operations for ${type === 'page' ? 'page' : 'blog post'}`,
          params: V2IdParams,
          response: { 200: PermittedOperations },
        },
      },
      (request) => {
        const ctx = doorContext(request);
        const { content } = authorize(ctx, 'read', { type, id: request.params.id });
        const decisions = decisionsFor(ctx.org.facts, ctx.subject);
        const resource = { type: content.type, id: content.id };
        const permitted = OPERATIONS.filter(
          ([, action]) => decisions.decide(action, resource).decision === 'allow',
        ).map(([operation]) => operation);
        return presentOperations(type, permitted);
      },
    );
  }
}
