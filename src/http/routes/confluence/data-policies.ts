import { appAccessBlocks } from '../../../domain/decision/engine.js';
import type { App, Space } from '../../../domain/world.js';
import { presentDataPolicySpace } from '../../../presenters/data-policies.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  DataPolicyMetadata,
  DataPolicySpaceList,
  DataPolicySpacesQuery,
  type SpaceSort,
} from '../../schemas/data-policies.js';
import type { Services } from '../../services.js';
import { decodeCursor, encodeCursor } from '../../cursor.js';
import { requireScope } from '../../door/authorize.js';
import { doorContext, type DoorContext } from '../../door/context.js';

const tags = ['Data policies'];
const PATH = '/wiki/api/v2/data-policies';

/** E13: "Only apps can make this request" — users and anonymous callers get 401. */
function callingApp(ctx: DoorContext): App {
  requireScope(ctx.caller, 'read');
  if (ctx.caller.kind !== 'app') {
    throw new ApiError('DATA_POLICY_APPS_ONLY', 'Only apps can make this request');
  }
  return ctx.caller.app;
}

/** The spaces of the request's site. */
const siteSpaces = (ctx: DoorContext): Space[] =>
  [...ctx.org.world.spaces.values()].filter((s) => s.siteId === ctx.site.cloudId);

/** Numeric ids in numeric order (Confluence's ids are numbers), others after, as text. */
function compareIds(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparator(sort: SpaceSort): (a: Space, b: Space) => number {
  const field = sort.replace('-', '') as 'id' | 'key' | 'name';
  const sign = sort.startsWith('-') ? -1 : 1;
  return (a, b) => {
    const byField =
      field === 'id'
        ? compareIds(a.id, b.id)
        : a[field] < b[field]
          ? -1
          : a[field] > b[field]
            ? 1
            : 0;
    return sign * (byField || compareIds(a.id, b.id));
  };
}

export const split = (values: string[] | undefined) =>
  values === undefined
    ? undefined
    : new Set(
        values
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      );

export function registerDataPolicyRoutes(app: FastifyTypebox, _services: Services): void {
  app.get(
    `${PATH}/metadata`,
    {
      schema: {
        tags,
        summary: 'Get data policy metadata for the workspace (apps only)',
        response: { 200: DataPolicyMetadata },
      },
    },
    (request) => {
      const ctx = doorContext(request);
      const caller = callingApp(ctx);
      return {
        anyContentBlocked: siteSpaces(ctx).some((s) =>
          appAccessBlocks(ctx.org.facts, caller, s.id),
        ),
      };
    },
  );
  app.get(
    `${PATH}/spaces`,
    {
      schema: {
        tags,
        summary: 'Get spaces with data policies (apps only)',
        querystring: DataPolicySpacesQuery,
        response: { 200: DataPolicySpaceList },
      },
    },
    (request, reply) => {
      const ctx = doorContext(request);
      const caller = callingApp(ctx);
      const { sort = 'id', limit = 25 } = request.query;
      const ids = split(request.query.ids);
      const keys = split(request.query.keys);
      const after = decodeCursor(request.query.cursor, 'querystring.cursor');
      const spaces = siteSpaces(ctx)
        .filter(
          (s) => (ids === undefined || ids.has(s.id)) && (keys === undefined || keys.has(s.key)),
        )
        .sort(comparator(sort));
      const start = after === undefined ? 0 : spaces.findIndex((s) => s.id === after) + 1;
      if (after !== undefined && start === 0) {
        throw new ApiError(
          'REQUEST_VALIDATION',
          'querystring.cursor: the space it points after is gone',
        );
      }
      const page = spaces.slice(start, start + limit);
      const more = start + limit < spaces.length;
      const base = ctx.links.base;
      const links: { next?: string; base: string } = { base };
      if (more) {
        const query = new URLSearchParams();
        if (ids) query.set('ids', [...ids].join(','));
        if (keys) query.set('keys', [...keys].join(','));
        if (request.query.sort !== undefined) query.set('sort', sort);
        query.set('limit', String(limit));
        query.set('cursor', encodeCursor(page[page.length - 1]!.id));
        links.next = `${PATH}/spaces?${query.toString()}`;
        reply.header('link', `<${links.next}>; rel="next", <${base}>; rel="base"`);
      }
      return {
        results: page.map((s) =>
          presentDataPolicySpace(s, appAccessBlocks(ctx.org.facts, caller, s.id)),
        ),
        _links: links,
      };
    },
  );
}
