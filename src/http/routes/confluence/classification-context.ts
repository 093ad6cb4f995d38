import type { FastifyRequest } from 'fastify';
import { READ_SCOPE, WRITE_SCOPE } from '../../../domain/confluence/facts.js';
import { decide } from '../../../domain/decision/engine.js';
import type {
  Action,
  DecisionFacts,
  ResourceRef,
  Subject,
} from '../../../domain/decision/types.js';
import type { Content, Site, Space } from '../../../domain/world.js';
import type { OrgWorld } from '../../../index/org-world.js';
import type { Caller } from '../../auth.js';
import { ApiError } from '../../errors/catalogue.js';
import { confluenceContext } from '../../request-context.js';
import type { Services } from '../../services.js';
import { contentNotFound, subjectOf } from './content-context.js';

/** What an enforced Confluence endpoint works with: site, caller, its org and the engine's facts. */
export interface EnforcementContext {
  site: Site;
  caller: Caller;
  org: OrgWorld;
  facts: DecisionFacts;
  subject: Subject;
  /** `https://host/wiki` */
  base: string;
}

/** An app without the scope an endpoint needs is refused before anything is looked up (E7). */
export function requireScope(caller: Caller, writes: boolean): void {
  const scope = writes ? WRITE_SCOPE : READ_SCOPE;
  if (caller.kind === 'app' && !caller.app.scopes.has(scope)) {
    throw new ApiError('SCOPE_MISSING', `Unauthorized; scope does not match (needs ${scope})`);
  }
}

export function enforcementContext(
  request: FastifyRequest,
  services: Services,
): EnforcementContext {
  const { site, caller } = confluenceContext(request);
  const org = services.index.org(site.orgId);
  const facts = services.index.decisionFacts(site.orgId);
  if (!org || !facts) throw new ApiError('SITE_NOT_FOUND', `No site with cloudId ${site.cloudId}`);
  const base = `${request.protocol}://${request.headers.host ?? 'localhost'}/wiki`;
  return { site, caller, org, facts, subject: subjectOf(caller, request), base };
}

export function allows(ctx: EnforcementContext, action: Action, resource: ResourceRef): boolean {
  return decide(ctx.facts, { subject: ctx.subject, action, resource }).decision === 'allow';
}

/** A page or blog post of this site that the caller may view; anything else is the same 404. */
export function viewableContent(
  ctx: EnforcementContext,
  services: Services,
  id: string,
  type?: Content['type'],
): Content {
  const content = services.index.content(ctx.site, id);
  if (!content || (type !== undefined && content.type !== type)) throw contentNotFound(id);
  if (!allows(ctx, 'read', { type: content.type, id })) throw contentNotFound(id);
  return content;
}

export const spaceNotFound = (id: string) =>
  new ApiError('CLASSIFICATION_SPACE_NOT_FOUND', `No space found with id: ${id}`);

/** A space of this site that the caller may view (space read; apps: scope and appAccess). */
export function viewableSpace(ctx: EnforcementContext, id: string): Space {
  const space = ctx.org.spaces.get(id);
  if (!space || space.siteId !== ctx.site.cloudId) throw spaceNotFound(id);
  if (!allows(ctx, 'read', { type: 'space', id })) throw spaceNotFound(id);
  return space;
}

/**
 * E11: the space `administer` permission (a site admin with the admin key bypasses it; an app's
 * write scope stands in for its space permissions, as for read and update).
 */
export function canAdministerSpace(ctx: EnforcementContext, space: Space): boolean {
  const { caller, subject } = ctx;
  if (caller.kind === 'anonymous') return false;
  if (caller.kind === 'app') return caller.app.scopes.has(WRITE_SCOPE);
  if (caller.user.siteAdmin && subject.type === 'user' && subject.adminKey === true) return true;
  const accountId = caller.user.accountId;
  if (space.permissions.users.get(accountId)?.has('administer')) return true;
  for (const group of ctx.facts.groupsOf(accountId)) {
    if (space.permissions.groups.get(group)?.has('administer')) return true;
  }
  return false;
}
