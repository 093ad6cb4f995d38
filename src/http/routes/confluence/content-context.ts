import type { FastifyRequest } from 'fastify';
import { chainOf } from '../../../domain/confluence/access.js';
import { READ_SCOPE } from '../../../domain/confluence/facts.js';
import { decide } from '../../../domain/decision/engine.js';
import type {
  Action,
  Decision,
  DecisionFacts,
  ResourceRef,
  Subject,
} from '../../../domain/decision/types.js';
import type { Attachment, Content, Site, Space } from '../../../domain/world.js';
import type { OrgWorld } from '../../../index/org-world.js';
import type { LinkBase } from '../../../presenters/confluence.js';
import type { Caller } from '../../auth.js';
import { ApiError } from '../../errors/catalogue.js';
import { adminKeyRequested, confluenceContext, requireScope } from '../../request-context.js';
import type { Services } from '../../services.js';

/** Everything a Confluence read needs: the site, the caller as the engine's subject, the facts. */
export interface ReadContext {
  site: Site;
  caller: Caller;
  org: OrgWorld;
  facts: DecisionFacts;
  subject: Subject;
  links: LinkBase;
}

export const contentNotFound = (id: string) =>
  new ApiError('CONTENT_NOT_FOUND', `No content found with id: ${id}`);

/**
 * C1: the caller as the engine sees it. A user's admin key counts only with the header (the
 * engine checks they are a site admin); an app is itself (its app user, scopes and appAccess).
 */
export function subjectOf(caller: Caller, request: FastifyRequest): Subject {
  if (caller.kind === 'user') {
    return {
      type: 'user',
      accountId: caller.user.accountId,
      adminKey: adminKeyRequested(request),
    };
  }
  if (caller.kind === 'app') return { type: 'app', ari: caller.app.ari };
  return { type: 'anonymous' };
}

/** C2: an app without the read scope is refused before anything is looked up (as R15). */
export function readContext(request: FastifyRequest, services: Services, id: string): ReadContext {
  const { site, caller } = confluenceContext(request);
  requireScope(caller, READ_SCOPE);
  const org = services.index.org(site.orgId);
  const facts = services.index.decisionFacts(site.orgId);
  if (!org || !facts) throw contentNotFound(id);
  const links = { base: `${request.protocol}://${request.headers.host ?? 'localhost'}/wiki` };
  return { site, caller, org, facts, subject: subjectOf(caller, request), links };
}

export function decideFor(ctx: ReadContext, action: Action, resource: ResourceRef): Decision {
  return decide(ctx.facts, { subject: ctx.subject, action, resource });
}

/** A page or blog post of this site (of `type` when given), else 404. */
export function findContent(
  ctx: ReadContext,
  services: Services,
  id: string,
  type?: Content['type'],
): Content {
  const content = services.index.content(ctx.site, id);
  if (!content || (type !== undefined && content.type !== type)) throw contentNotFound(id);
  return content;
}

/** C4: hidden is the same 404 as missing — the engine's `read` decides. */
export function requireReadable(ctx: ReadContext, content: Content, id = content.id): void {
  const decision = decideFor(ctx, 'read', { type: content.type, id: content.id });
  if (decision.decision !== 'allow') throw contentNotFound(id);
}

/** A readable page or blog post of this site. */
export function readableContent(
  ctx: ReadContext,
  services: Services,
  id: string,
  type?: Content['type'],
): Content {
  const content = findContent(ctx, services, id, type);
  requireReadable(ctx, content);
  return content;
}

/** An attachment of this site whose page the caller may read (C13), else 404. */
export function readableAttachment(
  ctx: ReadContext,
  services: Services,
  id: string,
): { attachment: Attachment; page: Content } {
  const attachment = ctx.org.attachments.get(id);
  const page = attachment ? services.index.content(ctx.site, attachment.contentId) : undefined;
  if (!attachment || !page) throw contentNotFound(id);
  requireReadable(ctx, page, id);
  return { attachment, page };
}

export function spaceOf(ctx: ReadContext, content: Content): Space {
  const space = ctx.org.spaces.get(content.spaceId);
  if (!space) throw contentNotFound(content.id);
  return space;
}

/** Ancestors of a page, root first. */
export function ancestorsOf(ctx: ReadContext, content: Content): Content[] {
  return chainOf(ctx.facts, content).slice(1).reverse();
}
