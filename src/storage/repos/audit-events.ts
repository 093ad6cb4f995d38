import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuditEvent } from '../../domain/audit/event.js';
import type { AuditEventsTable, Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Where an event sits in the log's order. */
export interface AuditPosition {
  time: string;
  batch: string;
  seq: number;
}

/** An event as it is stored, with its place in the order and what `product` filters match. */
export interface StoredAuditEvent extends AuditPosition {
  event: AuditEvent;
  product: string | null;
  search: string;
}

type Row = Selectable<AuditEventsTable>;

interface Body {
  actor: AuditEvent['actor'];
  context: AuditEvent['context'];
  container: AuditEvent['container'];
  location: AuditEvent['location'];
  message: string;
}

function toRow(stored: StoredAuditEvent): Row {
  const { event } = stored;
  const body: Body = {
    actor: event.actor,
    context: event.context,
    container: event.container,
    location: event.location,
    message: event.message,
  };
  return {
    org_id: event.orgId,
    id: event.id,
    time: event.time,
    batch: stored.batch,
    seq: stored.seq,
    action: event.action,
    actor_id: event.actor.id,
    ip: event.location?.ip ?? null,
    product: stored.product,
    search: stored.search,
    body: JSON.stringify(body),
  };
}

/** A stored row as an event: the one place the `body` column is parsed. */
function fromRow(row: Row): AuditEvent {
  const body = JSON.parse(row.body) as Body;
  return {
    id: row.id,
    orgId: row.org_id,
    time: row.time,
    action: row.action,
    actor: body.actor,
    context: body.context,
    container: body.container,
    location: body.location,
    message: body.message,
  };
}

export async function insertAuditEvents(
  trx: Transaction<Database>,
  events: readonly StoredAuditEvent[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 200) {
    await trx
      .insertInto('audit_events')
      .values(events.slice(i, i + 200).map(toRow))
      .execute();
  }
}

export async function deleteOrgAuditEvents(
  trx: Transaction<Database>,
  orgId: string,
): Promise<void> {
  await trx.deleteFrom('audit_events').where('org_id', '=', orgId).execute();
}

export interface AuditFilter {
  action?: string;
  actors?: readonly string[];
  ips?: readonly string[];
  products?: readonly string[];
  /** one lower-cased term, matched anywhere in the event's search text */
  q?: string;
  /** ISO times, inclusive */
  from?: string;
  to?: string;
}

export interface AuditPage {
  /** `desc`: newest first (the events list); `asc`: oldest first (the stream) */
  order: 'desc' | 'asc';
  /** continue after this position in `order` … */
  after?: AuditPosition;
  /** … or end before it (a previous page), read in the opposite order and returned in `order` */
  before?: AuditPosition;
  limit: number;
}

/** `%`, `_` and the escape character itself are literal in a `q` term. */
const likeTerm = (term: string) => `%${term.replace(/[!%_]/g, (c) => `!${c}`)}%`;

export interface PositionedEvent {
  event: AuditEvent;
  position: AuditPosition;
}

/** One page of an org's events, filtered, in the log's order. */
export async function pageAuditEvents(
  db: Db,
  orgId: string,
  filter: AuditFilter,
  page: AuditPage,
): Promise<PositionedEvent[]> {
  let query = db.selectFrom('audit_events').selectAll().where('org_id', '=', orgId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.actors?.length) query = query.where('actor_id', 'in', [...filter.actors]);
  if (filter.ips?.length) query = query.where('ip', 'in', [...filter.ips]);
  if (filter.products?.length) query = query.where('product', 'in', [...filter.products]);
  if (filter.from !== undefined) query = query.where('time', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('time', '<=', filter.to);
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = likeTerm(filter.q);
    query = query.where(sql<boolean>`search like ${pattern} escape '!'`);
  }
  const backwards = page.before !== undefined;
  const from = page.before ?? page.after;
  // Reading forwards in `desc` means smaller positions; a previous page reads the other way.
  const descending = (page.order === 'desc') !== backwards;
  if (from) {
    const op = descending ? '<' : '>';
    query = query.where((eb) =>
      eb.or([
        eb('time', op, from.time),
        eb.and([eb('time', '=', from.time), eb('batch', op, from.batch)]),
        eb.and([eb('time', '=', from.time), eb('batch', '=', from.batch), eb('seq', op, from.seq)]),
      ]),
    );
  }
  const direction = descending ? 'desc' : 'asc';
  const rows = await query
    .orderBy('time', direction)
    .orderBy('batch', direction)
    .orderBy('seq', direction)
    .limit(page.limit)
    .execute();
  const events = rows.map((row) => ({
    event: fromRow(row),
    position: { time: row.time, batch: row.batch, seq: row.seq },
  }));
  return backwards ? events.reverse() : events;
}

export async function findAuditEvent(
  db: Db,
  orgId: string,
  id: string,
): Promise<AuditEvent | undefined> {
  const row = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** Every event of the given orgs (all when undefined), oldest first: what export writes. */
export async function readAuditEvents(db: Db, orgIds?: readonly string[]): Promise<AuditEvent[]> {
  if (orgIds !== undefined && orgIds.length === 0) return [];
  let query = db.selectFrom('audit_events').selectAll();
  if (orgIds !== undefined) query = query.where('org_id', 'in', [...orgIds]);
  const rows = await query
    .orderBy('org_id')
    .orderBy('time')
    .orderBy('batch')
    .orderBy('seq')
    .execute();
  return rows.map(fromRow);
}
