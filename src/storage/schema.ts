import type { Generated } from 'kysely';

/** Booleans are stored as 0/1 integers and JSON as text on both dialects. */
export type Flag = number;

export interface OrgsTable {
  id: string;
  name: string;
  default_classification: string | null;
  position: number;
  /** JSON `{"default", "rules"}` of the org's enforcement modes; null: enforce everything. */
  enforcement: string | null;
}

export interface AdminApiKeysTable {
  key: string;
  org_id: string;
  position: number;
}

export interface ClassificationLevelsTable {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  guideline: string | null;
  color: string | null;
  status: string;
  rank: number;
  position: number;
}

export interface UsersTable {
  account_id: string;
  org_id: string;
  email: string | null;
  display_name: string;
  api_token: string | null;
  site_admin: Flag;
  position: number;
}

export interface GroupsTable {
  id: string;
  org_id: string;
  name: string;
  position: number;
}

export interface GroupMembersTable {
  org_id: string;
  group_id: string;
  account_id: string;
  position: number;
}

export interface AppsTable {
  ari: string;
  org_id: string;
  key: string;
  name: string;
  token: string | null;
  account_id: string | null;
  scopes: string;
  exempt: Flag;
  position: number;
}

export interface SitesTable {
  cloud_id: string;
  org_id: string;
  name: string;
  products: string;
  anonymous_access: Flag;
  position: number;
}

export interface SpacesTable {
  org_id: string;
  id: string;
  site_id: string;
  key: string;
  name: string;
  default_classification: string | null;
  position: number;
}

export interface SpacePermissionsTable {
  org_id: string;
  space_id: string;
  /** 'user' | 'group' | 'anonymous' */
  subject_type: string;
  /** accountId, group id, or '' for anonymous */
  subject_id: string;
  operation: string;
  position: number;
}

export interface ContentTable {
  org_id: string;
  id: string;
  space_id: string;
  parent_id: string | null;
  /** 'page' | 'blogpost' */
  type: string;
  title: string;
  body: string | null;
  classification: string | null;
  position: number;
}

export interface AttachmentsTable {
  org_id: string;
  id: string;
  content_id: string;
  title: string;
  media_type: string | null;
  file_size: number | null;
  position: number;
}

export interface PublicLinksTable {
  org_id: string;
  id: string;
  content_id: string;
  enabled: Flag;
}

export interface ContentRestrictionsTable {
  org_id: string;
  content_id: string;
  /** 'read' | 'update' */
  operation: string;
  /** 'user' | 'group' */
  subject_type: string;
  /** accountId or group id */
  subject_id: string;
}

export interface ProjectsTable {
  org_id: string;
  id: string;
  site_id: string;
  key: string;
  name: string;
  project_type: string | null;
  /** migration 003-jira: the project's default classification level */
  default_classification: string | null;
  position: number;
}

/** A project's permission scheme, flattened: one row per subject and permission (003-jira). */
export interface JiraProjectPermissionsTable {
  org_id: string;
  site_id: string;
  project_id: string;
  /** 'user' | 'group' | 'anyone' */
  subject_type: string;
  /** accountId, group id, or '' for anyone */
  subject_id: string;
  permission: string;
  position: number;
}

export interface JiraSecurityLevelsTable {
  org_id: string;
  site_id: string;
  project_id: string;
  id: string;
  name: string;
  description: string | null;
  position: number;
}

export interface JiraSecurityLevelMembersTable {
  org_id: string;
  site_id: string;
  project_id: string;
  level_id: string;
  /** 'user' | 'group' */
  subject_type: string;
  /** accountId or group id */
  subject_id: string;
}

export interface JiraIssuesTable {
  org_id: string;
  id: string;
  site_id: string;
  project_id: string;
  key: string;
  summary: string;
  issue_type: string;
  status: string;
  /** JSON: a string or an ADF document; null when none */
  description: string | null;
  /** JSON array of strings */
  labels: string;
  reporter: string | null;
  assignee: string | null;
  created: string;
  updated: string;
  classification: string | null;
  security_level: string | null;
  parent_id: string | null;
  position: number;
}

export interface JiraAttachmentsTable {
  org_id: string;
  id: string;
  issue_id: string;
  filename: string;
  mime_type: string | null;
  size: number | null;
  author: string | null;
  created: string | null;
  position: number;
}

export interface JiraCommentsTable {
  org_id: string;
  id: string;
  issue_id: string;
  author: string | null;
  /** JSON: a string or an ADF document */
  body: string;
  created: string | null;
  position: number;
}

export interface PoliciesTable {
  id: string;
  org_id: string;
  type: string;
  name: string;
  /** 'draft' | 'published' | 'deleted' */
  status: string;
  coverage_level: string;
  description: string | null;
  /** JSON: { [ruleName]: { effect } } */
  rules: string;
  subject_type: string | null;
  subject_id: string | null;
  created_by: string;
  last_updated_by: string;
  has_had_coverage: Flag;
  system_tag: string | null;
  created_at: string;
  updated_at: string;
}

export interface PolicyResourcesTable {
  org_id: string;
  id: string;
  policy_id: string;
  resource_ari: string;
  application_status: string;
  created_at: string;
  updated_at: string;
}

export interface ChangeLogTable {
  revision: Generated<number>;
  org_id: string;
  /** what changed: 'org' (reload whole org), 'restrictions', 'policy', 'classification', … */
  kind: string;
  entity_id: string;
  created_at: string;
}

export interface TenantLoadsTable {
  digest: string;
  loaded_at: string;
}

export interface AuditEventsTable {
  org_id: string;
  id: string;
  /** ISO 8601, milliseconds, UTC */
  time: string;
  /** the write the event belongs to (its events share `time`) */
  batch: string;
  /** the event's place in its write */
  seq: number;
  action: string;
  actor_id: string;
  ip: string | null;
  product: string | null;
  /** lower-cased text `q` searches */
  search: string;
  /** JSON: { actor, context, container, location, message } */
  body: string;
}

export interface Database {
  orgs: OrgsTable;
  admin_api_keys: AdminApiKeysTable;
  classification_levels: ClassificationLevelsTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  apps: AppsTable;
  sites: SitesTable;
  spaces: SpacesTable;
  space_permissions: SpacePermissionsTable;
  content: ContentTable;
  attachments: AttachmentsTable;
  public_links: PublicLinksTable;
  content_restrictions: ContentRestrictionsTable;
  projects: ProjectsTable;
  jira_project_permissions: JiraProjectPermissionsTable;
  jira_security_levels: JiraSecurityLevelsTable;
  jira_security_level_members: JiraSecurityLevelMembersTable;
  jira_issues: JiraIssuesTable;
  jira_attachments: JiraAttachmentsTable;
  jira_comments: JiraCommentsTable;
  policies: PoliciesTable;
  policy_resources: PolicyResourcesTable;
  change_log: ChangeLogTable;
  tenant_loads: TenantLoadsTable;
  audit_events: AuditEventsTable;
}
