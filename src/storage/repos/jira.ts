import type { Transaction } from 'kysely';
import type { Database } from '../schema.js';

/**
 * A JSON column of the Jira tables (descriptions and comment bodies: a string or an ADF
 * document). Text that is not JSON is taken as plain text.
 */
export function parseJsonColumn(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Sets (or, with null, clears) an issue's own level; false when the issue does not exist. */
export async function writeIssueClassification(
  trx: Transaction<Database>,
  orgId: string,
  issueId: string,
  levelId: string | null,
): Promise<boolean> {
  const result = await trx
    .updateTable('jira_issues')
    .set({ classification: levelId })
    .where('org_id', '=', orgId)
    .where('id', '=', issueId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets (or, with null, clears) a project's default level; false when it does not exist. */
export async function writeProjectDefaultClassification(
  trx: Transaction<Database>,
  orgId: string,
  siteId: string,
  projectId: string,
  levelId: string | null,
): Promise<boolean> {
  const result = await trx
    .updateTable('projects')
    .set({ default_classification: levelId })
    .where('org_id', '=', orgId)
    .where('site_id', '=', siteId)
    .where('id', '=', projectId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
