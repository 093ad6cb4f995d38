import { sql, type Kysely, type Transaction } from 'kysely';
import { adapterOf } from '../dialects/dialect.js';
import {
  POLICY_TABLES,
  WORLD_TABLES,
  emptyPolicyRows,
  emptyWorldRows,
  type PolicyRows,
  type WorldRows,
} from '../rows.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const BATCH = 200;

/** Deletes every world row of `orgId` (not its policies). */
export async function deleteOrgWorld(trx: Transaction<Database>, orgId: string): Promise<void> {
  for (const table of WORLD_TABLES) {
    if (table === 'orgs') await trx.deleteFrom('orgs').where('id', '=', orgId).execute();
    else await trx.deleteFrom(table).where('org_id', '=', orgId).execute();
  }
}

export async function deleteOrgPolicies(trx: Transaction<Database>, orgId: string): Promise<void> {
  await trx.deleteFrom('policy_resources').where('org_id', '=', orgId).execute();
  await trx.deleteFrom('policies').where('org_id', '=', orgId).execute();
}

/** Inserts rows table by table in batches; `onRows` reports progress. */
export async function insertRows(
  trx: Transaction<Database>,
  rows: Partial<WorldRows & PolicyRows>,
  onRows: (count: number) => void = () => undefined,
): Promise<void> {
  for (const table of [...WORLD_TABLES, ...POLICY_TABLES]) {
    const list = rows[table] ?? [];
    for (let i = 0; i < list.length; i += BATCH) {
      const batch = list.slice(i, i + BATCH);
      // Each table's rows match its own Insertable type; the union defeats Kysely's inference.
      await trx
        .insertInto(table)
        .values(batch as never)
        .execute();
      onRows(batch.length);
    }
  }
}

/** The tables of pages and what hangs off them: a streamed export reads them page batch by batch. */
export const PAGE_TABLES = [
  'content',
  'attachments',
  'public_links',
  'content_restrictions',
] as const;
export type PageTable = (typeof PAGE_TABLES)[number];

/**
 * Reads the world of the given orgs (all orgs when `orgIds` is undefined), ordered for export;
 * the tables in `except` are left empty.
 */
export async function readWorldRows(
  db: Db,
  orgIds?: readonly string[],
  except: readonly string[] = [],
): Promise<WorldRows> {
  const rows = emptyWorldRows();
  if (orgIds !== undefined && orgIds.length === 0) return rows;
  const shared = new Map<string, string>();
  for (const table of WORLD_TABLES) {
    if (except.includes(table)) continue;
    const orgColumn = table === 'orgs' ? 'id' : 'org_id';
    let query = db.selectFrom(table).selectAll();
    if (orgIds !== undefined) query = query.where(orgColumn as never, 'in', orgIds as never);
    const list: Record<string, unknown>[] = [];
    // Streamed, and the ids every row repeats kept once: a million memberships hold no million
    // copies of their org's id, and the driver's fresh strings die young.
    for await (const row of query.stream(1_000)) {
      const kept = row as Record<string, unknown>;
      for (const column of SHARED_COLUMNS) {
        const value = kept[column];
        if (typeof value !== 'string') continue;
        const known = shared.get(value);
        if (known === undefined) shared.set(value, value);
        else kept[column] = known;
      }
      list.push(kept);
    }
    rows[table] = list as never;
  }
  return rows;
}

/** The columns whose values repeat across rows (an org's, a user's, a group's, a space's id). */
const SHARED_COLUMNS = ['org_id', 'account_id', 'group_id', 'space_id', 'subject_id'] as const;

export async function readPolicyRows(db: Db, orgIds?: readonly string[]): Promise<PolicyRows> {
  const rows = emptyPolicyRows();
  if (orgIds !== undefined && orgIds.length === 0) return rows;
  let policies = db.selectFrom('policies').selectAll().orderBy('created_at').orderBy('id');
  if (orgIds !== undefined) policies = policies.where('org_id', 'in', orgIds);
  rows.policies = await policies.execute();
  let resources = db
    .selectFrom('policy_resources')
    .selectAll()
    .orderBy('created_at')
    .orderBy('resource_ari');
  if (orgIds !== undefined) resources = resources.where('org_id', 'in', orgIds);
  rows.policy_resources = await resources.execute();
  return rows;
}

export async function listOrgIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('orgs').select('id').orderBy('position').orderBy('id').execute();
  return rows.map((r) => r.id);
}

export { POLICY_TABLES, WORLD_TABLES };

/** Whether a tenant document with this digest was loaded before. */
export async function tenantLoaded(db: Db, digest: string): Promise<boolean> {
  const row = await db
    .selectFrom('tenant_loads')
    .select('digest')
    .where('digest', '=', digest)
    .executeTakeFirst();
  return row !== undefined;
}

export async function recordTenantLoad(
  trx: Transaction<Database>,
  digest: string,
  at: string,
): Promise<void> {
  await trx.insertInto('tenant_loads').values({ digest, loaded_at: at }).execute();
}

/** A column whose values are unique across orgs, and where each row's org is. */
export interface UniqueColumn {
  table: keyof Database;
  column: string;
  org: string;
}

/** Rows of orgs other than `orgIds` whose `column` holds one of `values`. */
export async function valuesOwnedElsewhere(
  db: Db,
  { table, column, org }: UniqueColumn,
  values: readonly string[],
  orgIds: readonly string[],
): Promise<{ value: string; org: string }[]> {
  const found: { value: string; org: string }[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const rows = (await db
      .selectFrom(table)
      .select([`${column} as value`, `${org} as org`] as never)
      .where(column as never, 'in', values.slice(i, i + 500) as never)
      .where(org as never, 'not in', orgIds as never)
      .execute()) as unknown as { value: string; org: string }[];
    found.push(...rows);
  }
  return found;
}

/**
 * Brings the planner's statistics up to date after a bulk load (`VACUUM ANALYZE` on PostgreSQL,
 * `ANALYZE` on SQLite), so nothing is left for the autovacuum daemon to do meanwhile — what the
 * scale bench runs between building a world and measuring it.
 */
export async function refreshStatistics(db: Kysely<Database>): Promise<void> {
  const adapter = adapterOf(db);
  await sql.raw(adapter?.name === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE').execute(db);
}
