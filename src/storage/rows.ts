import type { Insertable } from 'kysely';
import type { Database } from './schema.js';

/** The world tables of one or more orgs, as rows: what import writes and export reads. */
export const WORLD_TABLES = [
  'orgs',
  'admin_api_keys',
  'classification_levels',
  'users',
  'groups',
  'group_members',
  'apps',
  'sites',
  'spaces',
  'space_permissions',
  'content',
  'attachments',
  'public_links',
  'content_restrictions',
  'projects',
  'jira_project_permissions',
  'jira_security_levels',
  'jira_security_level_members',
  'jira_issues',
  'jira_attachments',
  'jira_comments',
] as const;

export const POLICY_TABLES = ['policies', 'policy_resources'] as const;

export type WorldTable = (typeof WORLD_TABLES)[number];
export type PolicyTable = (typeof POLICY_TABLES)[number];

export type WorldRows = { [T in WorldTable]: Insertable<Database[T]>[] };
export type PolicyRows = { [T in PolicyTable]: Insertable<Database[T]>[] };

export function emptyWorldRows(): WorldRows {
  return Object.fromEntries(WORLD_TABLES.map((t) => [t, []])) as unknown as WorldRows;
}

export function emptyPolicyRows(): PolicyRows {
  return { policies: [], policy_resources: [] };
}
