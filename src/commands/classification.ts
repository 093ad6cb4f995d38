import type { Transaction } from 'kysely';
import {
  levelStatus,
  writeContentClassification,
  writeSpaceDefaultClassification,
} from '../storage/repos/classification.js';
import type { Database } from '../storage/schema.js';
import type { AuditRecord } from '../domain/audit/event.js';
import type { OrgWorld } from '../index/org-world.js';
import { contentLevelEvent, spaceLevelEvent } from './audit.js';
import { command, type Command } from './command.js';

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
 * Every classification write: check the level (unless clearing), write, record the change for
 * the index — in one transaction.
 */
function classificationWrite(
  name: string,
  orgId: string,
  levelId: string | null,
  change: { kind: 'content' | 'space'; entityId: string },
  write: (trx: Transaction<Database>) => Promise<boolean>,
  event: (world: OrgWorld) => AuditRecord | null,
): Command<ClassificationWrite> {
  return command(name, async (ctx) => {
    if (levelId !== null) {
      const problem = await checkLevel(ctx.trx, orgId, levelId);
      if (problem) return { ok: false, problem };
    }
    const world = ctx.world.org(orgId)?.world;
    const record = world ? event(world) : null;
    if (!record || !(await write(ctx.trx))) return { ok: false, problem: 'missing' };
    ctx.audit(record);
    await ctx.record([{ orgId, ...change }]);
    return { ok: true };
  });
}

/** A page's or blog post's own level, or with `levelId` null back to the space default. */
export function setContentClassification(
  orgId: string,
  contentId: string,
  levelId: string | null,
): Command<ClassificationWrite> {
  return classificationWrite(
    'set content classification',
    orgId,
    levelId,
    { kind: 'content', entityId: contentId },
    (trx) => writeContentClassification(trx, orgId, contentId, levelId),
    (world) => {
      const content = world.content.get(contentId);
      return content ? contentLevelEvent(world, content, levelId) : null;
    },
  );
}

/** A space's default level, or with `levelId` null none. */
export function setSpaceDefaultClassification(
  orgId: string,
  spaceId: string,
  levelId: string | null,
): Command<ClassificationWrite> {
  return classificationWrite(
    'set space default classification',
    orgId,
    levelId,
    { kind: 'space', entityId: spaceId },
    (trx) => writeSpaceDefaultClassification(trx, orgId, spaceId, levelId),
    (world) => (world.spaces.has(spaceId) ? spaceLevelEvent(world, spaceId, levelId) : null),
  );
}
