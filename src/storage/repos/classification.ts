import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The status of one of the org's classification levels (undefined: no such level there). */
export async function levelStatus(
  db: Db,
  orgId: string,
  levelId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('classification_levels')
    .select('status')
    .where('org_id', '=', orgId)
    .where('id', '=', levelId)
    .executeTakeFirst();
  return row?.status;
}

/** Sets (or, with null, clears) a page's or blog post's own level; false when it does not exist. */
export async function writeContentClassification(
  trx: Transaction<Database>,
  orgId: string,
  contentId: string,
  levelId: string | null,
): Promise<boolean> {
  const result = await trx
    .updateTable('content')
    .set({ classification: levelId })
    .where('org_id', '=', orgId)
    .where('id', '=', contentId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets (or, with null, clears) a space's default level; false when the space does not exist. */
export async function writeSpaceDefaultClassification(
  trx: Transaction<Database>,
  orgId: string,
  spaceId: string,
  levelId: string | null,
): Promise<boolean> {
  const result = await trx
    .updateTable('spaces')
    .set({ default_classification: levelId })
    .where('org_id', '=', orgId)
    .where('id', '=', spaceId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What the index re-reads after a `content` change. */
export async function readContentClassification(
  db: Db,
  orgId: string,
  contentId: string,
): Promise<{ classification: string | null } | undefined> {
  return db
    .selectFrom('content')
    .select('classification')
    .where('org_id', '=', orgId)
    .where('id', '=', contentId)
    .executeTakeFirst();
}

/** What the index re-reads after a `space` change. */
export async function readSpaceDefaultClassification(
  db: Db,
  orgId: string,
  spaceId: string,
): Promise<{ default_classification: string | null } | undefined> {
  return db
    .selectFrom('spaces')
    .select('default_classification')
    .where('org_id', '=', orgId)
    .where('id', '=', spaceId)
    .executeTakeFirst();
}
