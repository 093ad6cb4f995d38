import type { ConfluenceFacts } from '../confluence/facts.js';
import type { App, Attachment, Group, PublicLink, Space, User } from '../world.js';
import type { PolicyFacts } from './policy-facts.js';

export const ACTIONS = [
  'read',
  'update',
  'export',
  'downloadAttachment',
  'viewPublicLink',
  'restrict',
] as const;
export type Action = (typeof ACTIONS)[number];

export const RESOURCE_TYPES = ['page', 'blogpost', 'attachment', 'space'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export type Subject =
  | { type: 'user'; accountId: string; adminKey?: boolean }
  | { type: 'app'; ari: string; actingFor?: string }
  | { type: 'anonymous' };

export interface ResourceRef {
  type: ResourceType;
  id: string;
}

export interface Reason {
  /** The numbered rule: D… (docs/decision-scenarios.md) or R… (docs/restriction-rules.md). */
  rule: string;
  text: string;
  policyId?: string;
  restriction?: { contentId: string; operation: 'read' | 'update' };
}

/** A decision is data: the answer and every rule, policy and restriction that determined it. */
export interface Decision {
  decision: 'allow' | 'deny';
  reasons: Reason[];
}

export interface CheckRequest {
  subject: Subject;
  action: Action;
  resource: ResourceRef;
}

/** Everything the engine reads about one org. */
export interface DecisionFacts extends ConfluenceFacts {
  orgDefaultClassification: string | null;
  user(accountId: string): User | undefined;
  app(ari: string): App | undefined;
  attachment(id: string): Attachment | undefined;
  publicLink(id: string): PublicLink | undefined;
  policies: PolicyFacts;
  spaces(): Iterable<Space>;
  /** Top-level pages and blog posts of a space, in order. */
  roots(spaceId: string): readonly string[];
  users(): Iterable<User>;
  groups(): Iterable<Group>;
  apps(): Iterable<App>;
}
