import type { Policy } from '../policies/model.js';
import { ruleNames } from '../policies/model.js';
import type { ClassificationLevel, Content, Group, Site, Space, User } from '../world.js';
import type { Issue, JiraProject } from '../jira/model.js';
import type { AuditObject } from './event.js';

/** The `context` and `container` items Gatehouse records (docs/audit-log.md, A4). */
const object = (id: string, type: string, attributes: AuditObject['attributes']): AuditObject =>
  Object.freeze({ id, type, attributes: Object.freeze(attributes) });

export const orgObject = (org: { id: string; name: string }): AuditObject =>
  object(org.id, 'orgs', { name: org.name });

export const siteObject = (site: Site): AuditObject =>
  object(site.cloudId, 'sites', { siteName: site.name, name: site.name });

export const spaceObject = (space: Space): AuditObject =>
  object(space.id, 'spaces', { key: space.key, name: space.name });

export const contentObject = (content: Content): AuditObject =>
  object(content.id, content.type, { title: content.title });

export const levelObject = (level: ClassificationLevel): AuditObject =>
  object(level.id, 'classification-level', { name: level.name });

export const userObject = (user: Pick<User, 'accountId' | 'displayName'>): AuditObject =>
  object(user.accountId, 'users', { name: user.displayName });

export const groupObject = (group: Pick<Group, 'id' | 'name'>): AuditObject =>
  object(group.id, 'groups', { name: group.name, groupName: group.name });

/** A policy as Atlassian's org log shows one (`org-policy`, like its `data-residency` capture). */
export const policyObject = (policy: Policy): AuditObject =>
  object(policy.id, 'org-policy', {
    name: policy.name,
    type: policy.type,
    status: policy.status,
    rules: ruleNames(policy),
    policyCoverageLevel: policy.coverageLevel,
    ...(policy.subjectId !== null ? { subjectId: policy.subjectId } : {}),
  });

export const resourceObject = (ari: string): AuditObject => object(ari, 'policy-resource', {});

export const publicLinkObject = (link: { id: string }): AuditObject =>
  object(link.id, 'public-link', {});

export const jiraProjectObject = (project: JiraProject): AuditObject =>
  object(project.id, 'jira-project', {
    key: project.key,
    name: project.name,
    cloudId: project.siteId,
  });

export const jiraIssueObject = (issue: Issue): AuditObject =>
  object(issue.id, 'jira-issue', { key: issue.key, summary: issue.summary });
