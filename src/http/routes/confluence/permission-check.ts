import { decide } from '../../../domain/decision/engine.js';
import { groupMemberProbe } from '../../../domain/decision/lists.js';
import type { DecisionFacts, Subject } from '../../../domain/decision/types.js';
import type { Content } from '../../../domain/world.js';
import {
  presentPermissionCheck,
  type CheckedKind,
} from '../../../presenters/content-permission.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  ContentIdParams,
  PermissionCheckBody,
  PermissionCheckResponse,
} from '../../schemas/content-reads.js';
import type { Services } from '../../services.js';
import { contentNotFound, decideFor, readContext, type ReadContext } from './content-context.js';
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
function checkedSubject(ctx: ReadContext, body: Static<typeof PermissionCheckBody>): Checked {
  const { type, identifier } = body.subject;
  if (type === 'group') {
    const group = ctx.org.groups.get(identifier);
    if (!group) {
      throw new ApiError(
        'REQUEST_VALIDATION',
        `body.subject.identifier: no group with id ${identifier}`,
      );
    }
    return { kind: 'group', ...groupMemberProbe(ctx.facts, group.id, ctx.org.id), accountId: null };
  }
  if (identifier === 'anonymous') {
    return { kind: 'anonymous', facts: ctx.facts, subject: { type: 'anonymous' }, accountId: null };
  }
  if (ctx.org.users.has(identifier)) {
    return {
      kind: 'user',
      facts: ctx.facts,
      subject: { type: 'user', accountId: identifier },
      accountId: identifier,
    };
  }
  for (const app of ctx.org.apps.values()) {
    if (app.accountId === identifier) {
      return {
        kind: 'user',
        facts: ctx.facts,
        subject: { type: 'app', ari: app.ari },
        accountId: identifier,
      };
    }
  }
  throw new ApiError(
    'REQUEST_VALIDATION',
    `body.subject.identifier: no user with accountId ${identifier}`,
  );
}

/** The page or blog post the check is about (an attachment is checked on its page, R8). */
function checkedContent(ctx: ReadContext, services: Services, id: string): Content {
  const content = services.index.content(ctx.site, id);
  if (content) return content;
  const attachment = ctx.org.attachments.get(id);
  const page = attachment ? services.index.content(ctx.site, attachment.contentId) : undefined;
  if (!page) throw contentNotFound(id);
  return page;
}

/**
 * `POST /wiki/rest/api/content/{id}/permission/check` (C10, C11): a signed-in user checks
 * themselves; checking anyone else needs a Confluence admin (or an app). Everyone but an admin
 * must be able to view the content, else 404. `delete` is decided as edit.
 */
export function registerPermissionCheckRoute(app: FastifyTypebox, services: Services): void {
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
      const ctx = readContext(request, services, id);
      if (ctx.caller.kind === 'anonymous') {
        throw new ApiError('AUTH_MISSING', 'Anonymous users are not allowed to use Confluence');
      }
      const content = checkedContent(ctx, services, id);
      const admin = ctx.caller.kind === 'user' && ctx.caller.user.siteAdmin;
      if (
        !admin &&
        decideFor(ctx, 'read', { type: content.type, id: content.id }).decision !== 'allow'
      ) {
        throw contentNotFound(id);
      }
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
      const decision = decide(checked.facts, {
        subject: checked.subject,
        action: request.body.operation === 'read' ? 'read' : 'update',
        resource: { type: content.type, id: content.id },
      });
      return presentPermissionCheck(
        checked.kind,
        decision,
        ctx.site.anonymousAccess,
        `${ctx.links.base}/rest/api/content/${id}/permission/check`,
      );
    },
  );
}
