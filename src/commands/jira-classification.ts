import type { Transaction } from 'kysely';
import {
  writeIssueClassification,
  writeProjectDefaultClassification,
} from '../storage/repos/jira.js';
import type { Database } from '../storage/schema.js';
import { checkLevel, type ClassificationWrite } from './classification.js';
import { command, type Command } from './command.js';

/**
 * Jira classification writes (docs/jira.md J31, J33): check the level (unless clearing), write,
 * record a `jira` change — in one transaction. Every instance's index reloads the org from the
 * change log, so decisions change at once everywhere.
 */
function jiraClassificationWrite(
  name: string,
  orgId: string,
  levelId: string | null,
  entityId: string,
  write: (trx: Transaction<Database>) => Promise<boolean>,
): Command<ClassificationWrite> {
  return command(name, async (ctx) => {
    if (levelId !== null) {
      const problem = await checkLevel(ctx.trx, orgId, levelId);
      if (problem) return { ok: false, problem };
    }
    if (!(await write(ctx.trx))) return { ok: false, problem: 'missing' };
    await ctx.record([{ orgId, kind: 'jira', entityId }]);
    return { ok: true };
  });
}

/** An issue's own level, or with `levelId` null back to the project default (J33). */
export function setIssueClassification(
  orgId: string,
  issueId: string,
  levelId: string | null,
): Command<ClassificationWrite> {
  return jiraClassificationWrite('set issue classification', orgId, levelId, issueId, (trx) =>
    writeIssueClassification(trx, orgId, issueId, levelId),
  );
}

/** A project's default level, or with `levelId` null none (J31). */
export function setProjectDefaultClassification(
  orgId: string,
  siteId: string,
  projectId: string,
  levelId: string | null,
): Command<ClassificationWrite> {
  return jiraClassificationWrite(
    'set project default classification',
    orgId,
    levelId,
    `${siteId}/${projectId}`,
    (trx) => writeProjectDefaultClassification(trx, orgId, siteId, projectId, levelId),
  );
}
