import type { ConfluenceFacts } from '../confluence/facts.js';
import type { JiraWorld } from '../jira/world.js';
import type { App, Attachment, Content, Group, PublicLink, Space, User } from '../world.js';
import type { DecisionMemo } from './memo.js';
import type { PolicyFacts } from './policy-facts.js';
import type { RuleId } from './rule-ids.js';

export const ACTIONS = [
  'read',
  'update',
  'export',
  'downloadAttachment',
  'viewPublicLink',
  'restrict',
  'administer',
] as const;
export type Action = (typeof ACTIONS)[number];

export const CONFLUENCE_RESOURCE_TYPES = ['page', 'blogpost', 'attachment', 'space'] as const;
export type ConfluenceResourceType = (typeof CONFLUENCE_RESOURCE_TYPES)[number];
/** Jira resources (docs/jira.md): an issue or a project, by id or key. */
export const JIRA_RESOURCE_TYPES = ['issue', 'project'] as const;
export type JiraResourceType = (typeof JIRA_RESOURCE_TYPES)[number];
export const RESOURCE_TYPES = [...CONFLUENCE_RESOURCE_TYPES, ...JIRA_RESOURCE_TYPES] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** The engine's input: whose rights a decision is about (the HTTP caller is a `Caller`). */
export type Subject =
  | { readonly type: 'user'; readonly accountId: string; readonly adminKey?: boolean }
  | { readonly type: 'app'; readonly ari: string; readonly actingFor?: string }
  | { readonly type: 'anonymous' };

export interface ConfluenceRef {
  readonly type: ConfluenceResourceType;
  readonly id: string;
}

/**
 * An issue or project by id or by key (exactly one of them); `cloudId` picks the site when the
 * org has several (project ids and issue keys are unique per site only: J1).
 */
export interface JiraRef {
  readonly type: JiraResourceType;
  readonly id?: string;
  readonly key?: string;
  readonly cloudId?: string;
}

export type ResourceRef = ConfluenceRef | JiraRef;

export function isJiraRef(ref: ResourceRef): ref is JiraRef {
  return ref.type === 'issue' || ref.type === 'project';
}

export interface Reason {
  /** The numbered rule (docs/decision-scenarios.md, docs/restriction-rules.md). */
  readonly rule: RuleId;
  readonly text: string;
  readonly policyId?: string;
  readonly restriction?: { readonly contentId: string; readonly operation: 'read' | 'update' };
  /** Jira: the project permission that decided (J2, J15–J17). */
  readonly permission?: string;
  /** Jira: the issue security level that decided (J5, J6). */
  readonly securityLevel?: string;
}

/** A decision is data: the answer and every rule, policy and restriction that determined it. */
export interface Decision {
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly Reason[];
}

export interface CheckRequest {
  readonly subject: Subject;
  readonly action: Action;
  readonly resource: ResourceRef;
}

/**
 * Everything the engine reads about one org: an immutable snapshot at one revision of the change
 * log. `memo` holds the snapshot's caches (rule outcomes), so they die with it.
 */
export interface DecisionFacts extends ConfluenceFacts {
  readonly revision: number;
  readonly orgId: string;
  readonly orgDefaultClassification: string | null;
  readonly policies: PolicyFacts;
  readonly memo: DecisionMemo;
  user(accountId: string): User | undefined;
  app(ari: string): App | undefined;
  /** A page or blog post by id (a materialized record; the engine reads `pages` by slot). */
  content(contentId: string): Content | undefined;
  attachment(id: string): Attachment | undefined;
  publicLink(id: string): PublicLink | undefined;
  /** The public link id of a page slot, or null. */
  publicLinkOf(slot: number): string | null;
  spaces(): Iterable<Space>;
  users(): Iterable<User>;
  groups(): Iterable<Group>;
  group(id: string): Group | undefined;
  apps(): Iterable<App>;
  /** The org's Jira projects and issues (docs/jira.md). */
  readonly jira: JiraWorld;
}
