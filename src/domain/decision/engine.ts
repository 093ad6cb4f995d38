import { canEdit, canView, hasSpacePermission, type AccessDecision } from '../confluence/access.js';
import { READ_SCOPE, WRITE_SCOPE, type Principal } from '../confluence/facts.js';
import type { App, Content } from '../world.js';
import { appAccessFor, ruleFor, type RuleOutcome } from './rules.js';
import type { CheckRequest, Decision, DecisionFacts, Reason } from './types.js';

const deny = (reasons: Reason[]): Decision => ({ decision: 'deny', reasons });
const allow = (reasons: Reason[]): Decision => ({ decision: 'allow', reasons });

interface Resolved {
  principal: Principal;
  /** The app making the call (directly or for a user), for scopes and appAccess. */
  app: App | null;
}

function resolveSubject(facts: DecisionFacts, request: CheckRequest): Resolved | Reason {
  const subject = request.subject;
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

const toReasons = (access: AccessDecision): Reason[] => access.reasons;

function withRule(base: Reason[], outcome: RuleOutcome, denyText: string, rule: string): Decision {
  if (outcome.effect === 'block') {
    return deny([...outcome.reasons, { rule, text: denyText }]);
  }
  return allow([...base, ...outcome.reasons]);
}

/** D17: an app acting for a user still needs the scope of what it does. */
function scopeReason(app: App | null, action: 'read' | 'write'): Reason | null {
  if (!app) return null;
  const scope = action === 'read' ? READ_SCOPE : WRITE_SCOPE;
  return app.scopes.has(scope) ? null : { rule: 'D17', text: `the app lacks the ${scope} scope` };
}

/** D14/D16: appAccess on top of the principal's rights. */
function appAccess(facts: DecisionFacts, app: App | null, content: Content): RuleOutcome | null {
  if (!app) return null;
  if (app.exempt) {
    return {
      effect: 'allow',
      reasons: [{ rule: 'D16', text: 'the app is exempt from appAccess' }],
    };
  }
  return appAccessFor(facts, app.ari, content.spaceId);
}

/** The decision engine: facts in, decision (with every reason) out. Pure. */
export function decide(facts: DecisionFacts, request: CheckRequest): Decision {
  const resolved = resolveSubject(facts, request);
  if ('rule' in resolved) return deny([resolved]);
  const { principal, app } = resolved;

  if (request.resource.type === 'space') return decideSpace(facts, request, resolved);
  const content = resolveContent(facts, request);
  if ('rule' in content) return deny([content]);

  if (request.action === 'viewPublicLink') return decidePublicLink(facts, content);

  const writes = request.action === 'update' || request.action === 'restrict';
  const missingScope = scopeReason(app, writes ? 'write' : 'read');
  if (missingScope) return deny([missingScope]);

  const access = writes ? canEdit(facts, principal, content) : canView(facts, principal, content);
  if (!access.allowed) return deny(toReasons(access));
  let reasons = toReasons(access);

  const apps = appAccess(facts, app, content);
  if (apps) {
    if (apps.effect === 'block') {
      return deny([
        ...apps.reasons,
        { rule: 'D14', text: 'the app is blocked from this content by appAccess' },
      ]);
    }
    reasons = [...reasons, ...apps.reasons];
  }
  if (principal.kind === 'anonymous') {
    const anonymous = ruleFor(facts, 'anonymousAccess', content);
    if (anonymous.effect === 'block') {
      return deny([
        ...anonymous.reasons,
        { rule: 'D11', text: 'anonymous access is blocked by a data security policy' },
      ]);
    }
    reasons = [...reasons, ...anonymous.reasons];
  }
  switch (request.action) {
    case 'read':
    case 'update':
    case 'restrict':
      return allow(reasons);
    case 'export':
      return withRule(
        reasons,
        ruleFor(facts, 'export', content),
        'export is blocked by a data security policy',
        'D9',
      );
    case 'downloadAttachment':
      return withRule(
        reasons,
        ruleFor(facts, 'attachmentDownload', content),
        'attachment download is blocked by a data security policy',
        'D10',
      );
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
  return withRule(
    base,
    ruleFor(facts, 'publicLinks', content),
    'public links are blocked by a data security policy',
    'D12',
  );
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
