import {
  bypasses,
  canEdit,
  canViewBelow,
  canViewWithSpaceRead,
  hasSpacePermission,
  type AccessDecision,
} from '../confluence/access.js';
import { READ_SCOPE, WRITE_SCOPE } from '../confluence/facts.js';
import type { App } from '../world.js';
import { JiraDecider } from '../jira/engine.js';
import type { RuleOutcome } from './memo.js';
import { resolveSubject, type ResolvedSubject } from './subject.js';
import { appAccessFor, ruleFor } from './rules.js';
import {
  isJiraRef,
  type Action,
  type CheckRequest,
  type ConfluenceRef,
  type Decision,
  type DecisionFacts,
  type Reason,
  type ResourceRef,
  type Subject,
} from './types.js';

export { resolveSubject, type ResolvedSubject };

const deny = (reasons: readonly Reason[]): Decision => ({ decision: 'deny', reasons });
const allow = (reasons: readonly Reason[]): Decision => ({ decision: 'allow', reasons });

/** The scope an app needs for an action (D17, R15, C2); null when no scope is involved. */
export function scopeFor(action: Action): string | null {
  switch (action) {
    case 'read':
    case 'export':
    case 'downloadAttachment':
      return READ_SCOPE;
    case 'update':
    case 'restrict':
    case 'administer':
      return WRITE_SCOPE;
    case 'viewPublicLink':
      return null;
  }
}

/**
 * The slot of the page a request is about: the page or blog post itself, or an attachment's page
 * (R8); the D1 reason when there is none.
 */
export function resolveContent(facts: DecisionFacts, resource: ConfluenceRef): number | Reason {
  const { type, id } = resource;
  const pages = facts.pages;
  if (type === 'attachment') {
    const slot = pages.attachmentSlot(id);
    return slot !== -1 ? slot : { rule: 'D1', text: `no attachment ${id}` };
  }
  const slot = pages.slotOf(id);
  if (slot === -1 || pages.isBlogPost(slot) !== (type === 'blogpost')) {
    return { rule: 'D1', text: `no ${type} ${id}` };
  }
  return slot;
}

const denial = (rule: Reason['rule'], text: string): Reason => Object.freeze({ rule, text });
const EXPORT_BLOCKED = denial('D9', 'export is blocked by a data security policy');
const DOWNLOAD_BLOCKED = denial('D10', 'attachment download is blocked by a data security policy');
const LINKS_BLOCKED = denial('D12', 'public links are blocked by a data security policy');
const APP_BLOCKED = denial('D14', 'the app is blocked from this content by appAccess');
const ANONYMOUS_BLOCKED = denial('D11', 'anonymous access is blocked by a data security policy');
const EXEMPT: RuleOutcome = Object.freeze({
  effect: 'allow',
  reasons: Object.freeze([denial('D16', 'the app is exempt from appAccess')]),
});

/** `base` is extended in place: callers pass an array they own. */
function withRule(base: Reason[], outcome: RuleOutcome, blocked: Reason): Decision {
  if (outcome.effect === 'block') return deny([...outcome.reasons, blocked]);
  for (const reason of outcome.reasons) base.push(reason);
  return allow(base);
}

/** D17: an app acting for a user still needs the scope of what it does. */
function scopeReason(app: App | null, action: Action): Reason | null {
  const scope = scopeFor(action);
  if (!app || scope === null) return null;
  return app.scopes.has(scope) ? null : { rule: 'D17', text: `the app lacks the ${scope} scope` };
}

/** D14/D16: appAccess on top of the principal's rights. */
function appAccess(facts: DecisionFacts, app: App | null, spaceId: string): RuleOutcome | null {
  if (!app) return null;
  if (app.exempt) return EXEMPT;
  return appAccessFor(facts, app.ari, spaceId);
}

/**
 * E14: does appAccess block `app` from the content of `spaceId`? (The data-policy endpoints tell
 * apps where they are blocked; decisions use the same rule.)
 */
