import type { FastifyReply, FastifyRequest } from 'fastify';
import { updateRestrictions } from '../../../commands/update-restrictions.js';
import { keepCallerIn, type Lists } from '../../../domain/confluence/restriction-update.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  AccountQuery,
  GroupIdParams,
  GroupNameParams,
} from '../../schemas/content-restrictions.js';
import { emptyResponse } from '../../schemas/empty.js';
import type { Services } from '../../services.js';
import { directoryOf, tags } from './restrictions.js';
import {
  ownLists,
  parseOperation,
  requireEdit,
  requireRestrictable,
  requireView,
  resolveTarget,
  type Target,
} from './restriction-context.js';

type Subject = { kind: 'users' | 'groups'; id: string };

/**
 * R20: the membership endpoints. GET answers whether the subject is *listed* on this content's
 * restriction for the operation (200, empty body) or not (404) — not effective access. PUT adds
 * and DELETE removes one subject (200, empty body).
 */
function membership(
  services: Services,
  subjectOf: (request: FastifyRequest, target: Target, writing: boolean) => Subject,
  viewerStatus: 403 | 404,
) {
  const handle =
    (mode: 'get' | 'put' | 'delete') => async (request: FastifyRequest, reply: FastifyReply) => {
      const params = request.params as { id: string; operationKey: string };
      const target = resolveTarget(request, services, params.id, mode !== 'get');
      if (mode === 'get') requireView(target);
      else requireEdit(target, viewerStatus);
      const operation = parseOperation(params.operationKey);
      if (mode !== 'get') requireRestrictable(target);
      const subject = subjectOf(request, target, mode === 'put');
      if (mode === 'get') {
        const listed = ownLists(target)[operation][subject.kind].has(subject.id);
        if (!listed)
          throw new ApiError(
            'CONTENT_NOT_FOUND',
            `${subject.id} is not listed on the ${operation} restriction of ${target.id}`,
          );
        return reply.code(200).send();
      }
      const change = (current: Lists): Lists => {
        const next = { read: { ...current.read }, update: { ...current.update } };
        const set = new Set(current[operation][subject.kind]);
        if (mode === 'put') set.add(subject.id);
        else set.delete(subject.id);
        next[operation] = { ...current[operation], [subject.kind]: set };
        return keepCallerIn(target.facts, target.principal, target.page, next);
      };
      await updateRestrictions(services.storage, target.org.id, target.page.id, change);
      await services.index.sync();
      return reply.code(200).send();
    };
  return { get: handle('get'), put: handle('put'), delete: handle('delete') };
}

export function registerRestrictionMemberRoutes(app: FastifyTypebox, services: Services): void {
  const base = '/wiki/rest/api/content/:id/restriction/byOperation/:operationKey';

  const byUser = membership(
    services,
    (request, target, writing) => {
      const { accountId } = request.query as { accountId?: string };
      if (accountId === undefined || accountId === '')
        throw new ApiError('RESTRICTION_INVALID', 'accountId: required query parameter');
      if (writing && !directoryOf(target.org).hasAccount(accountId)) {
        throw new ApiError('RESTRICTION_INVALID', `accountId: unknown account id "${accountId}"`);
      }
      return { kind: 'users', id: accountId };
    },
    404,
  );
  const userSchema = (summary: string) => ({
    tags,
    summary,
    querystring: AccountQuery,
    response: { 200: emptyResponse('Listed (GET) or done (PUT, DELETE); no body') },
  });
  app.get(
    `${base}/user`,
    { schema: userSchema('Is the user listed on the restriction?') },
    byUser.get,
  );
  app.put(
    `${base}/user`,
    { schema: userSchema('Add a user to a content restriction') },
    byUser.put,
  );
  app.delete(
    `${base}/user`,
    { schema: userSchema('Remove a user from a content restriction') },
    byUser.delete,
  );

  const byGroupId = membership(
    services,
    (request, target, writing) => {
      const { groupId } = request.params as { groupId: string };
      if (writing && !target.org.groups.has(groupId))
        throw new ApiError('RESTRICTION_INVALID', `groupId: unknown group id "${groupId}"`);
      return { kind: 'groups', id: groupId };
    },
    403,
  );
  const idSchema = (summary: string) => ({
    tags,
    summary,
    params: GroupIdParams,
    response: { 200: emptyResponse('Listed (GET) or done (PUT, DELETE); no body') },
  });
  app.get(
    `${base}/byGroupId/:groupId`,
    { schema: idSchema('Is the group (by id) listed on the restriction?') },
    byGroupId.get,
  );
  app.put(
    `${base}/byGroupId/:groupId`,
    { schema: idSchema('Add a group (by id) to a content restriction') },
    byGroupId.put,
  );
  app.delete(
    `${base}/byGroupId/:groupId`,
    { schema: idSchema('Remove a group (by id) from a content restriction') },
    byGroupId.delete,
  );

  const byGroupName = membership(
    services,
    (request, target) => {
      const { groupName } = request.params as { groupName: string };
      const group = target.org.groupsByName.get(groupName);
      if (!group) throw new ApiError('CONTENT_NOT_FOUND', `No group named ${groupName}`);
      return { kind: 'groups', id: group.id };
    },
    404,
  );
  const nameSchema = (summary: string) => ({
    tags,
    summary: `${summary} (deprecated: use byGroupId)`,
    params: GroupNameParams,
    response: { 200: emptyResponse('Listed (GET) or done (PUT, DELETE); no body') },
  });
  app.get(
    `${base}/group/:groupName`,
    { schema: nameSchema('Is the group listed on the restriction?') },
    byGroupName.get,
  );
  app.put(
    `${base}/group/:groupName`,
    { schema: nameSchema('Add a group to a content restriction') },
    byGroupName.put,
  );
  app.delete(
    `${base}/group/:groupName`,
    { schema: nameSchema('Remove a group from a content restriction') },
    byGroupName.delete,
  );
}
