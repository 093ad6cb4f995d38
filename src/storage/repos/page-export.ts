import type { Kysely, Transaction } from 'kysely';
import type { WorldRows } from '../rows.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A page's place in the tree: id, parent (null at the top of a space), space. */
export type ContentPlace = readonly [id: string, parentId: string | null, spaceId: string];

/**
 * Every page and blog post of the org as its place only, streamed in position order (a cursor
 * on PostgreSQL, a statement iterator on SQLite): no other query may run on `db` meanwhile.
 */
export async function* contentPlaces(db: Db, orgId: string): AsyncGenerator<ContentPlace> {
  const rows = db
    .selectFrom('content')
    .select(['id', 'parent_id', 'space_id'])
    .where('org_id', '=', orgId)
    .orderBy('position')
    .stream(1_000);
  for await (const row of rows) yield [row.id, row.parent_id, row.space_id];
}

export type PageRows = Pick<
  WorldRows,
  'content' | 'attachments' | 'public_links' | 'content_restrictions'
>;

/** The rows of the given pages and of what hangs off them (attachments, links, restrictions). */
export async function readPageRows(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<PageRows> {
  if (ids.length === 0)
    return { content: [], attachments: [], public_links: [], content_restrictions: [] };
  const list = [...ids];
  const [content, attachments, links, restrictions] = [
    await db
      .selectFrom('content')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', 'in', list)
      .execute(),
    await db
      .selectFrom('attachments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('content_id', 'in', list)
      .execute(),
    await db
      .selectFrom('public_links')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('content_id', 'in', list)
      .execute(),
    await db
      .selectFrom('content_restrictions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('content_id', 'in', list)
      .execute(),
  ];
  return { content, attachments, public_links: links, content_restrictions: restrictions };
}

/** How many rows of `table` the orgs hold (all orgs when `orgIds` is undefined). */
export async function countRows(
  db: Db,
  table: 'content',
  orgIds?: readonly string[],
): Promise<number> {
  let query = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (orgIds !== undefined) query = query.where('org_id', 'in', [...orgIds]);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
