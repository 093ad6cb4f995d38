import type { FastifyRequest } from 'fastify';
import type { Action } from '../../../domain/decision/types.js';
import { NO_RESTRICTIONS, type Lists } from '../../../domain/world.js';
import type { OrgWorld } from '../../../index/org-world.js';
import type { PersonLike, RestrictionView } from '../../../presenters/confluence.js';
import { authorize, contentNotFound, type Denials } from '../../door/authorize.js';
import type { AuditOrigin } from '../../../domain/audit/event.js';
import { doorContext, doorOrigin, type DoorContext } from '../../door/context.js';
import { ApiError } from '../../errors/catalogue.js';

/** The content a restriction endpoint addresses: a page, a blog post, or an attachment (R12). */
export interface Target {
  readonly ctx: DoorContext;
  readonly org: OrgWorld;
  readonly id: string;
  readonly type: 'page' | 'blogpost' | 'attachment';
  readonly title: string;
  /** The page or blog post whose lists these are (an attachment's page). */
  readonly pageId: string;
  /** The lists the endpoint shows: the page's own; an attachment has none of its own (R12). */
  readonly lists: Lists;
  /** Who writes, for the audit log. */
  readonly origin: AuditOrigin;
}

/** R11: a viewer who may not alter restrictions gets 403 on DELETE and the byGroupId writes. */
export const VIEWER_FORBIDDEN: Denials = {
  notFound: contentNotFound,
  forbidden: ({ id }) =>
    new ApiError(
      'RESTRICTION_FORBIDDEN',
      `com.atlassian.confluence.api.service.exceptions.PermissionException: Not enough permissions to alter ContentRestrictions for content ${id}`,
    ),
};

/**
 * R10/R11 through the door: reads ask the engine for `read`, writes for `restrict`; hidden or
 * missing content is a 404, and `denials` says what a viewer who may not restrict gets.
 */
export function restrictionTarget(
  request: FastifyRequest,
  id: string,
  action: Extract<Action, 'read' | 'restrict'>,
  denials?: Denials,
): Target {
  const ctx = doorContext(request);
  const { content, attachment } = authorize(ctx, action, { type: 'content', id }, denials);
  return {
    ctx,
    org: ctx.org.world,
    id,
    type: attachment ? 'attachment' : content.type,
    title: attachment ? attachment.title : content.title,
    pageId: content.id,
    lists: attachment ? NO_RESTRICTIONS : content.restrictions,
    origin: doorOrigin(request),
  };
}

/** An attachment has no restrictions of its own: it follows its page (R12). */
export function requireRestrictable(target: Target): void {
  if (target.type === 'attachment') {
    throw new ApiError(
      'RESTRICTION_INVALID',
      `Attachment ${target.id} follows the restrictions of page ${target.pageId}: restrict the page`,
    );
  }
}

export const LIMIT_CAP = 200;

export function expands(expand: string | string[] | undefined, what: string): boolean {
  const values = (Array.isArray(expand) ? expand : expand === undefined ? [] : [expand]).flatMap(
    (v) => v.split(','),
  );
  return values.map((v) => v.trim()).includes(what);
}

/** A user or an app user of the org, as restriction lists show them. */
function personOf(org: OrgWorld, accountId: string): PersonLike | undefined {
  const user = org.users.get(accountId);
  if (user) return { accountId, displayName: user.displayName, email: user.email, isApp: false };
  const app = org.appsByAccount.get(accountId);
  return app ? { accountId, displayName: app.name, email: null, isApp: true } : undefined;
}

export function restrictionView(
  target: Pick<Target, 'ctx' | 'org' | 'id' | 'type' | 'title'>,
  lists: Lists,
  query: { expand?: string | string[]; start?: number; limit?: number },
): RestrictionView {
  return {
    content: { id: target.id, type: target.type, title: target.title },
    lists,
    person: (accountId) => personOf(target.org, accountId),
    group: (id) => target.org.groups.get(id),
    showEmail: target.ctx.caller.kind === 'user',
    expandContent: expands(query.expand, 'content'),
    start: query.start ?? 0,
    limit: Math.min(query.limit ?? 100, LIMIT_CAP),
    links: target.ctx.links,
  };
}
