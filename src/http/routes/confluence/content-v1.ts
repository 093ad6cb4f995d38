import type { Content } from '../../../domain/world.js';
import { presentRestriction } from '../../../presenters/confluence.js';
import {
  parseExpand,
  presentV1Attachment,
  presentV1Content,
} from '../../../presenters/content-v1.js';
import { readBodies } from '../../../storage/repos/content-bodies.js';
import { authorize } from '../../door/authorize.js';
import { doorContext, type DoorContext } from '../../door/context.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { ContentIdParams, ContentQuery, V1Content } from '../../schemas/content-reads.js';
import type { Services } from '../../services.js';
import { ancestorsOf, spaceOf } from './content-context.js';
import { restrictionView } from './restriction-context.js';

const tags = ['Content'];

/** `expand=restrictions…`: the page's own lists, shown as the restriction endpoints show them (R10). */
function restrictionsOf(ctx: DoorContext, content: Content, expand: string | string[] | undefined) {
  const target = {
    ctx,
    org: ctx.org.world,
    id: content.id,
    type: content.type,
    title: content.title,
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
      const ctx = doorContext(request);
      const { content, attachment } = authorize(ctx, 'read', { type: 'content', id });
      const expand = expandWithDefaults(request.query.expand);
      if (attachment) {
        return presentV1Attachment({ attachment, page: content, expand, links: ctx.links });
      }
      const restrictions = expand.has('restrictions')
        ? restrictionsOf(ctx, content, request.query.expand)
        : undefined;
      const body = expand.has('body.storage')
        ? ((await readBodies(services.storage.db, ctx.org.world.id, [id])).get(id) ?? null)
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