export function appAccessBlocks(facts: DecisionFacts, app: App, spaceId: string): boolean {
  return appAccess(facts, app, spaceId)?.effect === 'block';
}

/**
 * One subject prepared for many decisions in one snapshot: it is resolved once, and its space read
 * permission is remembered for the last space asked (a tree walk stays in one space). This is the
 * only state a decision keeps, and it belongs to the session, not to the module.
 */
export class DecisionSession {
  private readonly resolved: ResolvedSubject | Reason;
  private spaceId: string | null = null;
  private spaceRead = false;
  private jiraDecider: JiraDecider | null = null;

  constructor(
    readonly facts: DecisionFacts,
    readonly subject: Subject,
  ) {
    this.resolved = resolveSubject(facts, subject);
  }

  decide(action: Action, resource: ResourceRef): Decision {
    return this.decideFrom(action, resource, null);
  }

  /** Jira resources go to the Jira rules (docs/jira.md), with this session's subject. */
  get jira(): JiraDecider {
    this.jiraDecider ??= new JiraDecider(this.facts, this.resolved);
    return this.jiraDecider;
  }

  /**
   * `decide` for a page a tree walk reached from its parent, when the parent's decision for the
   * same subject allowed a read, export or download: `parentR1` are that decision's R1 reasons.
   * Equal to `decide`, without walking up the ancestors again.
   */
  decideBelow(action: Action, resource: ResourceRef, parentR1: readonly Reason[]): Decision {
    return this.decideFrom(action, resource, parentR1);
  }

  /**
   * A page or blog post a walk holds by slot: `decide` without looking it up again; `parentR1`
   * as for `decideBelow` (null when the parent's view is not known).
   */
  decidePage(action: Action, slot: number, parentR1: readonly Reason[] | null): Decision {
    const resolved = this.resolved;
    if ('rule' in resolved) return deny([resolved]);
    return this.decideContent(resolved, action, slot, parentR1);
  }

  private spaceReadOf(resolved: ResolvedSubject, spaceId: string): boolean {
    if (this.spaceId !== spaceId) {
      this.spaceId = spaceId;
      this.spaceRead = hasSpacePermission(this.facts, resolved.principal, spaceId, 'read');
    }
    return this.spaceRead;
  }

  private decideFrom(
    action: Action,
    resource: ResourceRef,
    parentR1: readonly Reason[] | null,
  ): Decision {
    if (isJiraRef(resource)) return this.jira.decide(action, resource);
    const resolved = this.resolved;
    if ('rule' in resolved) return deny([resolved]);
    const facts = this.facts;
    if (resource.type === 'space') return decideSpace(facts, action, resource.id, resolved);
    const slot = resolveContent(facts, resource);
    if (typeof slot !== 'number') return deny([slot]);
    return this.decideContent(resolved, action, slot, parentR1);
  }

  private decideContent(
    resolved: ResolvedSubject,
    action: Action,
    slot: number,
    parentR1: readonly Reason[] | null,
  ): Decision {
    const facts = this.facts;
    if (action === 'viewPublicLink') return decidePublicLink(facts, slot);
    if (action === 'administer') {
      return deny([{ rule: 'D21', text: 'administer is decided per space, not per page' }]);
    }
    const { principal, app } = resolved;
    const missingScope = scopeReason(app, action);
    if (missingScope) return deny([missingScope]);

    const writes = action === 'update' || action === 'restrict';
    const spaceId = facts.pages.spaceId(slot);
    let access: AccessDecision;
    if (writes) access = canEdit(facts, principal, slot);
    else {
      const spaceRead = this.spaceReadOf(resolved, spaceId);
      access =
        parentR1 === null
          ? canViewWithSpaceRead(facts, principal, slot, spaceRead)
          : canViewBelow(facts, principal, slot, spaceRead, parentR1);
    }
    if (!access.allowed) return deny(access.reasons);
    // A fresh array from canView/canEdit: extended in place.
    const reasons = access.reasons as Reason[];

    const apps = appAccess(facts, app, spaceId);
    if (apps) {
      if (apps.effect === 'block') return deny([...apps.reasons, APP_BLOCKED]);
      for (const reason of apps.reasons) reasons.push(reason);
    }
    if (principal.kind === 'anonymous') {
      const anonymous = ruleFor(facts, 'anonymousAccess', slot);
      if (anonymous.effect === 'block') return deny([...anonymous.reasons, ANONYMOUS_BLOCKED]);
      for (const reason of anonymous.reasons) reasons.push(reason);
    }
    switch (action) {
      case 'read':
      case 'update':
      case 'restrict':
        return allow(reasons);
      case 'export':
        return withRule(reasons, ruleFor(facts, 'export', slot), EXPORT_BLOCKED);
      case 'downloadAttachment':
        return withRule(reasons, ruleFor(facts, 'attachmentDownload', slot), DOWNLOAD_BLOCKED);
    }
  }
}

