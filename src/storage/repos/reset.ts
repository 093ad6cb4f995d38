import type { Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** Every table of the schema; a table added to `Database` and not here is a type error. */
const TABLES: Record<keyof Database, true> = {
  orgs: true,
  admin_api_keys: true,
  classification_levels: true,
  users: true,
  groups: true,
  group_members: true,
  apps: true,
  sites: true,
  spaces: true,
  space_permissions: true,
  content: true,
  attachments: true,
  public_links: true,
  content_restrictions: true,
  projects: true,
  jira_project_permissions: true,
  jira_security_levels: true,
  jira_security_level_members: true,
  jira_issues: true,
  jira_attachments: true,
  jira_comments: true,
  policies: true,
  policy_resources: true,
  change_log: true,
  tenant_loads: true,
  audit_events: true,
};

/**
 * Deletes every row of every table (the schema and its migrations stay): the database is as a
 * first start finds it, so the next `gatehouse serve` loads the demo tenant again. Returns the
 * number of rows deleted.
 */
export async function emptyDatabase(trx: Transaction<Database>): Promise<number> {
  let deleted = 0;
  for (const table of Object.keys(TABLES) as (keyof Database)[]) {
    const result = await trx.deleteFrom(table).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
