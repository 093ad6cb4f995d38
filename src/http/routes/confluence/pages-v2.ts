import type { FastifyReply } from 'fastify';
import {
  childrenWalk,
  inTree,
  permittedInTree,
  spaceWalk,
  type TreeWalk,
} from '../../../domain/decision/lists.js';
import { authorize, decisionsFor } from '../../door/authorize.js';
import { doorContext, type DoorContext } from '../../door/context.js';
import type { Content } from '../../../domain/world.js';
import {
  listLinks,
  presentV2BlogPost,
  presentV2ChildPage,
  presentV2Page,
} from '../../../presenters/content-v2.js';
import { readBodies } from '../../../storage/repos/content-bodies.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  V2BlogPost,
  V2ChildPageList,
  V2ChildrenQuery,
  V2IdParams,
  V2ItemQuery,
  V2ListQuery,
  V2Page,
  V2PageList,
  V2_DEFAULT_LIMIT,
  V2_LIMIT_CAP,
} from '../../schemas/pages-v2.js';
import type { Services } from '../../services.js';
import { spaceOf } from './content-context.js';
import { decodeCursor, encodeCursor } from '../../cursor.js';

const tags = ['Pages (v2)'];
const SPACE_NOT_FOUND = {
  notFound: (id: string) => new ApiError('CONTENT_NOT_FOUND', `No space found with id: ${id}`),
};

/**
 * One page of a filtered tree walk: the index decides item by item and stops one past `limit`
 * (C7, C8). `next` keeps every query parameter but the cursor.
 */
function pageOf(
  ctx: DoorContext,
  walk: Omit<TreeWalk, 'after'>,
  query: { cursor?: string; limit?: number },
  path: string,
  keep: Record<string, string | undefined>,
  reply: FastifyReply,
): { items: Content[]; links: ReturnType<typeof listLinks> } {
  const after = decodeCursor(query.cursor, 'querystring.cursor');
  const full: TreeWalk = after === undefined ? walk : { ...walk, after };
  if (after !== undefined && !inTree(ctx.org.facts, full, after)) {
    throw new ApiError('REQUEST_VALIDATION', 'querystring.cursor: not a cursor of this list');
  }
  const limit = Math.min(query.limit ?? V2_DEFAULT_LIMIT, V2_LIMIT_CAP);
  const items: Content[] = [];
  let more = false;
  const pages = ctx.org.facts.pages;
  for (const slot of permittedInTree(decisionsFor(ctx.org.facts, ctx.subject), 'read', full)) {
    if (items.length === limit) {
      more = true;
      break;
    }
    items.push(pages.content(slot));
  }
  let next: string | undefined;
  if (more) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(keep))
      if (value !== undefined) params.set(key, value);
    params.set('limit', String(limit));
    params.set('cursor', encodeCursor(items[items.length - 1]!.id));
    next = `/wiki${path}?${params.toString()}`;
    void reply.header('link', `<${next}>; rel="next"`);
  }
  return { items, links: listLinks(ctx.links, next) };
}

async function bodiesFor(
  services: Services,
  ctx: DoorContext,
  format: 'storage' | undefined,
  ids: string[],
): Promise<Map<string, string> | undefined> {
  return format === 'storage' ? readBodies(services.storage.db, ctx.org.world.id, ids) : undefined;
}

/** v2 pages and blog posts by id, a space's pages, a page's children (C4–C9). */
export function registerPageV2Routes(app: FastifyTypebox, services: Services): void {
  for (const type of ['page', 'blogpost'] as const) {
    app.get(
      `/wiki/api/v2/${type === 'page' ? 'pages' : 'blogposts'}/:id`,
      {
        schema: {
          tags,
          summary: type === 'page' ? 'Get page by id' : 'Get blog post by id',
          params: V2IdParams,
          querystring: V2ItemQuery,
          response: { 200: type === 'page' ? V2Page : V2BlogPost },
        },
      },
      async (request) => {
        const { id } = request.params;
        const ctx = doorContext(request);
        const { content } = authorize(ctx, 'read', { type, id });
        const bodies = await bodiesFor(services, ctx, request.query['body-format'], [id]);
        const body = bodies ? (bodies.get(id) ?? null) : undefined;
        const space = spaceOf(ctx, content);
        return type === 'page'
          ? presentV2Page(content, space, ctx.links, body)
          : presentV2BlogPost(content, space, ctx.links, body);
      },
    );
  }

  app.get(
    '/wiki/api/v2/spaces/:id/pages',
    {
      schema: {
        tags,
        summary: 'Get pages in space',
        params: V2IdParams,
        querystring: V2ListQuery,
        response: { 200: V2PageList },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const ctx = doorContext(request);
      const { space } = authorize(ctx, 'read', { type: 'space', id }, SPACE_NOT_FOUND);
      const depth = request.query.depth ?? 'all';
      const format = request.query['body-format'];
      const { items, links } = pageOf(
        ctx,
        { roots: spaceWalk(ctx.org.facts, id), depth, type: 'page' },
        request.query,
        `/api/v2/spaces/${encodeURIComponent(id)}/pages`,
        { depth: request.query.depth, 'body-format': format },
        reply,
      );
      const bodies = await bodiesFor(
        services,
        ctx,
        format,
        items.map((p) => p.id),
      );
      return {
        results: items.map((p) =>
          presentV2Page(p, space, ctx.links, bodies ? (bodies.get(p.id) ?? null) : undefined),
        ),
        _links: links,
      };
    },
  );

  app.get(
    '/wiki/api/v2/pages/:id/children',
    {
      schema: {
        tags,
        summary: 'Get child pages',
        params: V2IdParams,
        querystring: V2ChildrenQuery,
        response: { 200: V2ChildPageList },
      },
    },
    (request, reply) => {
      const { id } = request.params;
      const ctx = doorContext(request);
      const { content: page } = authorize(ctx, 'read', { type: 'page', id });
      const { items, links } = pageOf(
        ctx,
        {
          roots: childrenWalk(ctx.org.facts, ctx.org.facts.pages.slotOf(page.id)),
          depth: 'root',
          type: 'page',
        },
        request.query,
        `/api/v2/pages/${encodeURIComponent(id)}/children`,
        {},
        reply,
      );
      return { results: items.map(presentV2ChildPage), _links: links };
    },
  );
}
