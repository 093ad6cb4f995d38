import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The org's public links that are on. */
export async function enabledPublicLinks(
  db: Db,
  orgId: string,
): Promise<{ id: string; content_id: string }[]> {
  return db
    .selectFrom('public_links')
    .select(['id', 'content_id'])
    .where('org_id', '=', orgId)
    .where('enabled', '=', 1)
    .execute();
}

/** Turns the given links off (D13: for good). */
export async function turnOffPublicLinks(
  trx: Transaction<Database>,
  orgId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('public_links')
    .set({ enabled: 0 })
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
}

/** What the index re-reads after a `public-link` change. */
export async function readPublicLink(
  db: Db,
  orgId: string,
  id: string,
): Promise<{ id: string; content_id: string; enabled: number } | undefined> {
  return db
    .selectFrom('public_links')
    .select(['id', 'content_id', 'enabled'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}
