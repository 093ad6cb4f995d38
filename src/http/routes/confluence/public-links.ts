import { effectiveClassification } from '../../../domain/decision/rules.js';
import type { Content } from '../../../domain/world.js';
import { publicPage, storageTextBlocks, type PageDocument } from '../../../presenters/document.js';
import { readBodies } from '../../../storage/repos/content-bodies.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { PublicLinkParams, PublicPage } from '../../schemas/exports.js';
import { authorize } from '../../door/authorize.js';
import { doorContext, type DoorContext } from '../../door/context.js';
import type { Services } from '../../services.js';

/** A page as a document: read its body only after the engine has allowed the request. */
export async function loadPageDocument(
  services: Services,
  ctx: DoorContext,
  content: Content,
): Promise<PageDocument> {
  const org = ctx.org.world;
  const bodies = await readBodies(services.storage.db, org.id, [content.id]);
  const space = org.spaces.get(content.spaceId);
  const levelId = effectiveClassification(ctx.org.facts, content);
  return {
    title: content.title,
    spaceName: space?.name ?? '',
    spaceKey: space?.key ?? '',
    classification: levelId !== null ? (org.levels.get(levelId)?.name ?? null) : null,
    blocks: storageTextBlocks(bodies.get(content.id) ?? null),
  };
}

const cantBeFound = () =>
  new ApiError(
    'PUBLIC_LINK_NOT_FOUND',
    "This content can't be found: the link may be wrong, turned off, or blocked by your organization's data security policy",
  );

/**
 * E21: `/wiki/external/{linkId}` serves the page to anyone, with or without credentials, while
 * the engine allows `viewPublicLink` (link on, publicLinks not blocked; page restrictions do not
 * apply). Every refusal is the same 404.
 */
export function registerPublicLinkRoutes(app: FastifyTypebox, services: Services): void {
  app.get(
    '/wiki/external/:linkId',
    {
      schema: {
        tags: ['Public links'],
        summary: 'View a page through its public link (no login)',
        params: PublicLinkParams,
        response: { 200: { content: { 'text/html': { schema: PublicPage } } } },
      },
    },
    async (request, reply) => {
      // Whoever calls, the link is viewed as anyone on the internet would view it.
      const ctx: DoorContext = { ...doorContext(request), subject: { type: 'anonymous' } };
      const link = ctx.org.world.publicLinks.get(request.params.linkId);
      if (!link) throw cantBeFound();
      const { content } = authorize(
        ctx,
        'viewPublicLink',
        { type: 'content', id: link.contentId },
        { notFound: cantBeFound },
      );
      const doc = await loadPageDocument(services, ctx, content);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        )
        .send(publicPage(doc));
    },
  );
}
