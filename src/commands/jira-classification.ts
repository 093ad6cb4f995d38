import type { Transaction } from 'kysely';
import {
  writeIssueClassification,
  writeProjectDefaultClassification,
} from '../storage/repos/jira.js';
import type { Database } from '../storage/schema.js';
import type { AuditRecord } from '../domain/audit/event.js';
import { jiraIssueObject, jiraProjectObject } from '../domain/audit/objects.js';
import type { Issue, JiraProject } from '../domain/jira/model.js';
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
  event: Omit<AuditRecord, 'orgId'>,
): Command<ClassificationWrite> {
  return command(name, async (ctx) => {
    if (levelId !== null) {
      const problem = await checkLevel(ctx.trx, orgId, levelId);
      if (problem) return { ok: false, problem };
    }
    if (!(await write(ctx.trx))) return { ok: false, problem: 'missing' };
    ctx.audit({ orgId, ...event });
    await ctx.record([{ orgId, kind: 'jira', entityId }]);
    return { ok: true };
  });
}

/** An issue's own level, or with `levelId` null back to the project default (J33). */
export function setIssueClassification(
  orgId: string,
  issue: Issue,
  levelId: string | null,
): Command<ClassificationWrite> {
  return jiraClassificationWrite(
    'set issue classification',
    orgId,
    levelId,
    issue.id,
    (trx) => writeIssueClassification(trx, orgId, issue.id, levelId),
    {
      action: 'issue_classification_changed',
      context: [jiraIssueObject(issue)],
      container: [],
      message: `Set the classification level of ${issue.key} to ${levelId ?? 'its project default'}`,
    },
  );
}

/** A project's default level, or with `levelId` null none (J31). */
export function setProjectDefaultClassification(
  orgId: string,
  project: JiraProject,
  levelId: string | null,
): Command<ClassificationWrite> {
  const { siteId, id } = project;
  return jiraClassificationWrite(
    'set project default classification',
    orgId,
    levelId,
    `${siteId}/${id}`,
    (trx) => writeProjectDefaultClassification(trx, orgId, siteId, id, levelId),
    {
      action: 'project_default_classification_changed',
      context: [jiraProjectObject(project)],
      container: [],
      message: `Set the default classification level of project ${project.key} to ${levelId ?? 'none'}`,
    },
  );
}
