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
} from './content-context.js';

const tags = ['Content'];

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
      if (ctx.org.attachments.has(id)) {
        const { attachment, page } = readableAttachment(ctx, services, id);
        return presentV1Attachment({ attachment, page, expand, links: ctx.links });
      }
      const content = readableContent(ctx, services, id);
      const body = expand.has('body.storage')
        ? ((await readBodies(services.storage.db, ctx.org.id, [id])).get(id) ?? null)
        : null;
      return presentV1Content({
        content,
        space: spaceOf(ctx, content),
        ancestors: ancestorsOf(ctx, content),
        body,
        expand,
        links: ctx.links,
      });
    },
  );
}
