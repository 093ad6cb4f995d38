import type { Transaction } from 'kysely';
import { appendChanges } from '../storage/repos/change-log.js';
import { levelStatus, writeContentClassification } from '../storage/repos/classification.js';
import type { Database } from '../storage/schema.js';
import type { Storage } from '../storage/storage.js';

/** Why a level cannot be applied: it is not one of the org's, or it is not published. */
export type LevelProblem = 'unknown-level' | 'level-not-published';

export type ClassificationWrite = { ok: true } | { ok: false; problem: LevelProblem | 'missing' };

/** Only a PUBLISHED level of the org can be applied (drafts and archived levels cannot). */
export async function checkLevel(
  trx: Transaction<Database>,
  orgId: string,
  levelId: string,
): Promise<LevelProblem | null> {
  const status = await levelStatus(trx, orgId, levelId);
  if (status === undefined) return 'unknown-level';
  return status === 'PUBLISHED' ? null : 'level-not-published';
}

/**
 * The shape of every classification write: check the level (unless clearing), write, record the
 * change for the index — in one transaction.
 */
export function writeClassification(
  storage: Storage,
  orgId: string,
  levelId: string | null,
  change: { kind: 'content' | 'space'; entityId: string },
  write: (trx: Transaction<Database>) => Promise<boolean>,
): Promise<ClassificationWrite> {
  return storage.transaction(async (trx) => {
    if (levelId !== null) {
      const problem = await checkLevel(trx, orgId, levelId);
      if (problem) return { ok: false, problem };
    }
    if (!(await write(trx))) return { ok: false, problem: 'missing' };
    await appendChanges(trx, [{ orgId, ...change }]);
    return { ok: true };
  });
}

/**
 * Sets a page's or blog post's own classification level, or with `levelId` null resets it to
 * the space default; records a `content` change for the index.
 */
export function setContentClassification(
  storage: Storage,
  orgId: string,
  contentId: string,
  levelId: string | null,
): Promise<ClassificationWrite> {
  return writeClassification(
    storage,
    orgId,
    levelId,
    { kind: 'content', entityId: contentId },
    (trx) => writeContentClassification(trx, orgId, contentId, levelId),
  );
}
