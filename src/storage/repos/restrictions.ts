import type { Kysely, Transaction } from 'kysely';
import {
  NO_RESTRICTIONS,
  NO_SUBJECTS,
  RESTRICTION_OPERATIONS,
  type Lists,
} from '../../domain/world.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface RestrictionRow {
  operation: string;
  subject_type: string;
  subject_id: string;
}

/**
 * Restriction rows as a page's lists — the one conversion the index, the commands and export
 * share. No rows → the shared NO_RESTRICTIONS; rows of other operations are ignored.
 */
export function listsFromRows(rows: Iterable<RestrictionRow>): Lists {
  let read: { users: Set<string>; groups: Set<string> } | null = null;
  let update: { users: Set<string>; groups: Set<string> } | null = null;
  for (const row of rows) {
    if (row.operation !== 'read' && row.operation !== 'update') continue;
    const list =
      row.operation === 'read'
        ? (read ??= { users: new Set(), groups: new Set() })
        : (update ??= { users: new Set(), groups: new Set() });
    (row.subject_type === 'group' ? list.groups : list.users).add(row.subject_id);
  }
  if (read === null && update === null) return NO_RESTRICTIONS;
  return Object.freeze({ read: read ?? NO_SUBJECTS, update: update ?? NO_SUBJECTS });
}

/** One page's restriction lists. */
export async function readLists(db: Db, orgId: string, contentId: string): Promise<Lists> {
  const rows = await db
    .selectFrom('content_restrictions')
    .select(['operation', 'subject_type', 'subject_id'])
    .where('org_id', '=', orgId)
    .where('content_id', '=', contentId)
    .execute();
  return listsFromRows(rows);
}

export async function writeLists(
  trx: Transaction<Database>,
  orgId: string,
  contentId: string,
  lists: Lists,
): Promise<void> {
  await trx
    .deleteFrom('content_restrictions')
    .where('org_id', '=', orgId)
    .where('content_id', '=', contentId)
    .execute();
  const rows = RESTRICTION_OPERATIONS.flatMap((operation) => [
    ...[...lists[operation].users].map((subject_id) => ({
      org_id: orgId,
      content_id: contentId,
      operation,
      subject_type: 'user',
      subject_id,
    })),
    ...[...lists[operation].groups].map((subject_id) => ({
      org_id: orgId,
      content_id: contentId,
      operation,
      subject_type: 'group',
      subject_id,
    })),
  ]);
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('content_restrictions')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}
