import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import type { WorldTable } from '../rows.js';

/** Rows streamed per batch: the loader never holds a whole table. */
const STREAM_BATCH = 5000;

export type WorldRow<T extends WorldTable> = Selectable<Database[T]>;

/**
 * The rows of one org in one world table, streamed (better-sqlite3's iterator; a pg cursor on
 * PostgreSQL). Content rows come without their bodies, which only exports and page reads need.
 */
export function streamOrgRows<T extends WorldTable>(
  db: Kysely<Database>,
  table: T,
  orgId: string,
): AsyncIterableIterator<WorldRow<T>> {
  const orgColumn = table === 'orgs' ? 'id' : 'org_id';
  if (table === 'content') {
    return db
      .selectFrom('content')
      .select([
        'org_id',
        'id',
        'space_id',
        'parent_id',
        'type',
        'title',
        'classification',
        'position',
      ])
      .where('org_id', '=', orgId)
      .stream(STREAM_BATCH) as AsyncIterableIterator<WorldRow<T>>;
  }
  if (table === 'content_restrictions') {
    // Ordered by page, so a page's rows arrive together and the loader groups them as it goes.
    return db
      .selectFrom('content_restrictions')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('content_id')
      .stream(STREAM_BATCH) as AsyncIterableIterator<WorldRow<T>>;
  }
  if (table === 'attachments') {
    return db
      .selectFrom('attachments')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('position')
      .stream(STREAM_BATCH) as AsyncIterableIterator<WorldRow<T>>;
  }
  // Each table's rows match its own Selectable type; the union defeats Kysely's inference.
  return db
    .selectFrom(table as 'orgs')
    .selectAll()
    .where(orgColumn as 'id', '=', orgId)
    .stream(STREAM_BATCH) as unknown as AsyncIterableIterator<WorldRow<T>>;
}

/** How many rows the given world tables hold (a full load's progress measures against it). */
export async function countWorldRows(
  db: Kysely<Database>,
  tables: readonly WorldTable[],
): Promise<number> {
  let total = 0;
  for (const table of tables) {
    const row = await db
      .selectFrom(table as 'orgs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    total += Number(row?.n ?? 0);
  }
  return total;
}
