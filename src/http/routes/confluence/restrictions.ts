import { createHash } from 'node:crypto';
import { updateRestrictions } from '../../../commands/update-restrictions.js';
import {
  canonicalLists,
  resolveRestrictionBody,
  type Lists,
  type RestrictionChange,
  type SubjectDirectory,
} from '../../../domain/confluence/restriction-update.js';
import type { OrgWorld } from '../../../index/org-world.js';
import { presentRestriction } from '../../../presenters/confluence.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  ContentParams,
  ContentRestriction,
  ContentRestrictionArray,
  OperationParams,
  RestrictionBody,
  RestrictionQuery,
  RestrictionsByOperation,
} from '../../schemas/content-restrictions.js';
import type { Services } from '../../services.js';
import {
  VIEWER_FORBIDDEN,
  requireRestrictable,
  restrictionTarget,
  restrictionView,
  type Target,
} from './restriction-context.js';

export const tags = ['Content restrictions'];
type Query = { expand?: string | string[]; start?: number; limit?: number };

/** Who restrictions may name in this org: its users and app users, its groups. */
export function directoryOf(org: OrgWorld): SubjectDirectory {
  return {
    hasAccount: (id) => org.users.has(id) || org.appsByAccount.has(id),
    groupIdByName: (name) => org.groupsByName.get(name)?.id,
    hasGroupId: (id) => org.groups.has(id),
  };
}

/** R17: the hash clients use to notice that any restriction changed. */
export function restrictionsHash(lists: Lists): string {
  return createHash('sha256').update(canonicalLists(lists)).digest('hex');
}

export function presentArray(target: Target, lists: Lists, query: Query) {
  const view = restrictionView(target, lists, query);
  return {
    results: [presentRestriction(view, 'read'), presentRestriction(view, 'update')],
    start: view.start,
    limit: view.limit,
    size: 2,
    restrictionsHash: restrictionsHash(lists),
    _links: {
      self: `${target.ctx.links.base}/rest/api/content/${target.id}/restriction`,
      base: target.ctx.links.base,
      context: '/wiki',
    },
  };
}

/** A restriction write of `target`'s page by the caller, through the one write path. */
export function writeRestrictions(
  services: Services,
  target: Target,
  change: RestrictionChange,
): Promise<Lists> {
  return services.write(
    updateRestrictions({
      orgId: target.org.id,
      contentId: target.pageId,
      subject: target.ctx.subject,
      change,
    }),
    target.origin,
  );
}

export function registerRestrictionRoutes(app: FastifyTypebox, services: Services): void {
  const path = '/wiki/rest/api/content/:id/restriction';
  const write = (method: 'PUT' | 'POST', summary: string, kind: 'replace' | 'add') =>
    app.route({
      method,
      url: path,
      schema: {
        tags,
        summary,
        params: ContentParams,
        querystring: RestrictionQuery,
        body: RestrictionBody,
        response: { 200: ContentRestrictionArray },
      },
      handler: async (request) => {
        const target = restrictionTarget(request, request.params.id, 'restrict');
        requireRestrictable(target);
        const updates = resolveRestrictionBody(request.body, directoryOf(target.org));
        const lists = await writeRestrictions(services, target, { kind, updates });
        return presentArray(target, lists, request.query);
      },
    });

  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'Get restrictions',
        params: ContentParams,
        querystring: RestrictionQuery,
        response: { 200: ContentRestrictionArray },
      },
    },
    (request) => {
      const target = restrictionTarget(request, request.params.id, 'read');
      return presentArray(target, target.lists, request.query);
    },
  );
  write('PUT', 'Update restrictions (replace the operations in the body)', 'replace');
  write('POST', 'Add restrictions', 'add');
  app.delete(
    path,
    {
      schema: {
        tags,
        summary: 'Delete restrictions (read and update)',
        params: ContentParams,
        querystring: RestrictionQuery,
        response: { 200: ContentRestrictionArray },
      },
    },
    async (request) => {
      const target = restrictionTarget(request, request.params.id, 'restrict', VIEWER_FORBIDDEN);
      requireRestrictable(target);
      const lists = await writeRestrictions(services, target, { kind: 'clear' });
      return presentArray(target, lists, request.query);
    },
  );

  app.get(
    `${path}/byOperation`,
    {
      schema: {
        tags,
        summary: 'Get restrictions by operation',
        params: ContentParams,
        querystring: RestrictionQuery,
        response: { 200: RestrictionsByOperation },
      },
    },
    (request) => {
      const target = restrictionTarget(request, request.params.id, 'read');
      const view = restrictionView(target, target.lists, request.query);
      return {
        read: presentRestriction(view, 'read'),
        update: presentRestriction(view, 'update'),
        _links: {
          self: `${target.ctx.links.base}/rest/api/content/${target.id}/restriction/byOperation`,
          base: target.ctx.links.base,
          context: '/wiki',
        },
      };
    },
  );

  app.get(
    `${path}/byOperation/:operationKey`,
    {
      schema: {
        tags,
        summary: 'Get restrictions for operation',
        params: OperationParams,
        querystring: RestrictionQuery,
        response: { 200: ContentRestriction },
      },
    },
    (request) => {
      const target = restrictionTarget(request, request.params.id, 'read');
      return presentRestriction(
        restrictionView(target, target.lists, request.query),
        request.params.operationKey,
      );
    },
  );
}
