import type { Kysely, Transaction } from 'kysely';
import { adapterOf } from '../dialects/dialect.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What a committed write changed. Every write appends its changes in its own transaction; each
 * instance's index replays the log from its last revision (see docs/ARCHITECTURE.md).
 */
export type ChangeKind =
  | 'org'
  | 'restrictions'
  | 'policy'
  | 'content'
  | 'space'
  | 'public-link'
  | 'enforcement'
  /** Jira content (an issue's level, a project's default): the index reloads the org. */
  | 'jira';

export interface Change {
  revision: number;
  orgId: string;
  kind: ChangeKind;
  entityId: string;
}

/**
 * Appends a write's changes; returns the highest revision they got (0 for none). Appends are
 * serialized until commit (`change-log` lock): a revision is taken at insert time, so without it a
 * later revision could commit first, and an index that replayed it would skip the earlier one for
 * good.
 */
export async function appendChanges(
  trx: Transaction<Database>,
  changes: readonly { orgId: string; kind: ChangeKind; entityId: string }[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const adapter = adapterOf(trx);
  await adapter?.lockForWrite(trx, 'change-log');
  const created_at = new Date().toISOString();
  const rows = await trx
    .insertInto('change_log')
    .values(
      changes.map((c) => ({ org_id: c.orgId, kind: c.kind, entity_id: c.entityId, created_at })),
    )
    .returning('revision')
    .execute();
  await adapter?.notifyChanges(trx);
  return rows.reduce((max, r) => Math.max(max, Number(r.revision)), 0);
}

export async function latestRevision(db: Db): Promise<number> {
  const row = await db
    .selectFrom('change_log')
    .select((eb) => eb.fn.max('revision').as('revision'))
    .executeTakeFirst();
  return Number(row?.revision ?? 0);
}

export async function changesSince(db: Db, revision: number, limit: number): Promise<Change[]> {
  const rows = await db
    .selectFrom('change_log')
    .select(['revision', 'org_id', 'kind', 'entity_id'])
    .where('revision', '>', revision)
    .orderBy('revision')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    revision: Number(r.revision),
    orgId: r.org_id,
    kind: r.kind as ChangeKind,
    entityId: r.entity_id,
  }));
}
