import type { FastifyRequest } from 'fastify';
import { canEdit, canView } from '../../../domain/confluence/access.js';
import {
  READ_SCOPE,
  WRITE_SCOPE,
  type ConfluenceFacts,
  type Principal,
} from '../../../domain/confluence/facts.js';
import { emptyLists, type Lists } from '../../../domain/confluence/restriction-update.js';
import type { Content } from '../../../domain/world.js';
import { confluenceFacts, type OrgWorld } from '../../../index/org-world.js';
import type { LinkBase, PersonLike, RestrictionView } from '../../../presenters/confluence.js';
import type { Caller } from '../../auth.js';
import { ApiError } from '../../errors/catalogue.js';
import { adminKeyRequested, confluenceContext, requireScope } from '../../request-context.js';
import { contentNotFound } from './content-context.js';
import type { Services } from '../../services.js';

/** The content a restriction endpoint addresses: a page, a blog post, or an attachment (R12). */
export interface Target {
  org: OrgWorld;
  facts: ConfluenceFacts;
  /** The page or blog post whose permissions decide (an attachment's page). */
  page: Content;
  id: string;
  type: 'page' | 'blogpost' | 'attachment';
  title: string;
  principal: Principal;
  caller: Caller;
  links: LinkBase;
}

export function principalOf(caller: Caller, request: FastifyRequest): Principal {
  if (caller.kind === 'user') {
    return {
      kind: 'user',
      user: caller.user,
      adminKey: adminKeyRequested(request),
    };
  }
  return caller;
}

/** R15: resolves the content and checks the app's scope; 404 when it does not exist here. */
export function resolveTarget(
  request: FastifyRequest,
  services: Services,
  id: string,
  writes: boolean,
): Target {
  const { site, caller } = confluenceContext(request);
  requireScope(caller, writes ? WRITE_SCOPE : READ_SCOPE);
  const org = services.index.org(site.orgId);
  if (!org) throw contentNotFound(id);
  const links = { base: `${request.protocol}://${request.headers.host ?? 'localhost'}/wiki` };
  const principal = principalOf(caller, request);
  const facts = confluenceFacts(org);
  const page = services.index.content(site, id);
  if (page)
    return { org, facts, page, id, type: page.type, title: page.title, principal, caller, links };
  const attachment = org.attachments.get(id);
  const parent = attachment ? services.index.content(site, attachment.contentId) : undefined;
  if (attachment && parent) {
    return {
      org,
      facts,
      page: parent,
      id,
      type: 'attachment',
      title: attachment.title,
      principal,
      caller,
      links,
    };
  }
  throw contentNotFound(id);
}

/** R10: reading restrictions needs view permission; otherwise 404 like a missing page. */
export function requireView(target: Target): void {
  if (!canView(target.facts, target.principal, target.page).allowed)
    throw contentNotFound(target.id);
}

/** R11: changing them needs edit permission; a viewer who cannot edit gets `viewerStatus`. */
export function requireEdit(target: Target, viewerStatus: 403 | 404): void {
  requireView(target);
  if (canEdit(target.facts, target.principal, target.page).allowed) return;
  if (viewerStatus === 404) throw contentNotFound(target.id);
  throw new ApiError(
    'RESTRICTION_FORBIDDEN',
    `com.atlassian.confluence.api.service.exceptions.PermissionException: Not enough permissions to alter ContentRestrictions for content ${target.id}`,
  );
}

/** An attachment has no restrictions of its own: it follows its page (R12). */
export function ownLists(target: Target): Lists {
  return target.type === 'attachment' ? emptyLists() : target.page.restrictions;
}

export function requireRestrictable(target: Target): void {
  if (target.type === 'attachment') {
    throw new ApiError(
      'RESTRICTION_INVALID',
      `Attachment ${target.id} follows the restrictions of page ${target.page.id}: restrict the page`,
    );
  }
}

export const LIMIT_CAP = 200;

export function parseOperation(key: string): 'read' | 'update' {
  if (key === 'read' || key === 'update') return key;
  throw new ApiError(
    'RESTRICTION_INVALID',
    `operationKey: "${key}" is not a restriction operation (read, update)`,
  );
}

export function expands(expand: string | string[] | undefined, what: string): boolean {
  const values = (Array.isArray(expand) ? expand : expand === undefined ? [] : [expand]).flatMap(
    (v) => v.split(','),
  );
  return values.map((v) => v.trim()).includes(what);
}

export function restrictionView(
  target: Target,
  lists: Lists,
  query: { expand?: string | string[]; start?: number; limit?: number },
): RestrictionView {
  const person = (accountId: string): PersonLike | undefined => {
    const user = target.org.users.get(accountId);
    if (user) return { accountId, displayName: user.displayName, email: user.email, isApp: false };
    for (const app of target.org.apps.values()) {
      if (app.accountId === accountId)
        return { accountId, displayName: app.name, email: null, isApp: true };
    }
    return undefined;
  };
  return {
    content: { id: target.id, type: target.type, title: target.title },
    lists,
    person,
    group: (id) => target.org.groups.get(id),
    showEmail: target.caller.kind === 'user',
    expandContent: expands(query.expand, 'content'),
    start: query.start ?? 0,
    limit: Math.min(query.limit ?? 100, LIMIT_CAP),
    links: target.links,
  };
}
