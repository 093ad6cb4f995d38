import { logEnforced } from './decision-log.js';
import { applyEnforcement, type EnforcedDecision } from '../../domain/decision/enforcement.js';
import { scopeFor, session, type DecisionSession } from '../../domain/decision/engine.js';
import { blockingPolicyNames } from '../../domain/decision/policy-facts.js';
import type {
  Action,
  Decision,
  DecisionFacts,
  ResourceRef,
  Subject,
} from '../../domain/decision/types.js';
import type { Attachment, Content, Space } from '../../domain/world.js';
import type { Caller } from '../auth.js';
import { ApiError } from '../errors/catalogue.js';
import type { DoorContext } from './context.js';

/**
 * The one door: every content endpoint asks `authorize` before it reads or changes anything, and
 * `authorize` asks the engine's `decide`. Scope checks, attachment → page resolution, the admin
 * key (inside the engine) and the hidden-is-404 rule live here and nowhere else.
 */

/** What a content endpoint addresses: any content id (v1), a typed one (v2), or a space. */
export type DoorRef =
  | { type: 'content' | 'page' | 'blogpost' | 'attachment'; id: string }
  | { type: 'space'; id: string };

export interface AuthorizedContent {
  /** The id the request named (a page, a blog post or an attachment). */
  readonly id: string;
  /** The page or blog post whose permissions decide (an attachment's page, R8). */
  readonly content: Content;
  /** Set when the id named an attachment. */
  readonly attachment: Attachment | null;
  readonly decision: Decision;
}

export interface AuthorizedSpace {
  readonly id: string;
  readonly space: Space;
  readonly decision: Decision;
}

/** How an endpoint answers a refusal, as its Atlassian reference gives it. */
export interface Denials {
  /** Missing, or hidden from the caller (C4): one answer for both. */
  notFound(id: string): ApiError;
  /** The caller may see it but not do the action; without it the endpoint answers `notFound`. */
  forbidden?(denied: { id: string; title: string; decision: Decision; ctx: DoorContext }): ApiError;
}

export const contentNotFound = (id: string) =>
  new ApiError('CONTENT_NOT_FOUND', `No content found with id: ${id}`);

/** §8 decision 9: a blocked export or download by someone who may view is a 403 naming policies. */
const BLOCKED: Partial<Record<Action, Denials['forbidden']>> = {
  export: ({ title, decision, ctx }) => {
    const names = blockingPolicyNames(ctx.org.policies, 'export', decision.reasons);
    const named = names.length > 0 ? ` (${names.map((n) => `"${n}"`).join(', ')})` : '';
    return new ApiError(
      'EXPORT_BLOCKED',
      `Exporting "${title}" is blocked by your organization's data security policy${named}`,
    );
  },
  downloadAttachment: ({ title, decision }) => {
    const ids = [...new Set(decision.reasons.flatMap((r) => (r.policyId ? [r.policyId] : [])))];
    return new ApiError(
      'ATTACHMENT_DOWNLOAD_BLOCKED',
      `Downloading "${title}" is blocked by your organization's data security policy` +
        (ids.length > 0 ? ` (policy ${ids.join(', ')})` : ''),
    );
  },
};

const CONTENT: Denials = { notFound: contentNotFound };

/** R15/C2: an app needs the scope of what it does, checked before anything is looked up. */
export function requireScope(caller: Caller, action: Action): void {
  const scope = scopeFor(action);
  if (caller.kind === 'app' && scope !== null && !caller.app.scopes.has(scope)) {
    throw new ApiError('SCOPE_MISSING', `Unauthorized; scope does not match (needs ${scope})`);
  }
}

/** The content or space `ref` names on this site, or undefined. */
function resolve(
  ctx: DoorContext,
  ref: DoorRef,
): { content: Content; attachment: Attachment | null } | { space: Space } | undefined {
  const world = ctx.org.world;
  const onSite = (content: Content | undefined) =>
    content && world.spaces.get(content.spaceId)?.siteId === ctx.site.cloudId ? content : undefined;
  if (ref.type === 'space') {
    const space = world.spaces.get(ref.id);
    return space && space.siteId === ctx.site.cloudId ? { space } : undefined;
  }
  if (ref.type !== 'attachment') {
    const content = onSite(world.content.get(ref.id));
    if (content && (ref.type === 'content' || content.type === ref.type)) {
      return { content, attachment: null };
    }
    if (ref.type !== 'content') return undefined;
  }
  const attachment = world.attachments.get(ref.id);
  const page = attachment ? onSite(world.content.get(attachment.contentId)) : undefined;
  return attachment && page ? { content: page, attachment } : undefined;
}

/**
 * May the caller do `action` on `ref`? Returns what it names, or throws the endpoint's refusal:
 * no scope → 401; missing, or not readable → `notFound`; readable but the action denied →
 * `forbidden` (export and download: 403 naming the policy), else `notFound`.
 */
export function authorize(
  ctx: DoorContext,
  action: Action,
  ref: { type: 'space'; id: string },
  denials: Denials,
): AuthorizedSpace;
export function authorize(
  ctx: DoorContext,
  action: Action,
  ref: DoorRef,
  denials?: Denials,
): AuthorizedContent;
export function authorize(
  ctx: DoorContext,
  action: Action,
  ref: DoorRef,
  denials: Denials = CONTENT,
): AuthorizedContent | AuthorizedSpace {
  requireScope(ctx.caller, action);
  const found = resolve(ctx, ref);
  if (!found) throw denials.notFound(ref.id);
  const decider = session(ctx.org.facts, ctx.subject);
  const resource: ResourceRef =
    'space' in found
      ? { type: 'space', id: found.space.id }
      : found.attachment
        ? { type: 'attachment', id: found.attachment.id }
        : { type: found.content.type, id: found.content.id };
  const title =
    'space' in found ? found.space.name : (found.attachment?.title ?? found.content.title);
  // Visible first: what the caller may not read does not exist for them. (A public link serves
  // anyone, restrictions or not: only its own decision counts.)
  const visibility = action === 'viewPublicLink' ? action : 'read';
  const visible = enforced(ctx, decider, visibility, resource);
  if (visible.decision !== 'allow') throw denials.notFound(ref.id);
  const decision = action === visibility ? visible : enforced(ctx, decider, action, resource);
  if (decision.decision !== 'allow') {
    const forbidden = denials.forbidden ?? BLOCKED[action];
    throw forbidden ? forbidden({ id: ref.id, title, decision, ctx }) : denials.notFound(ref.id);
  }
  if ('space' in found) return { id: ref.id, space: found.space, decision };
  return { id: ref.id, content: found.content, attachment: found.attachment, decision };
}

/**
 * The engine's decision under the org's enforcement modes (G19–G26), recorded in the decision log
 * when it is a denial or a soft denial (G27): after the decision, one O(1) append.
 */
function enforced(
  ctx: DoorContext,
  decider: DecisionSession,
  action: Action,
  resource: ResourceRef,
): Decision {
  const result: EnforcedDecision = applyEnforcement(
    decider.decide(action, resource),
    ctx.org.facts,
    ctx.org.world.enforcement,
    (facts) => session(facts, ctx.subject).decide(action, resource),
  );
  return logEnforced(ctx, action, resource, result);
}

/**
 * Decisions that are data rather than a door: what a subject (the caller, or the one a permission
 * check asks about) may do on content the caller was already let through to — and the lists.
 */
export function decisionsFor(facts: DecisionFacts, subject: Subject): DecisionSession {
  return session(facts, subject);
}
