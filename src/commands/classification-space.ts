import { writeSpaceDefaultClassification } from '../storage/repos/classification.js';
import type { Storage } from '../storage/storage.js';
import { writeClassification, type ClassificationWrite } from './classification-content.js';

/**
 * Sets a space's default classification level, or with `levelId` null removes it; records a
 * `space` change for the index.
 */
export function setSpaceDefaultClassification(
  storage: Storage,
  orgId: string,
  spaceId: string,
  levelId: string | null,
): Promise<ClassificationWrite> {
  return writeClassification(storage, orgId, levelId, { kind: 'space', entityId: spaceId }, (trx) =>
    writeSpaceDefaultClassification(trx, orgId, spaceId, levelId),
  );
}
