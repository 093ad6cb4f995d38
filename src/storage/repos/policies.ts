import type { Kysely, Selectable, SelectQueryBuilder, Transaction } from 'kysely';
import type { CoverageLevel, Policy, PolicyStatus } from '../../domain/policies/model.js';
import type { Database, PoliciesTable, PolicyResourcesTable } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A policy's stored `rules` column: the one place it is parsed. */
export function parseRules(text: string): Policy['rules'] {
  return JSON.parse(text) as Policy['rules'];
}

export function rowToPolicy(row: Selectable<PoliciesTable>): Policy {
  return {
    id: row.id,
    orgId: row.org_id,
    type: row.type,
    name: row.name,
    status: row.status as PolicyStatus,
    coverageLevel: row.coverage_level as CoverageLevel,
    description: row.description,
    rules: parseRules(row.rules),
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    createdBy: row.created_by,
    lastUpdatedBy: row.last_updated_by,
    hasHadCoverage: row.has_had_coverage === 1,
    systemTag: row.system_tag,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function policyToRow(p: Policy): Selectable<PoliciesTable> {
  return {
    id: p.id,
    org_id: p.orgId,
    type: p.type,
    name: p.name,
    status: p.status,
    coverage_level: p.coverageLevel,
    description: p.description,
    rules: JSON.stringify(p.rules),
    subject_type: p.subjectType,
    subject_id: p.subjectId,
    created_by: p.createdBy,
    last_updated_by: p.lastUpdatedBy,
    has_had_coverage: p.hasHadCoverage ? 1 : 0,
    system_tag: p.systemTag,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export async function orgPolicies(db: Db, orgId: string): Promise<Policy[]> {
  const rows = await db
    .selectFrom('policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToPolicy);
}

export async function findPolicy(db: Db, orgId: string, id: string): Promise<Policy | undefined> {
  const row = await db
    .selectFrom('policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? rowToPolicy(row) : undefined;
}

export async function insertPolicy(trx: Transaction<Database>, policy: Policy): Promise<void> {
  await trx.insertInto('policies').values(policyToRow(policy)).execute();
}

export async function savePolicy(trx: Transaction<Database>, policy: Policy): Promise<void> {
  const { id, org_id, ...rest } = policyToRow(policy);
  await trx
    .updateTable('policies')
    .set(rest)
    .where('org_id', '=', org_id)
    .where('id', '=', id)
    .execute();
}

/** A keyset page in (created_at, id) order, forwards from `after` or backwards from `before`. */
export interface KeysetPage {
  /** (created_at, id) of the last item of the previous page */
  after?: { createdAt: string; id: string };
  /** (created_at, id) of the first item of the next page, for a previous page */
  before?: { createdAt: string; id: string };
  limit: number;
}

export interface PolicyFilter extends KeysetPage {
  status?: string;
  rule?: string;
  coverageLevel?: string;
}

/** Policies and their resources page alike: both are listed in (created_at, id) order. */
async function keysetPage<T extends 'policies' | 'policy_resources', O>(
  query: SelectQueryBuilder<Database, T, O>,
  page: KeysetPage,
): Promise<O[]> {
  // Both tables have `created_at` and `id`; Kysely cannot resolve column references over a table
  // type parameter, so the builder is addressed as the policies one.
  let q = query as unknown as SelectQueryBuilder<Database, 'policies', O>;
  const { after, before } = page;
  const from = before ?? after;
  const op = before ? '<' : '>';
  if (from) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', op, from.createdAt),
        eb.and([eb('created_at', '=', from.createdAt), eb('id', op, from.id)]),
      ]),
    );
  }
  const direction = before ? 'desc' : 'asc';
  const rows = await q
    .orderBy('created_at', direction)
    .orderBy('id', direction)
    .limit(page.limit)
    .execute();
  return before ? rows.reverse() : rows;
}

/** One page of an org's policies in (created_at, id) order; rule filtering happens on rows. */
export async function pagePolicies(db: Db, orgId: string, filter: PolicyFilter): Promise<Policy[]> {
  let query = db.selectFrom('policies').selectAll().where('org_id', '=', orgId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  else query = query.where('status', '!=', 'deleted');
  if (filter.coverageLevel !== undefined)
    query = query.where('coverage_level', '=', filter.coverageLevel);
  if (filter.rule !== undefined) query = query.where('rules', 'like', `%"${filter.rule}":%`);
  return (await keysetPage(query, filter)).map(rowToPolicy);
}

export type ResourceRow = Selectable<PolicyResourcesTable>;

export async function policyResources(
  db: Db,
  orgId: string,
  policyId: string,
): Promise<ResourceRow[]> {
  return db
    .selectFrom('policy_resources')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('policy_id', '=', policyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One page of a policy's resources in (created_at, id) order, after or before a position. */
export async function pageResources(
  db: Db,
  orgId: string,
  policyId: string,
  page: KeysetPage,
): Promise<ResourceRow[]> {
  return keysetPage(
    db
      .selectFrom('policy_resources')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('policy_id', '=', policyId),
    page,
  );
}

export async function addResources(trx: Transaction<Database>, rows: ResourceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('policy_resources')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export async function removeResources(
  trx: Transaction<Database>,
  orgId: string,
  policyId: string,
  aris: string[],
): Promise<void> {
  for (let i = 0; i < aris.length; i += 200) {
    await trx
      .deleteFrom('policy_resources')
      .where('org_id', '=', orgId)
      .where('policy_id', '=', policyId)
      .where('resource_ari', 'in', aris.slice(i, i + 200))
      .execute();
  }
}

/** The orgs that have resources still `pending` (--propagation-delay). */
export async function orgsWithPendingResources(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('policy_resources')
    .select('org_id')
    .distinct()
    .where('application_status', '=', 'pending')
    .execute();
  return rows.map((r) => r.org_id);
}

/** Resources of the org's policies still `pending` (--propagation-delay). */
export async function pendingResources(
  db: Db,
  orgId: string,
): Promise<{ id: string; policyId: string; resourceAri: string; createdAt: string }[]> {
  return db
    .selectFrom('policy_resources')
    .select([
      'id',
      'policy_id as policyId',
      'resource_ari as resourceAri',
      'created_at as createdAt',
    ])
    .where('org_id', '=', orgId)
    .where('application_status', '=', 'pending')
    .execute();
}

export async function markApplied(
  trx: Transaction<Database>,
  orgId: string,
  ids: string[],
  at: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 200) {
    await trx
      .updateTable('policy_resources')
      .set({ application_status: 'applied', updated_at: at })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + 200))
      .where('application_status', '=', 'pending')
      .execute();
  }
}

/** Levels whose policies can match cloud content (D3: UNASSIGNED and DC_WORKSPACE never do). */
const ENFORCED_LEVELS = ['ORG', 'WORKSPACE', 'CONTAINER', 'CLASSIFICATION'];

/**
 * The published, enforcing policies of the given orgs (all orgs when undefined), each with the
 * resources it enforces on: `applied` ones (a `pending` resource of --propagation-delay enforces
 * nothing yet).
 */
export async function enforcedPolicies(
  db: Db,
  orgIds?: readonly string[],
): Promise<{ policy: Policy; resourceAris: string[] }[]> {
  if (orgIds !== undefined && orgIds.length === 0) return [];
  let query = db
    .selectFrom('policies')
    .selectAll()
    .where('status', '=', 'published')
    .where('coverage_level', 'in', ENFORCED_LEVELS);
  if (orgIds !== undefined) query = query.where('org_id', 'in', orgIds);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  // Policy ids repeat across orgs (forks keep them): resources are matched by (org, policy).
  const key = (orgId: string, policyId: string) => `${orgId}\u0000${policyId}`;
  const byPolicy = new Map<string, string[]>();
  const orgsOfRows = [...new Set(rows.map((r) => r.org_id))];
  for (const orgId of orgsOfRows) {
    const ids = rows.filter((r) => r.org_id === orgId).map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const resources = await db
        .selectFrom('policy_resources')
        .select(['policy_id', 'resource_ari'])
        .where('org_id', '=', orgId)
        .where('application_status', '=', 'applied')
        .where('policy_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of resources) {
        const k = key(orgId, r.policy_id);
        const list = byPolicy.get(k);
        if (list) list.push(r.resource_ari);
        else byPolicy.set(k, [r.resource_ari]);
      }
    }
  }
  return rows.map((row) => ({
    policy: rowToPolicy(row),
    resourceAris: byPolicy.get(key(row.org_id, row.id)) ?? [],
  }));
}

/** The applied resources of every policy of the org, by policy id (what a rehearsal enforces on). */
export async function appliedResourceAris(db: Db, orgId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('policy_resources')
    .innerJoin('policies', 'policies.id', 'policy_resources.policy_id')
    .select(['policy_resources.policy_id as policyId', 'policy_resources.resource_ari as ari'])
    .where('policies.org_id', '=', orgId)
    .where('policy_resources.application_status', '=', 'applied')
    .orderBy('policy_resources.created_at')
    .orderBy('policy_resources.id')
    .execute();
  const byPolicy = new Map<string, string[]>();
  for (const { policyId, ari } of rows) {
    const list = byPolicy.get(policyId);
    if (list) list.push(ari);
    else byPolicy.set(policyId, [ari]);
  }
  return byPolicy;
}
