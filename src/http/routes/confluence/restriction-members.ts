import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RestrictionOperation } from '../../../domain/world.js';
import type { Denials } from '../../door/authorize.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  AccountQuery,
  GroupIdParams,
  GroupNameParams,
  OperationParams,
} from '../../schemas/content-restrictions.js';
import { emptyResponse } from '../../schemas/empty.js';
import type { Services } from '../../services.js';
import { directoryOf, tags, writeRestrictions } from './restrictions.js';
import {
  VIEWER_FORBIDDEN,
  requireRestrictable,
  restrictionTarget,
  type Target,
} from './restriction-context.js';

type Member = { kind: 'users' | 'groups'; id: string };
type Mode = 'get' | 'put' | 'delete';

/** Names the subject of a membership request, given the target and whether it is added. */
type MemberOf = (target: Target, adding: boolean) => Member;

/**
 * R20: the membership endpoints. GET answers whether the subject is *listed* on this content's
 * restriction for the operation (200, empty body) or not (404) — not effective access. PUT adds
 * and DELETE removes one subject (200, empty body). Reads ask the door for `read`, writes for
 * `restrict`; `viewer` is what a viewer who may not restrict gets.
 */
async function membership(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  mode: Mode,
  params: { id: string; operationKey: RestrictionOperation },
  memberOf: MemberOf,
  viewer: Denials | undefined,
) {
  const target =
    mode === 'get'
      ? restrictionTarget(request, params.id, 'read')
      : restrictionTarget(request, params.id, 'restrict', viewer);
  if (mode !== 'get') requireRestrictable(target);
  const member = memberOf(target, mode === 'put');
  const operation = params.operationKey;
  if (mode === 'get') {
    if (!target.lists[operation][member.kind].has(member.id)) {
      throw new ApiError(
        'CONTENT_NOT_FOUND',
        `${member.id} is not listed on the ${operation} restriction of ${target.id}`,
      );
    }
    return reply.code(200).send();
  }
  await writeRestrictions(services, target, {
    kind: 'member',
    mode: mode === 'put' ? 'add' : 'remove',
    operation,
    subject: member,
  });
  return reply.code(200).send();
}

const listedOrDone = { 200: emptyResponse('Listed (GET) or done (PUT, DELETE); no body') };

export function registerRestrictionMemberRoutes(app: FastifyTypebox, services: Services): void {
  const base = '/wiki/rest/api/content/:id/restriction/byOperation/:operationKey';
  const modes: {
    mode: Mode;
    method: 'GET' | 'PUT' | 'DELETE';
    summary: (who: string) => string;
  }[] = [
    { mode: 'get', method: 'GET', summary: (who) => `Is the ${who} listed on the restriction?` },
    { mode: 'put', method: 'PUT', summary: (who) => `Add a ${who} to a content restriction` },
    {
      mode: 'delete',
      method: 'DELETE',
      summary: (who) => `Remove a ${who} from a content restriction`,
    },
  ];

  for (const { mode, method, summary } of modes) {
    app.route({
      method,
      url: `${base}/user`,
      schema: {
        tags,
        summary: summary('user'),
        params: OperationParams,
        querystring: AccountQuery,
        response: listedOrDone,
      },
      handler: (request, reply) => {
        const { accountId } = request.query;
        const memberOf: MemberOf = (target, adding) => {
          if (adding && !directoryOf(target.org).hasAccount(accountId)) {
            throw new ApiError(
              'RESTRICTION_INVALID',
              `accountId: unknown account id "${accountId}"`,
            );
          }
          return { kind: 'users', id: accountId };
        };
        return membership(services, request, reply, mode, request.params, memberOf, undefined);
      },
    });

    app.route({
      method,
      url: `${base}/byGroupId/:groupId`,
      schema: {
        tags,
        summary: summary('group (by id)'),
        params: GroupIdParams,
        response: listedOrDone,
      },
      handler: (request, reply) => {
        const { groupId } = request.params;
        const memberOf: MemberOf = (target, adding) => {
          if (adding && !target.org.groups.has(groupId)) {
            throw new ApiError('RESTRICTION_INVALID', `groupId: unknown group id "${groupId}"`);
          }
          return { kind: 'groups', id: groupId };
        };
        return membership(
          services,
          request,
          reply,
          mode,
          request.params,
          memberOf,
          VIEWER_FORBIDDEN,
        );
      },
    });

    app.route({
      method,
      url: `${base}/group/:groupName`,
      schema: {
        tags,
        summary: `${summary('group')} (deprecated: use byGroupId)`,
        params: GroupNameParams,
        response: listedOrDone,
      },
      handler: (request, reply) => {
        const { groupName } = request.params;
        const memberOf: MemberOf = (target) => {
          const group = target.org.groupsByName.get(groupName);
          if (!group) throw new ApiError('CONTENT_NOT_FOUND', `No group named ${groupName}`);
          return { kind: 'groups', id: group.id };
        };
        return membership(services, request, reply, mode, request.params, memberOf, undefined);
      },
    });
  }
}
