import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './common.js';

const Id = Type.String({ minLength: 1, maxLength: 255 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const EventsOrgParams = Type.Object({ orgId: Id });
export const EventParams = Type.Object({ orgId: Id, eventId: Id });

const Text = (maxLength: number) => Type.String({ maxLength });
/** Repeated keys (`actor=a&actor=b`) or one value: the query parser makes an array of both. */
const Repeated = Type.Array(Text(512), { maxItems: 100 });

export const EventsQuery = Type.Object({
  cursor: Type.Optional(Text(2048)),
  q: Type.Optional(Text(256)),
  from: Type.Optional(Text(64)),
  to: Type.Optional(Text(64)),
  action: Type.Optional(Text(128)),
  actor: Type.Optional(Repeated),
  ip: Type.Optional(Repeated),
  product: Type.Optional(Repeated),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export type EventsQuery = Static<typeof EventsQuery>;

export const EventsStreamQuery = Type.Object({
  cursor: Type.Optional(Text(2048)),
  from: Type.Optional(Text(64)),
  to: Type.Optional(Text(64)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  sortOrder: Type.Optional(StringEnum(['asc', 'desc'] as const)),
});
export type EventsStreamQuery = Static<typeof EventsStreamQuery>;

const Attributes = Type.Record(Type.String(), Type.Unknown());

const EventObject = Type.Object({
  id: Type.String(),
  type: Type.String(),
  attributes: Attributes,
  links: Type.Object({ self: Type.Null(), alt: Type.Null() }),
});

const Actor = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  auth: Type.Optional(
    Type.Object({ authType: Type.String(), tokenLabel: Type.Optional(Type.String()) }),
  ),
  app: Type.Optional(
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      attributes: Type.Optional(Attributes),
    }),
  ),
});

const EventAttributes = {
  time: Type.String({ format: 'date-time' }),
  action: Type.String(),
  actor: Actor,
  context: Type.Array(EventObject),
  container: Type.Array(EventObject),
  location: Type.Optional(Type.Object({ ip: Type.String() })),
};

/** One event of the org audit log, as `GET /admin/v1/orgs/{orgId}/events` shows it. */
export const Event = Type.Object({
  id: Type.String(),
  type: Type.Literal('events'),
  attributes: Type.Object(EventAttributes),
  links: Type.Object({ self: Type.String() }),
  message: Type.Object({ content: Type.String(), format: Type.Literal('simple') }),
});

/** An event of the stream: the same, with `processedAt`. */
export const PollingEvent = Type.Object({
  id: Type.String(),
  type: Type.Literal('events'),
  attributes: Type.Object({
    ...EventAttributes,
    processedAt: Type.String({ format: 'date-time' }),
  }),
  links: Type.Object({ self: Type.String() }),
  message: Type.Object({ content: Type.String(), format: Type.Literal('simple') }),
});

export const EventPage = Type.Object({
  data: Type.Array(Event),
  meta: Type.Object({
    next: Nullable(Type.String()),
    prev: Nullable(Type.String()),
    page_size: Type.Integer(),
  }),
  links: Type.Object({
    self: Type.String(),
    prev: Nullable(Type.String()),
    next: Nullable(Type.String()),
  }),
});

export const PollingEventPage = Type.Object({
  data: Type.Array(PollingEvent),
  meta: Type.Object({ next: Type.String(), page_size: Type.Integer() }),
  links: Type.Object({ self: Type.String(), next: Type.String() }),
});

export const EventResponse = Type.Object({ data: Event });

export const EventActionsResponse = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.Literal('eventActions'),
      attributes: Type.Object({
        displayName: Type.String(),
        groupDisplayName: Type.String(),
        groupDisplayNames: Type.Array(Type.String()),
      }),
    }),
  ),
  links: Type.Null(),
  meta: Type.Null(),
});
