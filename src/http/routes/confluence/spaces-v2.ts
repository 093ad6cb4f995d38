import type { Space } from '../../../domain/world.js';
import { NO_HISTORY_DATE } from '../../../presenters/content-v1.js';
import { decodeCursor, encodeCursor } from '../../cursor.js';
import { authorize, decisionsFor } from '../../door/authorize.js';
import { doorContext, type DoorContext } from '../../door/context.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { V2IdParams } from '../../schemas/pages-v2.js';
import { SpaceItemQuery, SpaceListQuery, V2Space, V2SpaceList } from '../../schemas/spaces-v2.js';
import { comparator, split } from './data-policies.js';

const tags = ['Spaces (v2)'];
const DEFAULT_LIMIT = 25;

const SPACE_NOT_FOUND = {
  notFound: (id: string) => new ApiError('CONTENT_NOT_FOUND', `No space found with id: ${id}`),
};

/** A space in v2’s shape (J37, J38): every space is `global` and `current`; no author or icon is kept. */
function presentSpace(ctx: DoorContext, space: Space, format: 'plain' | 'view' | undefined) {
  const pages = ctx.org.facts.pages;
  const roots = pages.rootsOf(space.id);
  let home: string | undefined;
  for (let i = 0; i < roots.length && home === undefined; i++) {
    if (!pages.isBlogPost(roots[i]!)) home = pages.id(roots[i]!);
  }
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: 'global',
    status: 'current',
    createdAt: NO_HISTORY_DATE,
    ...(home !== undefined ? { homepageId: home } : {}),
    ...(format !== undefined
      ? { description: { [format]: { representation: format, value: '' } } }
      : {}),
    _links: { webui: `/spaces/${space.key}` },
  };
}

/** `GET /wiki/api/v2/spaces` and `/spaces/{id}`: only spaces the caller may view (J37, J38). */
export function registerSpaceV2Routes(app: FastifyTypebox): void {
  app.get(
    '/wiki/api/v2/spaces',
    {
      schema: {
        tags,
        summary: 'Get spaces (only those the caller may view)',
        querystring: SpaceListQuery,
        response: { 200: V2SpaceList },
      },
    },
    (request, reply) => {
      const ctx = doorContext(request);
      const q = request.query;
      const ids = split(q.ids);
      const keys = split(q.keys);
      const labels = split(q.labels);
      const after = decodeCursor(q.cursor, 'querystring.cursor');
      const decider = decisionsFor(ctx.org.facts, ctx.subject);
      const matching = [...ctx.org.world.spaces.values()]
        .filter((s) => s.siteId === ctx.site.cloudId)
        .filter(
          (s) => (ids === undefined || ids.has(s.id)) && (keys === undefined || keys.has(s.key)),
        )
        // Every space is global and current; none has labels or is anyone's favourite.
        .filter(() => (q.type === undefined || q.type === 'global') && q.status !== 'archived')
        .filter(
          () => (labels === undefined || labels.size === 0) && q['favorited-by'] === undefined,
        )
        .filter((s) => decider.decide('read', { type: 'space', id: s.id }).decision === 'allow')
        .sort(comparator(q.sort ?? 'id'));
      const start = after === undefined ? 0 : matching.findIndex((s) => s.id === after) + 1;
      if (after !== undefined && start === 0) {
        throw new ApiError('REQUEST_VALIDATION', 'querystring.cursor: not a cursor of this list');
      }
      const limit = q.limit ?? DEFAULT_LIMIT;
      const page = matching.slice(start, start + limit);
      const base = ctx.links.base;
      const links: { next?: string; base: string } = { base };
      if (start + limit < matching.length) {
        const params = new URLSearchParams();
        for (const [name, value] of Object.entries(q)) {
          if (name === 'cursor' || value === undefined) continue;
          params.set(name, Array.isArray(value) ? value.join(',') : String(value));
        }
        params.set('limit', String(limit));
        params.set('cursor', encodeCursor(page[page.length - 1]!.id));
        links.next = `/wiki/api/v2/spaces?${params.toString()}`;
        void reply.header('link', `<${links.next}>; rel="next", <${base}>; rel="base"`);
      }
      return {
        results: page.map((s) => presentSpace(ctx, s, q['description-format'])),
        _links: links,
      };
    },
  );

  app.get(
    '/wiki/api/v2/spaces/:id',
    {
      schema: {
        tags,
        summary: 'Get space by id (404 when the caller may not view it)',
        params: V2IdParams,
        querystring: SpaceItemQuery,
        response: { 200: V2Space },
      },
    },
    (request) => {
      const ctx = doorContext(request);
      const { space } = authorize(
        ctx,
        'read',
        { type: 'space', id: request.params.id },
        SPACE_NOT_FOUND,
      );
      const shown = presentSpace(ctx, space, request.query['description-format']);
      return { ...shown, _links: { ...shown._links, base: ctx.links.base } };
    },
  );
}
