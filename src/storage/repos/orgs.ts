import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { ORG_TABLES, type OrgTable, type Rewrite } from '../org-tables.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function orgExists(db: Db, orgId: string): Promise<boolean> {
  const row = await db.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst();
  return row !== undefined;
}

/** The org whose Admin API key this is (the operator key must be none: G1). */
export async function orgOfAdminKey(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('admin_api_keys')
    .select('org_id')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.org_id;
}

/** What a fork must give new values: the org's sites and Admin API keys. */
export async function orgRoutingRows(
  db: Db,
  orgId: string,
): Promise<{ sites: { cloudId: string; name: string }[]; adminKeys: string[] }> {
  const sites = await db
    .selectFrom('sites')
    .select(['cloud_id', 'name'])
    .where('org_id', '=', orgId)
    .orderBy('position')
    .execute();
  const keys = await db
    .selectFrom('admin_api_keys')
    .select('key')
    .where('org_id', '=', orgId)
    .orderBy('position')
    .execute();
  return {
    sites: sites.map((s) => ({ cloudId: s.cloud_id, name: s.name })),
    adminKeys: keys.map((k) => k.key),
  };
}

/** Whether a site name (case-insensitive) or cloudId is taken by any org. */
export async function siteTaken(db: Db, name: string, cloudId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sites')
    .select('cloud_id')
    .where((eb) =>
      eb.or([eb(eb.fn('lower', ['name']), '=', name.toLowerCase()), eb('cloud_id', '=', cloudId)]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** The new values of one fork (see `Rewrite` in org-tables.ts). */
export interface ForkPlan {
  readonly sourceOrgId: string;
  readonly orgId: string;
  readonly sites: readonly { cloudId: string; forkCloudId: string; forkName: string }[];
  readonly adminKeys: readonly { key: string; forkKey: string }[];
  /** Prepended to a row's key column to make its fresh credential. */
  readonly secretPrefix: string;
}

/** Column names per table, read once per database from its catalogue (both dialects). */
const columnCache = new WeakMap<object, Promise<Map<string, string[]>>>();

function columnsOf(db: Db): Promise<Map<string, string[]>> {
  const key = db.getExecutor().adapter;
  let columns = columnCache.get(key);
  if (!columns) {
    columns = db.introspection.getTables().then((tables) => {
      const byName = new Map<string, string[]>();
      // A table of the same name in another schema must not shadow ours (PostgreSQL).
      const ranked = [...tables].sort(
        (a, b) =>
          Number(a.schema !== undefined && a.schema !== 'public') -
          Number(b.schema !== undefined && b.schema !== 'public'),
      );
      for (const table of ranked) {
        if (!byName.has(table.name))
          byName.set(
            table.name,
            table.columns.map((c) => c.name),
          );
      }
      return byName;
    });
    columnCache.set(key, columns);
    columns.catch(() => columnCache.delete(key));
  }
  return columns;
}

const text = (value: string): RawBuilder<unknown> => sql`cast(${value} as text)`;

/** `case <column> when old then new … else <otherwise> end`, or `otherwise` when nothing maps. */
function mapped(
  column: string,
  pairs: readonly (readonly [string, string])[],
  otherwise = column,
): RawBuilder<unknown> {
  if (pairs.length === 0) return sql.ref(otherwise);
  const whens = pairs.map(([from, to]) => sql`when ${text(from)} then ${text(to)}`);
  return sql`case ${sql.ref(column)} ${sql.join(whens, sql` `)} else ${sql.ref(otherwise)} end`;
}

function expression(
  column: string,
  rewrite: Rewrite | undefined,
  plan: ForkPlan,
): RawBuilder<unknown> {
  if (rewrite === undefined) return sql.ref(column);
  if (typeof rewrite === 'object') {
    return sql`case when ${sql.ref(column)} is null then null else ${text(plan.secretPrefix)} || ${sql.ref(rewrite.secret)} end`;
  }
  switch (rewrite) {
    case 'org':
      return text(plan.orgId);
    case 'site':
      return mapped(
        column,
        plan.sites.map((s) => [s.cloudId, s.forkCloudId] as const),
      );
    case 'siteName':
      return mapped(
        'cloud_id',
        plan.sites.map((s) => [s.cloudId, s.forkName] as const),
        column,
      );
    case 'adminKey':
      return mapped(
        column,
        plan.adminKeys.map((k) => [k.key, k.forkKey] as const),
      );
    case 'resourceAri': {
      // Site ARIs name the cloudId at the end; space and project ARIs between colons.
      const sites = plan.sites.flatMap((s) => [
        [
          `ari:cloud:confluence::site/${s.cloudId}`,
          `ari:cloud:confluence::site/${s.forkCloudId}`,
        ] as const,
        [`ari:cloud:jira::site/${s.cloudId}`, `ari:cloud:jira::site/${s.forkCloudId}`] as const,
      ]);
      let inner: RawBuilder<unknown> = sql.ref(column);
      for (const s of plan.sites) {
        inner = sql`replace(${inner}, ${text(`:${s.cloudId}:`)}, ${text(`:${s.forkCloudId}:`)})`;
      }
      if (sites.length === 0) return inner;
      const whens = sites.map(([from, to]) => sql`when ${text(from)} then ${text(to)}`);
      return sql`case ${sql.ref(column)} ${sql.join(whens, sql` `)} else ${inner} end`;
    }
  }
}

/**
 * Copies every row of the source org into the fork, one INSERT … SELECT per table of
 * ORG_TABLES, inside the caller's transaction. Returns the number of rows copied.
 */
export async function copyOrg(trx: Transaction<Database>, plan: ForkPlan): Promise<number> {
  const columns = await columnsOf(trx);
  let copied = 0;
  for (const spec of ORG_TABLES) {
    const all = columns.get(spec.table);
    if (!all) throw new Error(`fork: table ${spec.table} is not in the database`);
    const kept = all.filter((c) => !(spec.omit ?? []).includes(c));
    const exprs = kept.map((c) => expression(c, spec.rewrite[c], plan));
    const result =
      await sql`insert into ${sql.table(spec.table)} (${sql.join(kept.map((c) => sql.ref(c)))})
      select ${sql.join(exprs)} from ${sql.table(spec.table)}
      where ${sql.ref(spec.orgColumn)} = ${text(plan.sourceOrgId)}`.execute(trx);
    copied += Number(result.numAffectedRows ?? 0);
  }
  return copied;
}

function deleteRows(trx: Transaction<Database>, spec: OrgTable, orgId: string) {
  return sql`delete from ${sql.table(spec.table)} where ${sql.ref(spec.orgColumn)} = ${text(orgId)}`.execute(
    trx,
  );
}

/**
 * Removes one org's rows: every table of ORG_TABLES (`everything`), or only what a tenant
 * document describes (a restore keeps the rest). Other orgs are untouched.
 */
export async function deleteOrgRows(
  trx: Transaction<Database>,
  orgId: string,
  which: 'everything' | 'document',
): Promise<void> {
  // Children first, the org row last.
  for (const spec of [...ORG_TABLES].reverse()) {
    if (which === 'document' && !spec.inDocument) continue;
    await deleteRows(trx, spec, orgId);
  }
}

/** Every org's rows and the record of loaded tenant documents: an empty server. */
export async function deleteAllOrgs(trx: Transaction<Database>): Promise<string[]> {
  const orgs = await trx.selectFrom('orgs').select('id').execute();
  for (const spec of [...ORG_TABLES].reverse()) {
    await sql`delete from ${sql.table(spec.table)}`.execute(trx);
  }
  await trx.deleteFrom('tenant_loads').execute();
  return orgs.map((o) => o.id);
}

/** The stored modes (orgs.enforcement); undefined when there is no such org. */
export async function readOrgEnforcement(
  db: Db,
  orgId: string,
): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('orgs')
    .select('enforcement')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return row === undefined ? undefined : row.enforcement;
}

/** Stores an org's modes; false when there is no such org. */
export async function writeOrgEnforcement(
  trx: Transaction<Database>,
  orgId: string,
  stored: string | null,
): Promise<boolean> {
  const result = await trx
    .updateTable('orgs')
    .set({ enforcement: stored })
    .where('id', '=', orgId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Stores the same modes for every org; returns their ids. */
export async function writeEnforcementOfAllOrgs(
  trx: Transaction<Database>,
  stored: string | null,
): Promise<string[]> {
  await trx.updateTable('orgs').set({ enforcement: stored }).execute();
  const rows = await trx.selectFrom('orgs').select('id').execute();
  return rows.map((r) => r.id);
}
