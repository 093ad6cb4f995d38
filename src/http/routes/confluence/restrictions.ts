import { createHash } from 'node:crypto';
import { updateRestrictions } from '../../../commands/update-restrictions.js';
import {
  addToLists,
  canonicalLists,
  emptyLists,
  keepCallerIn,
  parseRestrictionBody,
  replaceLists,
  type Lists,
  type RestrictionUpdate,
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
  ownLists,
  parseOperation,
  requireEdit,
  requireRestrictable,
  requireView,
  resolveTarget,
  restrictionView,
  type Target,
} from './restriction-context.js';

export const tags = ['Content restrictions'];
type Query = { expand?: string | string[]; start?: number; limit?: number };

export function directoryOf(org: OrgWorld): SubjectDirectory {
  const appAccounts = new Set(
    [...org.apps.values()].map((a) => a.accountId).filter((a): a is string => a !== null),
  );
  return {
    hasAccount: (id) => org.users.has(id) || appAccounts.has(id),
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
      self: `${target.links.base}/rest/api/content/${target.id}/restriction`,
      base: target.links.base,
      context: '/wiki',
    },
  };
}

/** Applies a write and answers with the page's new restrictions, as Confluence does. */
export async function writeAndPresent(
  services: Services,
  target: Target,
  change: (current: Lists) => Lists,
  query: Query,
) {
  const lists = await updateRestrictions(
    services.storage,
    target.org.id,
    target.page.id,
    (current) => keepCallerIn(target.facts, target.principal, target.page, change(current)),
  );
  await services.index.sync();
  return presentArray(target, lists, query);
}

export function registerRestrictionRoutes(app: FastifyTypebox, services: Services): void {
  const path = '/wiki/rest/api/content/:id/restriction';
  const write = (
    method: 'PUT' | 'POST',
    summary: string,
    apply: (current: Lists, updates: RestrictionUpdate[]) => Lists,
  ) =>
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
        const target = resolveTarget(request, services, request.params.id, true);
        requireEdit(target, 404);
        requireRestrictable(target);
        const updates = parseRestrictionBody(request.body, directoryOf(target.org));
        return writeAndPresent(
          services,
          target,
          (current) => apply(current, updates),
          request.query,
        );
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
      const target = resolveTarget(request, services, request.params.id, false);
      requireView(target);
      return presentArray(target, ownLists(target), request.query);
    },
  );
  write('PUT', 'Update restrictions (replace the operations in the body)', replaceLists);
  write('POST', 'Add restrictions', addToLists);
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
      const target = resolveTarget(request, services, request.params.id, true);
      requireEdit(target, 403);
      requireRestrictable(target);
      return writeAndPresent(services, target, () => emptyLists(), request.query);
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
      const target = resolveTarget(request, services, request.params.id, false);
      requireView(target);
      const view = restrictionView(target, ownLists(target), request.query);
      return {
        read: presentRestriction(view, 'read'),
        update: presentRestriction(view, 'update'),
        _links: {
          self: `${target.links.base}/rest/api/content/${target.id}/restriction/byOperation`,
          base: target.links.base,
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
      const target = resolveTarget(request, services, request.params.id, false);
      requireView(target);
      const operation = parseOperation(request.params.operationKey);
      return presentRestriction(
        restrictionView(target, ownLists(target), request.query),
        operation,
      );
    },
  );
}
