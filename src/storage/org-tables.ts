/**
 * Every table that holds one org's state: what a fork copies (one bulk INSERT … SELECT per table,
 * in one transaction), what deleting an org removes, and what a reset empties. A table added by a
 * later migration that holds org state belongs here, or forks silently leave it behind.
 *
 * How a fork rewrites a column of the copied rows:
 * - `org`: the fork's org id;
 * - `site`: a cloudId of the source → the fork's (spaces, projects, anything keyed by site);
 * - `siteName`: the fork's site name, by the row's `cloud_id` (sites only);
 * - `adminKey`: an Admin API key → the fork's;
 * - `{ secret: column }`: a credential → a fresh one (the fork's secret prefix and `column`); null
 *   stays null;
 * - `resourceAri`: a resource ARI naming a source site → the same ARI on the fork's site.
 * Every other column is copied as it is (content ids stay as in the tenant document).
 */
export type Rewrite =
  | 'org'
  | 'site'
  | 'siteName'
  | 'adminKey'
  | 'resourceAri'
  | { readonly secret: string };

export interface OrgTable {
  readonly table: string;
  /** The column that names the org (`orgs.id`, else `org_id`). */
  readonly orgColumn: string;
  readonly rewrite: Readonly<Record<string, Rewrite>>;
  /** Columns a copy leaves to the database (serial ids). */
  readonly omit?: readonly string[];
  /**
   * True when the tenant document carries the table's rows, so `PUT …/snapshot` (restore)
   * replaces them; false for state a document does not describe (an audit log), which a restore
   * keeps. Fork copies and delete removes either kind.
   */
  readonly inDocument: boolean;
}

const org = { org_id: 'org' } as const;
const world = (table: string, rewrite: Record<string, Rewrite> = org): OrgTable => ({
  table,
  orgColumn: 'org_id',
  rewrite,
  inDocument: true,
});

export const ORG_TABLES: readonly OrgTable[] = Object.freeze([
  { table: 'orgs', orgColumn: 'id', rewrite: { id: 'org' }, inDocument: true },
  world('admin_api_keys', { ...org, key: 'adminKey' }),
  world('classification_levels'),
  world('users', { ...org, api_token: { secret: 'account_id' } }),
  world('groups'),
  world('group_members'),
  world('apps', { ...org, token: { secret: 'ari' } }),
  world('sites', { ...org, cloud_id: 'site', name: 'siteName' }),
  world('spaces', { ...org, site_id: 'site' }),
  world('space_permissions'),
  world('content'),
  world('attachments'),
  world('public_links'),
  world('content_restrictions'),
  world('projects', { ...org, site_id: 'site' }),
  world('jira_project_permissions', { ...org, site_id: 'site' }),
  world('jira_security_levels', { ...org, site_id: 'site' }),
  world('jira_security_level_members', { ...org, site_id: 'site' }),
  world('jira_issues', { ...org, site_id: 'site' }),
  world('jira_attachments'),
  world('jira_comments'),
  world('policies'),
  world('policy_resources', { ...org, resource_ari: 'resourceAri' }),
  // The org audit log (004-audit-events): a fork copies it (the fork's log then records
  // `org_forked`), deleting an org removes it; a restore replaces it only when the document lists
  // `events` (restoreOrg), like an import (docs/audit-log.md A14). Ids are per org, so copied
  // event ids stay.
  { table: 'audit_events', orgColumn: 'org_id', rewrite: org, inDocument: false },
]);
