import { groupMemberProbe } from '../../../domain/decision/lists.js';
import type { DecisionFacts, Subject } from '../../../domain/decision/types.js';
import {
  presentPermissionCheck,
  type CheckedKind,
} from '../../../presenters/content-permission.js';
import { authorize, decisionsFor } from '../../door/authorize.js';
import { doorContext, type DoorContext } from '../../door/context.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  ContentIdParams,
  PermissionCheckBody,
  PermissionCheckResponse,
} from '../../schemas/content-reads.js';
import type { Services } from '../../services.js';
import type { Static } from '@sinclair/typebox';

const tags = ['Content permissions'];

interface Checked {
  kind: CheckedKind;
  facts: DecisionFacts;
  subject: Subject;
  /** The accountId the subject is, when it is a user or an app user. */
  accountId: string | null;
}

/** The subject of the body, resolved in the caller's org; unknown ones are a 400 naming them. */
function checkedSubject(ctx: DoorContext, body: Static<typeof PermissionCheckBody>): Checked {
  const { type, identifier } = body.subject;
  const world = ctx.org.world;
  const facts = ctx.org.facts;
  if (type === 'group') {
    const group = world.groups.get(identifier);
    if (!group) {
      throw new ApiError(
        'REQUEST_VALIDATION',
        `body.subject.identifier: no group with id ${identifier}`,
      );
    }
    return { kind: 'group', ...groupMemberProbe(facts, group.id, world.id), accountId: null };
  }
  if (identifier === 'anonymous') {
    return { kind: 'anonymous', facts, subject: { type: 'anonymous' }, accountId: null };
  }
  if (world.users.has(identifier)) {
    return {
      kind: 'user',
      facts,
      subject: { type: 'user', accountId: identifier },
      accountId: identifier,
    };
  }
  const app = world.appsByAccount.get(identifier);
  if (app) {
    return { kind: 'user', facts, subject: { type: 'app', ari: app.ari }, accountId: identifier };
  }
  throw new ApiError(
    'REQUEST_VALIDATION',
    `body.subject.identifier: no user with accountId ${identifier}`,
  );
}

/**
 * `POST /wiki/rest/api/content/{id}/permission/check` (C10, C11): a signed-in user checks
 * themselves; checking anyone else needs a Confluence admin (or an app). Everyone but a site admin
 * must be able to read the content (through the door), else 404. `delete` is decided as edit.
 */
export function registerPermissionCheckRoute(app: FastifyTypebox, _services: Services): void {
  app.post(
    '/wiki/rest/api/content/:id/permission/check',
    {
      schema: {
        tags,
        summary: 'Check content permissions',
        params: ContentIdParams,
        body: PermissionCheckBody,
        response: { 200: PermissionCheckResponse },
      },
    },
    (request) => {
      const { id } = request.params;
      const ctx = doorContext(request);
      if (ctx.caller.kind === 'anonymous') {
        throw new ApiError('AUTH_MISSING', 'Anonymous users are not allowed to use Confluence');
      }
      const admin = ctx.caller.kind === 'user' && ctx.caller.user.siteAdmin;
      // A site admin may check any content: the door asks as their admin key would (C10).
      const asCaller: DoorContext =
        ctx.caller.kind === 'user' && admin
          ? {
              ...ctx,
              subject: { type: 'user', accountId: ctx.caller.user.accountId, adminKey: true },
            }
          : ctx;
      const { content } = authorize(asCaller, 'read', { type: 'content', id });
      const checked = checkedSubject(ctx, request.body);
      const callerAccount =
        ctx.caller.kind === 'user' ? ctx.caller.user.accountId : ctx.caller.app.accountId;
      const self = checked.accountId !== null && checked.accountId === callerAccount;
      if (!self && !admin && ctx.caller.kind === 'user') {
        throw new ApiError(
          'PERMISSION_CHECK_FORBIDDEN',
          'Checking the permissions of another user or a group needs the Confluence Administrator global permission',
        );
      }
      const decision = decisionsFor(checked.facts, checked.subject).decide(
        request.body.operation === 'read' ? 'read' : 'update',
        { type: content.type, id: content.id },
      );
      return presentPermissionCheck(
        checked.kind,
        decision,
        ctx.site.anonymousAccess,
        `${ctx.links.base}/rest/api/content/${id}/permission/check`,
      );
    },
  );
}
