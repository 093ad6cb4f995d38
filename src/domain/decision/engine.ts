import {
  canEdit,
  canViewBelow,
  canViewWithSpaceRead,
  hasSpacePermission,
  type AccessDecision,
} from '../confluence/access.js';
import { READ_SCOPE, WRITE_SCOPE, type Principal } from '../confluence/facts.js';
import type { App, Content } from '../world.js';
import { appAccessFor, ruleFor, type RuleOutcome } from './rules.js';
import type { CheckRequest, Decision, DecisionFacts, Reason, Subject } from './types.js';

const deny = (reasons: Reason[]): Decision => ({ decision: 'deny', reasons });
const allow = (reasons: Reason[]): Decision => ({ decision: 'allow', reasons });

interface Resolved {
  principal: Principal;
  /** The app making the call (directly or for a user), for scopes and appAccess. */
  app: App | null;
}

/**
 * The last subject resolved and its read permission in the last space asked. A filter decides
 * every page of a tree for one subject object, so it resolves the subject and its space permission
 * once. Valid only for the same facts and subject object with the same fields (a reused subject
 * whose fields changed is resolved again).
 */
const last = {
  facts: null as DecisionFacts | null,
  subject: null as Subject | null,
  type: '',
  id: '' as string | undefined,
  actingFor: undefined as string | undefined,
  adminKey: undefined as boolean | undefined,
  resolved: null as Resolved | Reason | null,
  spaceId: null as string | null,
  spaceRead: false,
};

const idOf = (s: Subject) =>
  s.type === 'user' ? s.accountId : s.type === 'app' ? s.ari : undefined;
const actingForOf = (s: Subject) => (s.type === 'app' ? s.actingFor : undefined);
const adminKeyOf = (s: Subject) => (s.type === 'user' ? s.adminKey : undefined);

function resolveSubjectOnce(facts: DecisionFacts, subject: Subject): Resolved | Reason {
  if (
    last.resolved !== null &&
    last.facts === facts &&
    last.subject === subject &&
    last.type === subject.type &&
    last.id === idOf(subject) &&
    last.actingFor === actingForOf(subject) &&
    last.adminKey === adminKeyOf(subject)
  ) {
    return last.resolved;
  }
  const resolved = resolveSubject(facts, subject);
  last.facts = facts;
  last.subject = subject;
  last.type = subject.type;
  last.id = idOf(subject);
  last.actingFor = actingForOf(subject);
  last.adminKey = adminKeyOf(subject);
  last.resolved = resolved;
  last.spaceId = null;
  return resolved;
}

/** The principal's space read permission, remembered for the last subject and space. */
function spaceReadOf(facts: DecisionFacts, resolved: Resolved, spaceId: string): boolean {
  if (last.resolved === resolved && last.spaceId === spaceId) return last.spaceRead;
  const spaceRead = hasSpacePermission(facts, resolved.principal, spaceId, 'read');
  if (last.resolved === resolved) {
    last.spaceId = spaceId;
    last.spaceRead = spaceRead;
  }
  return spaceRead;
}

function resolveSubject(facts: DecisionFacts, subject: Subject): Resolved | Reason {
  if (subject.type === 'anonymous') return { principal: { kind: 'anonymous' }, app: null };
  if (subject.type === 'user') {
    const user = facts.user(subject.accountId);
    if (!user) return { rule: 'D1', text: `unknown user ${subject.accountId}` };
    return { principal: { kind: 'user', user, adminKey: subject.adminKey === true }, app: null };
  }
  const app = facts.app(subject.ari);
  if (!app) return { rule: 'D1', text: `unknown app ${subject.ari}` };
  if (subject.actingFor === undefined) return { principal: { kind: 'app', app }, app };
  const user = facts.user(subject.actingFor);
  if (!user) return { rule: 'D1', text: `unknown user ${subject.actingFor}` };
  return { principal: { kind: 'user', user, adminKey: false }, app };
}

/** The page a request is about: the page or blog post itself, or an attachment's page (R8). */
function resolveContent(facts: DecisionFacts, request: CheckRequest): Content | Reason {
  const { type, id } = request.resource;
  if (type === 'attachment') {
    const attachment = facts.attachment(id);
    const page = attachment ? facts.content(attachment.contentId) : undefined;
    return page ?? { rule: 'D1', text: `no attachment ${id}` };
  }
  const content = facts.content(id);
  if (!content || content.type !== type) return { rule: 'D1', text: `no ${type} ${id}` };
  return content;
}

/** The reasons of a fresh access decision, to extend in place (canView/canEdit build new arrays). */
const toReasons = (access: AccessDecision): Reason[] => access.reasons;

const denial = (rule: string, text: string): Reason => Object.freeze({ rule, text });
const EXPORT_BLOCKED = denial('D9', 'export is blocked by a data security policy');
const DOWNLOAD_BLOCKED = denial('D10', 'attachment download is blocked by a data security policy');
const LINKS_BLOCKED = denial('D12', 'public links are blocked by a data security policy');
const APP_BLOCKED = denial('D14', 'the app is blocked from this content by appAccess');
const ANONYMOUS_BLOCKED = denial('D11', 'anonymous access is blocked by a data security policy');