/** A session for one subject in one snapshot (list walks decide many items with one). */
export function session(facts: DecisionFacts, subject: Subject): DecisionSession {
  return new DecisionSession(facts, subject);
}

/** The decision engine: facts in, decision (with every reason) out. Pure. */
export function decide(facts: DecisionFacts, request: CheckRequest): Decision {
  return new DecisionSession(facts, request.subject).decide(request.action, request.resource);
}

/** D12: a public link serves the page to anyone while enabled and while publicLinks allows it. */
function decidePublicLink(facts: DecisionFacts, slot: number): Decision {
  const linkId = facts.publicLinkOf(slot);
  const link = linkId !== null ? facts.publicLink(linkId) : undefined;
  if (!link) return deny([{ rule: 'D12', text: 'the page has no public link' }]);
  if (!link.enabled) return deny([{ rule: 'D12', text: 'the public link is turned off' }]);
  const base: Reason[] = [
    { rule: 'D12', text: 'the public link is on (page restrictions do not apply)' },
  ];
  return withRule(base, ruleFor(facts, 'publicLinks', slot), LINKS_BLOCKED);
}

/**
 * D19: a space is readable with space read permission (apps: scope and appAccess on it). D21: a
 * space is administered with the space Admin permission (apps: the write scope stands in for it;
 * appAccess covers content, not space settings). A site admin with the admin key bypasses both.
 */
function decideSpace(
  facts: DecisionFacts,
  action: Action,
  spaceId: string,
  resolved: ResolvedSubject,
): Decision {
  const space = facts.space(spaceId);
  if (!space) return deny([{ rule: 'D1', text: `no space ${spaceId}` }]);
  if (action !== 'read' && action !== 'administer') {
    return deny([{ rule: 'D19', text: `${action} is decided per page, not per space` }]);
  }
  const missingScope = scopeReason(resolved.app, action);
  if (missingScope) return deny([missingScope]);
  const bypass = bypasses(resolved.principal);
  if (action === 'administer') {
    if (resolved.principal.kind === 'anonymous') {
      return deny([{ rule: 'D21', text: 'anonymous users cannot administer a space' }]);
    }
    if (bypass) return allow([{ rule: 'R7', text: 'admin key bypass' }]);
    return hasSpacePermission(facts, resolved.principal, space.id, 'administer')
      ? allow([{ rule: 'D21', text: 'space Admin permission' }])
      : deny([{ rule: 'D21', text: 'no space Admin permission' }]);
  }
  if (!bypass && !hasSpacePermission(facts, resolved.principal, space.id, 'read')) {
    return deny([{ rule: 'R6', text: 'no space read permission' }]);
  }
  const reasons: Reason[] = [
    { rule: bypass ? 'R7' : 'R6', text: bypass ? 'admin key bypass' : 'space read permission' },
  ];
  if (resolved.app && !resolved.app.exempt) {
    const outcome = appAccessFor(facts, resolved.app.ari, space.id);
    if (outcome.effect === 'block') {
      return deny([
        ...outcome.reasons,
        { rule: 'D14', text: 'the app is blocked from this space by appAccess' },
      ]);
    }
    reasons.push(...outcome.reasons);
  }
  return allow(reasons);
}
