import type { Compilable, Kysely, Selectable } from 'kysely';
import { adapterOf, type DialectAdapter } from '../dialects/dialect.js';
import type { WorldTable } from '../rows.js';
import type { Database } from '../schema.js';

/** Rows per batch: the loader holds one batch of a table at a time, never the table. */
const BATCH = 10_000;
/** Rows per batch of a reader that reads a row per group (of members, of space grants). */
const GROUP_BATCH = 200;

export type WorldRow<T extends WorldTable> = Selectable<Database[T]>;

/** A query's rows in batches, streamed by the database's dialect adapter. */
async function* scanned<T>(
  db: Kysely<Database>,
  query: Compilable,
  rowsAs: 'objects' | 'arrays' = 'objects',
  batchSize = BATCH,
): AsyncGenerator<T[]> {
  const scan = adapterFor(db).scan(query.compile(), batchSize, rowsAs);
  for await (const batch of scan) yield batch as T[];
}

function adapterFor(db: Kysely<Database>): DialectAdapter {
  const adapter = adapterOf(db);
  if (!adapter) throw new Error('no dialect adapter for this database');
  return adapter;
}

/**
 * The rows of one org in one world table, in batches of up to 10,000, in no particular order,
 * streamed by the dialect (`scanOrgRows`: SQLite reads them as columns on a connection of its own,
 * PostgreSQL through a cursor): one scan per table, one await per batch. Content, memberships,
 * space permissions and restrictions have readers of their own below (fewer columns; a row per
 * group of memberships and of space permissions; restrictions grouped by page).
 */
export async function* orgRowBatches<T extends WorldTable>(
  db: Kysely<Database>,
  table: T,
  orgId: string,
): AsyncGenerator<WorldRow<T>[]> {
  const orgColumn = table === 'orgs' ? 'id' : 'org_id';
  const scan = adapterFor(db).scanOrgRows({
    table,
    orgColumn,
    orgId,
    columns: null,
    batchSize: BATCH,
  });
  for await (const batch of scan) yield batch as WorldRow<T>[];
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

/**
 * An org's pages and blog posts as column tuples, in batches (the cheapest form of a row).
 * `columns`: SQLite reads it column by column, far faster, but its JSON texts leave garbage
 * behind (what a load's worker thread reads with: its heap goes when it ends); `rows`: one row at
 * a time (what a rebuild reads with while the index serves, so its peak RSS stays lower). The
 * rows come in the same order either way, so a rebuild finds an unchanged table unchanged (I1).
 */
export async function* contentBatches(
  db: Kysely<Database>,
  orgId: string,
  read: 'columns' | 'rows',
): AsyncGenerator<ContentTuple[]> {
  const columns: (keyof Database['content'])[] = [
    'id',
    'space_id',
    'parent_id',
    'type',
    'title',
    'classification',
    'position',
  ];
  const query = {
    table: 'content',
    orgColumn: 'org_id',
    orgId,
    columns,
    batchSize: BATCH,
    rowByRow: read === 'rows',
  };
  for await (const batch of adapterFor(db).scanOrgRows(query)) yield batch as ContentTuple[];
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

/** A group's members as the index reads them: the group's id and its members' accountIds. */
export type MembershipGroup = [groupId: string, accountIds: string[]];

/**
 * An org's group memberships, a row per group (its members as one JSON array), in batches of
 * groups: handing a row to JavaScript costs far more than its two strings, and a group has many
 * members, so this reads a fraction of the rows one row per membership would.
 */
export async function* membershipBatches(
  db: Kysely<Database>,
  orgId: string,
): AsyncGenerator<MembershipGroup[]> {
  const query = db
    .selectFrom('group_members')
    .select(['group_id', adapterFor(db).jsonArrayOf('account_id').as('account_ids')])
    .where('org_id', '=', orgId)
    .groupBy('group_id');
  for await (const batch of scanned<[string, string]>(db, query, 'arrays', GROUP_BATCH)) {
    yield batch.map(([groupId, accountIds]) => [groupId, parsedIds(accountIds)]);
  }
}

/**
 * The subjects holding one operation in one space as the index reads them: space, subject type,
 * operation and the subjects' ids (the anonymous subject's id is the empty string).
 */
export type SpacePermissionGroup = [
  spaceId: string,
  subjectType: string,
  operation: string,
  subjectIds: string[],
];

/** An org's space permissions, a row per space, subject type and operation, in batches. */
export async function* spacePermissionBatches(
  db: Kysely<Database>,
  orgId: string,
): AsyncGenerator<SpacePermissionGroup[]> {
  const query = db
    .selectFrom('space_permissions')
    .select([
      'space_id',
      'subject_type',
      'operation',
      adapterFor(db).jsonArrayOf('subject_id').as('subject_ids'),
    ])
    .where('org_id', '=', orgId)
    .groupBy(['space_id', 'subject_type', 'operation']);
  type Row = [string, string, string, string];
  for await (const batch of scanned<Row>(db, query, 'arrays', GROUP_BATCH)) {
    yield batch.map(([spaceId, type, operation, ids]) => [
      spaceId,
      type,
      operation,
      parsedIds(ids),
    ]);
  }
}

function parsedIds(json: string): string[] {
  const ids: unknown = JSON.parse(json);
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw new Error('an aggregated id column is not a JSON array of strings');
  }
  return ids as string[];
}

/** A restriction row as the index reads it: the page's id, operation, subject type and id. */
export type RestrictionTuple = [
  contentId: string,
  operation: string,
  subjectType: string,
  subjectId: string,
];

/** An org's restriction rows without their org column, grouped by page (column tuples). */
export async function* restrictionBatches(
  db: Kysely<Database>,
  orgId: string,
): AsyncGenerator<RestrictionTuple[]> {
  const query = db
    .selectFrom('content_restrictions')
    .select(['content_id', 'operation', 'subject_type', 'subject_id'])
    .where('org_id', '=', orgId)
    .orderBy('content_id');
  yield* scanned<RestrictionTuple>(db, query, 'arrays');
}
