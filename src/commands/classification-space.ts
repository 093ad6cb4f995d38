import { appendChanges } from '../storage/repos/change-log.js';
import { writeSpaceDefaultClassification } from '../storage/repos/classification.js';
import type { Storage } from '../storage/storage.js';
import { checkLevel, type ClassificationWrite } from './classification-content.js';

/**
 * Sets a space's default classification level, or with `levelId` null removes it: one
 * transaction that also records a `space` change for the index.
 */
export function setSpaceDefaultClassification(
  storage: Storage,
  orgId: string,
  spaceId: string,
  levelId: string | null,
): Promise<ClassificationWrite> {
  return storage.transaction(async (trx) => {
    if (levelId !== null) {
      const problem = await checkLevel(trx, orgId, levelId);
      if (problem) return { ok: false, problem };
    }
    if (!(await writeSpaceDefaultClassification(trx, orgId, spaceId, levelId))) {
      return { ok: false, problem: 'missing' };
    }
    await appendChanges(trx, [{ orgId, kind: 'space', entityId: spaceId }]);
    return { ok: true };
  });
}
