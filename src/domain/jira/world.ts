import type { Issue, JiraAttachment, JiraProject } from './model.js';

/**
 * Everything the Jira rules read about one org's Jira content: immutable, built by the index from
 * the database (src/index/jira-world.ts) and shared by every snapshot until a Jira change reloads
 * the org.
 */
export interface JiraWorld {
  /** `{siteId}/{projectId}` → project */
  readonly projects: ReadonlyMap<string, JiraProject>;
  /** siteId → its projects, in tenant-file order */
  readonly projectsOfSite: ReadonlyMap<string, readonly JiraProject[]>;
  /** `{siteId}/{KEY}` (upper case) → project */
  readonly projectByKey: ReadonlyMap<string, JiraProject>;
  /** issue id → issue (issue ids are unique in the org) */
  readonly issues: ReadonlyMap<string, Issue>;
  /** siteId → issue key (upper case) → issue */
  readonly issueByKey: ReadonlyMap<string, ReadonlyMap<string, Issue>>;
  /** `{siteId}/{projectId}` → its issues, by key number */
  readonly issuesOfProject: ReadonlyMap<string, readonly Issue[]>;
  /** attachment id → attachment */
  readonly attachments: ReadonlyMap<string, JiraAttachment>;
  /** parent issue id → its sub-tasks, by key number */
  readonly subtasks: ReadonlyMap<string, readonly Issue[]>;
}

/** An org without Jira content (fresh empty maps: nothing is shared between orgs). */
export function emptyJiraWorld(): JiraWorld {
  return Object.freeze({
    projects: new Map(),
    projectsOfSite: new Map(),
    projectByKey: new Map(),
    issues: new Map(),
    issueByKey: new Map(),
    issuesOfProject: new Map(),
    attachments: new Map(),
    subtasks: new Map(),
  });
}
