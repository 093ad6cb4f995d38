import type { FastifyRequest } from 'fastify';
import type { Content } from '../../../domain/world.js';
import { presentRestriction } from '../../../presenters/confluence.js';
import {
  parseExpand,
  presentV1Attachment,
  presentV1Content,
} from '../../../presenters/content-v1.js';
import { readBodies } from '../../../storage/repos/content-bodies.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { ContentIdParams, ContentQuery, V1Content } from '../../schemas/content-reads.js';
import type { Services } from '../../services.js';
import {
  ancestorsOf,
  readContext,
  readableAttachment,
  readableContent,
  spaceOf,
  type ReadContext,
} from './content-context.js';
import { principalOf, restrictionView, type Target } from './restriction-context.js';

const tags = ['Content'];

/** `expand=restrictions…`: the page's own lists, shown as the restriction endpoints show them (R10). */
function restrictionsOf(
  request: FastifyRequest,
  ctx: ReadContext,
  content: Content,
  expand: string | string[] | undefined,
) {
  const target: Target = {
    org: ctx.org,
    facts: ctx.facts,
    page: content,
    id: content.id,
    type: content.type,
    title: content.title,
    principal: principalOf(ctx.caller, request),
    caller: ctx.caller,
    links: ctx.links,
  };
  const view = restrictionView(target, content.restrictions, { expand });
  return { read: presentRestriction(view, 'read'), update: presentRestriction(view, 'update') };
}

/** `space` and `version` are expanded unless asked otherwise, as Confluence does (C5). */
function expandWithDefaults(expand: string | string[] | undefined): Set<string> {
  const set = parseExpand(expand);
  set.add('space');
  set.add('version');
  return set;
}

/** `GET /wiki/rest/api/content/{id}`: a page, blog post or attachment the caller may read (C4, C5). */
export function registerContentV1Routes(app: FastifyTypebox, services: Services): void {
  app.get(
    '/wiki/rest/api/content/:id',
    {
      schema: {
        tags,
        summary: 'Get content by id (v1)',
        params: ContentIdParams,
        querystring: ContentQuery,
        response: { 200: V1Content },
      },
    },
    async (request) => {
      const { id } = request.params;
      const ctx = readContext(request, services, id);
      const expand = expandWithDefaults(request.query.expand);
      if (!services.index.content(ctx.site, id) && ctx.org.attachments.has(id)) {
        const { attachment, page } = readableAttachment(ctx, services, id);
        return presentV1Attachment({ attachment, page, expand, links: ctx.links });
      }
      const content = readableContent(ctx, services, id);
      const restrictions = expand.has('restrictions')
        ? restrictionsOf(request, ctx, content, request.query.expand)
        : undefined;
      const body = expand.has('body.storage')
        ? ((await readBodies(services.storage.db, ctx.org.id, [id])).get(id) ?? null)
        : null;
      return presentV1Content({
        content,
        space: spaceOf(ctx, content),
        ancestors: ancestorsOf(ctx, content),
        body,
        restrictions,
        expand,
        links: ctx.links,
      });
    },
  );
}
