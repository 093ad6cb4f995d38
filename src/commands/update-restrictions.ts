import type { Lists } from '../domain/confluence/restriction-update.js';
import { canonicalLists } from '../domain/confluence/restriction-update.js';
import { appendChanges } from '../storage/repos/change-log.js';
import { readLists, writeLists } from '../storage/repos/restrictions.js';
import type { Storage } from '../storage/storage.js';

/**
 * One restriction write: in one transaction, read the page's lists, let `change` compute the new
 * ones, write them and record the change. Returns the new lists (unchanged lists write nothing).
 */
export function updateRestrictions(
  storage: Storage,
  orgId: string,
  contentId: string,
  change: (current: Lists) => Lists,
): Promise<Lists> {
  return storage.transaction(async (trx) => {
    await storage.adapter.lockForWrite(trx, `restrictions:${contentId}`);
    const current = await readLists(trx, contentId);
    const next = change(current);
    if (canonicalLists(next) === canonicalLists(current)) return current;
    await writeLists(trx, orgId, contentId, next);
    await appendChanges(trx, [{ orgId, kind: 'restrictions', entityId: contentId }]);
    return next;
  });
}
