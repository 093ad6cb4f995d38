import { decide } from '../../../domain/decision/engine.js';
import { effectiveClassification } from '../../../domain/decision/rules.js';
import type { DecisionFacts } from '../../../domain/decision/types.js';
import type { Content } from '../../../domain/world.js';
import type { OrgWorld } from '../../../index/org-world.js';
import { publicPage, storageTextBlocks, type PageDocument } from '../../../presenters/document.js';
import { readBodies } from '../../../storage/repos/content-bodies.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { PublicLinkParams, PublicPage } from '../../schemas/exports.js';
import { confluenceContext } from '../../request-context.js';
import type { Services } from '../../services.js';

/** A page as a document: read its body only after the engine has allowed the request. */
export async function loadPageDocument(
  services: Services,
  org: OrgWorld,
  facts: DecisionFacts,
  content: Content,
): Promise<PageDocument> {
  const bodies = await readBodies(services.storage.db, org.id, [content.id]);
  const space = org.spaces.get(content.spaceId);
  const levelId = effectiveClassification(facts, content);
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
      const { site } = confluenceContext(request);
      const org = services.index.org(site.orgId);
      const facts = services.index.decisionFacts(site.orgId);
      const link = org?.publicLinks.get(request.params.linkId);
      const content = link ? services.index.content(site, link.contentId) : undefined;
      if (!org || !facts || !content) throw cantBeFound();
      const decision = decide(facts, {
        subject: { type: 'anonymous' },
        action: 'viewPublicLink',
        resource: { type: content.type, id: content.id },
      });
      if (decision.decision !== 'allow') throw cantBeFound();
      const doc = await loadPageDocument(services, org, facts, content);
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
