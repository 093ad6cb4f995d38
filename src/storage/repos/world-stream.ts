import type { Compilable, Kysely, Selectable } from 'kysely';
import { adapterOf } from '../dialects/dialect.js';
import type { WorldTable } from '../rows.js';
import type { RestrictionRow } from './restrictions.js';
import type { Database } from '../schema.js';

/** Rows per batch: the loader holds one batch of a table at a time, never the table. */
const BATCH = 10_000;

export type WorldRow<T extends WorldTable> = Selectable<Database[T]>;

/** A query's rows in batches, streamed by the database's dialect adapter. */
async function* scanned<T>(
  db: Kysely<Database>,
  query: Compilable,
  rowsAs: 'objects' | 'arrays' = 'objects',
): AsyncGenerator<T[]> {
  const adapter = adapterOf(db);
  if (!adapter) throw new Error('no dialect adapter for this database');
  for await (const batch of adapter.scan(query.compile(), BATCH, rowsAs)) yield batch as T[];
}

/**
 * The rows of one org in one world table, in batches of up to 10,000, streamed by the dialect (its
 * own read connection on SQLite, a cursor on PostgreSQL): one scan per table, one await per batch.
 * Content, memberships, space permissions and restrictions have readers of their own below
 * (fewer columns; restrictions grouped by page).
 */
export async function* orgRowBatches<T extends WorldTable>(
  db: Kysely<Database>,
  table: T,
  orgId: string,
): AsyncGenerator<WorldRow<T>[]> {
  const orgColumn = table === 'orgs' ? 'id' : 'org_id';
  // The tables differ in their columns; Kysely cannot type a query over a table parameter,
  // so the builder is addressed as one table and the rows are typed by `T`.
  let query = db.selectFrom(table as 'content').where(orgColumn as 'org_id', '=', orgId);
  query = query.selectAll() as typeof query;
  yield* scanned<WorldRow<T>>(db, query);
}

/** A content row as the index reads it: id, space, parent, type, title, own level, position. */
export type ContentTuple = [
  id: string,
  spaceId: string,
  parentId: string | null,
  type: string,
  title: string,
  classification: string | null,
  position: number,
];

/** An org's pages and blog posts as column tuples, in batches (the cheapest form of a row). */
export async function* contentBatches(
  db: Kysely<Database>,
  orgId: string,
): AsyncGenerator<ContentTuple[]> {
  const query = db
    .selectFrom('content')
    .select(['id', 'space_id', 'parent_id', 'type', 'title', 'classification', 'position'])
    .where('org_id', '=', orgId);
  yield* scanned<ContentTuple>(db, query, 'arrays');
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

/** How many pages and blog posts an org has. */
export async function countOrgContent(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('content')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A membership as the index reads it: group id, member's accountId. */
export type MembershipTuple = [groupId: string, accountId: string];

/** An org's group memberships as column tuples, in batches (two columns of four: half the strings). */
export async function* membershipBatches(
  db: Kysely<Database>,
  orgId: string,
): AsyncGenerator<MembershipTuple[]> {
  const query = db
    .selectFrom('group_members')
    .select(['group_id', 'account_id'])
    .where('org_id', '=', orgId);
  yield* scanned<MembershipTuple>(db, query, 'arrays');
}

/** A space permission as the index reads it: space, subject type and id, operation. */
export type SpacePermissionTuple = [
  spaceId: string,
  subjectType: string,
  subjectId: string,
  operation: string,
];

/** An org's space permissions as column tuples, in batches (four columns of six, no objects). */
export async function* spacePermissionBatches(
  db: Kysely<Database>,
  orgId: string,
): AsyncGenerator<SpacePermissionTuple[]> {
  const query = db
    .selectFrom('space_permissions')
    .select(['space_id', 'subject_type', 'subject_id', 'operation'])
    .where('org_id', '=', orgId);
  yield* scanned<SpacePermissionTuple>(db, query, 'arrays');
}

/** A restriction row as the index reads it: the page's id beside the row's subject. */
export interface PageRestrictionRow extends RestrictionRow {
  content_id: string;
}

/** An org's restriction rows without their org column, grouped by page. */
export async function* restrictionBatches(
  db: Kysely<Database>,
  orgId: string,
): AsyncGenerator<PageRestrictionRow[]> {
  const query = db
    .selectFrom('content_restrictions')
    .select(['content_id', 'operation', 'subject_type', 'subject_id'])
    .where('org_id', '=', orgId)
    .orderBy('content_id');
  yield* scanned<PageRestrictionRow>(db, query);
}
