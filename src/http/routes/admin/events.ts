import type { FastifyRequest } from 'fastify';
import {
  presentEvent,
  presentEventActions,
  presentPollingEvent,
} from '../../../presenters/audit-event.js';
import {
  findAuditEvent,
  pageAuditEvents,
  type AuditFilter,
  type AuditPosition,
  type PositionedEvent,
} from '../../../storage/repos/audit-events.js';
import { adminOrg } from '../../admin-auth.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  EventActionsResponse,
  EventPage,
  EventParams,
  EventResponse,
  EventsOrgParams,
  EventsQuery,
  EventsStreamQuery,
  PollingEventPage,
} from '../../schemas/audit-events.js';
import type { Services } from '../../services.js';

const tags = ['Organizations API: audit log'];
const security = [{ adminApiKey: [] }];
const DEFAULT_LIMIT = 25;

/** Epoch seconds below this are read as seconds (go-atlassian sends seconds), above as ms (A6). */
const SECONDS_BELOW = 100_000_000_000;

/** `from`/`to`: epoch milliseconds (or seconds, A6) or an ISO 8601 date-time, as an ISO time. */
export function parseTime(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let ms: number;
  if (/^\d{1,16}$/.test(value)) {
    const n = Number(value);
    ms = n < SECONDS_BELOW ? n * 1000 : n;
  } else if (/^\d{4}-\d\d-\d\d(T|$)/.test(value)) {
    ms = Date.parse(value);
  } else {
    ms = Number.NaN;
  }
  const date = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) {
    throw new ApiError(
      'EVENTS_TIME_INVALID',
      `Invalid time date: ${name} "${value}" is neither epoch milliseconds nor an ISO 8601 date-time`,
    );
  }
  return date.toISOString();
}

function timeRange(from: string | undefined, to: string | undefined) {
  const range = { from: parseTime(from, 'from'), to: parseTime(to, 'to') };
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw new ApiError('EVENTS_TIME_INVALID', `Invalid time date: from is after to`);
  }
  return range;
}

interface EventCursor {
  direction: 'next' | 'prev';
  position: AuditPosition;
}

/** Opaque audit-log cursors: a direction and the position to continue from. */
function encodeCursor(direction: 'next' | 'prev', p: AuditPosition): string {
  return Buffer.from(JSON.stringify({ d: direction, t: p.time, b: p.batch, s: p.seq })).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string | undefined): EventCursor | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (
      (v.d === 'next' || v.d === 'prev') &&
      typeof v.t === 'string' &&
      typeof v.b === 'string' &&
      typeof v.s === 'number' &&
      Number.isInteger(v.s)
    ) {
      return { direction: v.d, position: { time: v.t, batch: v.b, seq: v.s } };
    }
  } catch {
    // reported below
  }
  throw new ApiError(
    'EVENTS_CURSOR_INVALID',
    'Invalid page cursor: not a cursor this server issued',
  );
}

/** A path with the query of the request, its cursor replaced (links keep the filters, A7). */
function linkTo(request: FastifyRequest, cursor: string | null | undefined): string {
  const [path, search = ''] = request.url.split('?');
  const params = new URLSearchParams(search);
  params.delete('cursor');
  if (cursor) params.set('cursor', cursor);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path!;
}

export function registerEventRoutes(app: FastifyTypebox, services: Services): void {
  const db = services.storage.db;

  app.get(
    '/admin/v1/orgs/:orgId/events',
    {
      schema: {
        tags,
        summary: 'Query the org audit log: newest first, cursor-paged, filtered (A5–A8)',
        security,
        params: EventsOrgParams,
        querystring: EventsQuery,
        response: { 200: EventPage },
      },
    },
    async (request) => {
      const orgId = adminOrg(request);
      const query = request.query;
      const limit = query.limit ?? DEFAULT_LIMIT;
      const cursor = decodeCursor(query.cursor);
      const filter: AuditFilter = {
        ...timeRange(query.from, query.to),
        action: query.action,
        actors: query.actor,
        ips: query.ip,
        products: query.product,
        q: query.q?.trim().toLowerCase(),
      };
      const backwards = cursor?.direction === 'prev';
      const rows = await pageAuditEvents(db, orgId, filter, {
        order: 'desc',
        ...(backwards ? { before: cursor.position } : { after: cursor?.position }),
        limit: limit + 1,
      });
      const extra = rows.length > limit;
      const page: PositionedEvent[] = backwards ? rows.slice(extra ? 1 : 0) : rows.slice(0, limit);
      const first = page[0];
      const last = page[page.length - 1];
      const hasNext = backwards ? true : extra;
      const hasPrev = backwards ? extra : cursor !== undefined;
      const next = hasNext && last ? encodeCursor('next', last.position) : null;
      const prev = hasPrev && first ? encodeCursor('prev', first.position) : null;
      return {
        data: page.map((r) => presentEvent(r.event)),
        meta: { next, prev, page_size: limit },
        links: {
          self: linkTo(request, query.cursor),
          prev: prev === null ? null : linkTo(request, prev),
          next: next === null ? null : linkTo(request, next),
        },
      };
    },
  );

  app.get(
    '/admin/v1/orgs/:orgId/events-stream',
    {
      schema: {
        tags,
        summary:
          'Poll the org audit log in processing order; the cursor of the last page polls on (A9)',
        security,
        params: EventsOrgParams,
        querystring: EventsStreamQuery,
        response: { 200: PollingEventPage },
      },
    },
    async (request) => {
      const orgId = adminOrg(request);
      const query = request.query;
      const limit = query.limit ?? DEFAULT_LIMIT;
      const cursor = decodeCursor(query.cursor);
      const order = query.sortOrder ?? 'asc';
      const rows = await pageAuditEvents(db, orgId, timeRange(query.from, query.to), {
        order,
        after: cursor?.position,
        limit,
      });
      const last = rows[rows.length - 1];
      // Past the last event the cursor stays where it is, so polling it again finds new events.
      const next = last
        ? encodeCursor('next', last.position)
        : (query.cursor ?? encodeCursor('next', order === 'asc' ? START : END));
      return {
        data: rows.map((r) => presentPollingEvent(r.event)),
        meta: { next, page_size: limit },
        links: { self: linkTo(request, query.cursor), next: linkTo(request, next) },
      };
    },
  );

  app.get(
    '/admin/v1/orgs/:orgId/events/:eventId',
    {
      schema: {
        tags,
        summary: 'Get one event of the org audit log',
        security,
        params: EventParams,
        response: { 200: EventResponse },
      },
    },
    async (request) => {
      const orgId = adminOrg(request);
      const event = await findAuditEvent(db, orgId, request.params.eventId);
      if (!event) {
        throw new ApiError('EVENT_NOT_FOUND', `Event ${request.params.eventId} not found`);
      }
      return { data: presentEvent(event) };
    },
  );

  app.get(
    '/admin/v1/orgs/:orgId/event-actions',
    {
      schema: {
        tags,
        summary: 'Every action the org audit log records',
        security,
        params: EventsOrgParams,
        response: { 200: EventActionsResponse },
      },
    },
    (request) => {
      adminOrg(request);
      return presentEventActions();
    },
  );
}

/** Before every event (ascending) and after every event (descending). */
const START: AuditPosition = { time: '', batch: '', seq: -1 };
const END: AuditPosition = { time: '\uffff', batch: '', seq: -1 };