/** `base` is extended in place: callers pass an array they own. */
function withRule(base: Reason[], outcome: RuleOutcome, blocked: Reason): Decision {
  if (outcome.effect === 'block') return deny([...outcome.reasons, blocked]);
  for (const reason of outcome.reasons) base.push(reason);
  return allow(base);
}

/** D17: an app acting for a user still needs the scope of what it does. */
function scopeReason(app: App | null, action: 'read' | 'write'): Reason | null {
  if (!app) return null;
  const scope = action === 'read' ? READ_SCOPE : WRITE_SCOPE;
  return app.scopes.has(scope) ? null : { rule: 'D17', text: `the app lacks the ${scope} scope` };
}

const EXEMPT: RuleOutcome = {
  effect: 'allow',
  reasons: [denial('D16', 'the app is exempt from appAccess')],
};
Object.freeze(EXEMPT.reasons);

/** D14/D16: appAccess on top of the principal's rights. */
function appAccess(facts: DecisionFacts, app: App | null, content: Content): RuleOutcome | null {
  if (!app) return null;
  if (app.exempt) return EXEMPT;
  return appAccessFor(facts, app.ari, content.spaceId);
}

/** The decision engine: facts in, decision (with every reason) out. Pure. */
export function decide(facts: DecisionFacts, request: CheckRequest): Decision {
  return decideFrom(facts, request, null);
}

/**
 * `decide` for a page a tree walk reached from its parent, when the parent's decision for the same
 * subject allowed a read, export or download: `parentR1` are that decision's R1 reasons. Equal to
 * `decide`, without walking up the ancestors again.
 */
export function decideBelow(
  facts: DecisionFacts,
  request: CheckRequest,
  parentR1: readonly Reason[],
): Decision {
  return decideFrom(facts, request, parentR1);
}

function decideFrom(
  facts: DecisionFacts,
  request: CheckRequest,
  parentR1: readonly Reason[] | null,
): Decision {
  const resolved = resolveSubjectOnce(facts, request.subject);
  if ('rule' in resolved) return deny([resolved]);
  const { principal, app } = resolved;

  if (request.resource.type === 'space') return decideSpace(facts, request, resolved);
  const content = resolveContent(facts, request);
  if ('rule' in content) return deny([content]);

  if (request.action === 'viewPublicLink') return decidePublicLink(facts, content);

  const writes = request.action === 'update' || request.action === 'restrict';
  const missingScope = scopeReason(app, writes ? 'write' : 'read');
  if (missingScope) return deny([missingScope]);

  const spaceRead = writes ? false : spaceReadOf(facts, resolved, content.spaceId);
  const access = writes
    ? canEdit(facts, principal, content)
    : parentR1 === null
      ? canViewWithSpaceRead(facts, principal, content, spaceRead)
      : canViewBelow(facts, principal, content, spaceRead, parentR1);
  if (!access.allowed) return deny(toReasons(access));
  const reasons = toReasons(access);

  const apps = appAccess(facts, app, content);
  if (apps) {
    if (apps.effect === 'block') return deny([...apps.reasons, APP_BLOCKED]);
    for (const reason of apps.reasons) reasons.push(reason);
  }
  if (principal.kind === 'anonymous') {
    const anonymous = ruleFor(facts, 'anonymousAccess', content);
    if (anonymous.effect === 'block') return deny([...anonymous.reasons, ANONYMOUS_BLOCKED]);
    for (const reason of anonymous.reasons) reasons.push(reason);
  }
  switch (request.action) {
    case 'read':
    case 'update':
    case 'restrict':
      return allow(reasons);
    case 'export':
      return withRule(reasons, ruleFor(facts, 'export', content), EXPORT_BLOCKED);
    case 'downloadAttachment':
      return withRule(reasons, ruleFor(facts, 'attachmentDownload', content), DOWNLOAD_BLOCKED);
  }
}

/** D12: a public link serves the page to anyone while enabled and while publicLinks allows it. */
function decidePublicLink(facts: DecisionFacts, content: Content): Decision {
  const link = content.publicLinkId !== null ? facts.publicLink(content.publicLinkId) : undefined;
  if (!link) return deny([{ rule: 'D12', text: 'the page has no public link' }]);
  if (!link.enabled) return deny([{ rule: 'D12', text: 'the public link is turned off' }]);
  const base: Reason[] = [
    { rule: 'D12', text: 'the public link is on (page restrictions do not apply)' },
  ];
  return withRule(base, ruleFor(facts, 'publicLinks', content), LINKS_BLOCKED);
}

/** D19: a space is readable with space read permission (apps: scope and appAccess on it). */
function decideSpace(facts: DecisionFacts, request: CheckRequest, resolved: Resolved): Decision {
  const space = facts.space(request.resource.id);
  if (!space) return deny([{ rule: 'D1', text: `no space ${request.resource.id}` }]);
  if (request.action !== 'read') {
    return deny([{ rule: 'D19', text: `${request.action} is decided per page, not per space` }]);
  }
  const missingScope = scopeReason(resolved.app, 'read');
  if (missingScope) return deny([missingScope]);
  const bypass =
    resolved.principal.kind === 'user' &&
    resolved.principal.user.siteAdmin &&
    resolved.principal.adminKey;
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
