/**
 * The actions Gatehouse records in the org audit log (docs/audit-log.md, A3). Atlassian's own keys
 * are lower_snake (`policy_deleted`, `group_created`); where the org log has a key for the change
 * (`policy_created`, `policy_updated`, `policy_deleted`) Gatehouse uses it, and names the rest in
 * the same style — no source lists keys for publishing, resources, restrictions or
 * classification.
 */
export interface AuditActionInfo {
  readonly displayName: string;
  readonly group: string;
  /** What `product` filter matches the action's events (null: an org-level change). */
  readonly product: 'confluence' | 'jira' | null;
}

const info = (
  group: string,
  displayName: string,
  product: AuditActionInfo['product'] = null,
): AuditActionInfo => Object.freeze({ group, displayName, product });

const POLICIES = 'Data security policies';
const CONTENT = 'Confluence content';
const CLASSIFICATION = 'Classification levels';
const ORG = 'Organization';
const JIRA = 'Jira content';

export const AUDIT_ACTIONS = Object.freeze({
  policy_created: info(POLICIES, 'Created a data security policy draft'),
  policy_updated: info(POLICIES, 'Updated a data security policy draft'),
  policy_deleted: info(POLICIES, 'Deleted a data security policy'),
  policy_published: info(POLICIES, 'Published a data security policy'),
  policy_resources_added: info(POLICIES, 'Added resources to a data security policy'),
  policy_resources_removed: info(POLICIES, 'Removed resources from a data security policy'),
  policy_resources_applied: info(POLICIES, 'Applied pending resources of a data security policy'),
  confluence_public_link_turned_off: info(
    CONTENT,
    'Turned off a Confluence public link (data security policy)',
    'confluence',
  ),
  content_restriction_added: info(CONTENT, 'Added to a content restriction', 'confluence'),
  content_restriction_removed: info(CONTENT, 'Removed from a content restriction', 'confluence'),
  content_classification_changed: info(
    CLASSIFICATION,
    'Changed the classification level of content',
    'confluence',
  ),
  space_default_classification_changed: info(
    CLASSIFICATION,
    'Changed the default classification level of a space',
    'confluence',
  ),
  issue_classification_changed: info(
    JIRA,
    'Changed the classification level of a Jira issue',
    'jira',
  ),
  project_default_classification_changed: info(
    JIRA,
    'Changed the default classification level of a Jira project',
    'jira',
  ),
  tenant_imported: info(ORG, 'Loaded a tenant file into the organization'),
  org_created: info(ORG, 'Created the organization from a tenant document (operator)'),
  org_forked: info(ORG, 'Created the organization as a fork of another (operator)'),
  org_restored: info(ORG, 'Restored the organization from a snapshot (operator)'),
  enforcement_modes_changed: info(ORG, 'Changed the enforcement modes of the organization'),
} satisfies Record<string, AuditActionInfo>);

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_IDS = Object.freeze(Object.keys(AUDIT_ACTIONS) as AuditAction[]);

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
