import type { Transaction } from 'kysely';
import type { Lists } from '../../domain/confluence/restriction-update.js';
import { emptyLists } from '../../domain/confluence/restriction-update.js';
import type { RestrictionOperation } from '../../domain/world.js';
import type { Database } from '../schema.js';

export async function readLists(trx: Transaction<Database>, contentId: string): Promise<Lists> {
  const rows = await trx
    .selectFrom('content_restrictions')
    .select(['operation', 'subject_type', 'subject_id'])
    .where('content_id', '=', contentId)
    .execute();
  const lists = emptyLists();
  for (const row of rows) {
    const list = lists[row.operation as RestrictionOperation];
    if (list) (row.subject_type === 'group' ? list.groups : list.users).add(row.subject_id);
  }
  return lists;
}

export async function writeLists(
  trx: Transaction<Database>,
  orgId: string,
  contentId: string,
  lists: Lists,
): Promise<void> {
  await trx.deleteFrom('content_restrictions').where('content_id', '=', contentId).execute();
  const rows = (['read', 'update'] as const).flatMap((operation) => [
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
