import type { RuleId } from '../decision/rule-ids.js';
import { isRestricted, type Lists, type SubjectList } from '../world.js';
import { READ_SCOPE, WRITE_SCOPE, type ConfluenceFacts, type Principal } from './facts.js';
import { NOT_BELOW_A_TOP } from './pages.js';

/**
 * Confluence view and edit, as decisions with reasons. Rule numbers are those of
 * docs/restriction-rules.md (R1 …).
 */
export interface AccessReason {
  readonly rule: RuleId;
  readonly text: string;
  /** The page whose restriction decided, and which list. */
  readonly restriction?: { readonly contentId: string; readonly operation: 'read' | 'update' };
}

export interface AccessDecision {
  readonly allowed: boolean;
  /** A fresh array for every decision: the engine extends it in place. */
  readonly reasons: AccessReason[];
}

const allow = (reasons: AccessReason[]): AccessDecision => ({ allowed: true, reasons });
const deny = (reason: AccessReason): AccessDecision => ({ allowed: false, reasons: [reason] });

/** The accountId restrictions name this principal by (apps: their app user). */
export function principalAccountId(principal: Principal): string | null {
  if (principal.kind === 'user') return principal.user.accountId;
  if (principal.kind === 'app') return principal.app.accountId;
  return null;
}

/** R4: a principal passes a list when named directly or through any of its groups. */
export function isListed(facts: ConfluenceFacts, principal: Principal, list: SubjectList): boolean {
  const accountId = principalAccountId(principal);
  if (accountId === null) return false;
  if (list.users.has(accountId)) return true;
  if (list.groups.size === 0) return false;
  // By group number: the account's numbers were just read for its space permission (R6), and a
  // list names few groups, so this is a few integer tests where the ids took a lookup of the
  // account's groups and a string-keyed lookup per group. A group without a number has no members.
  const numbers = facts.groupNumbersOf(accountId);
  if (numbers.length === 0) return false;
  for (const group of list.groups) {
    const number = facts.groupNumber(group);
    if (number !== undefined && numbers.includes(number)) return true;
  }
  return false;
}

/** R7: a site admin who sent the admin key header bypasses space permissions and restrictions. */
export function bypasses(principal: Principal): boolean {
  return principal.kind === 'user' && principal.user.siteAdmin && principal.adminKey;
}

/** R5/R6: the space permission layer (anonymous needs the site switch too). */
export function hasSpacePermission(
  facts: ConfluenceFacts,
  principal: Principal,
  spaceId: string,
  operation: 'read' | 'update' | 'administer',
): boolean {
  const space = facts.space(spaceId);
  if (!space) return false;
  if (principal.kind === 'anonymous') {
    const site = facts.site(space.siteId);
    return (
      operation === 'read' &&
      site?.anonymousAccess === true &&
      space.permissions.anonymous.has('read')
    );
  }
  if (principal.kind === 'app') {
    return principal.app.scopes.has(operation === 'read' ? READ_SCOPE : WRITE_SCOPE);
  }
  const accountId = principal.user.accountId;
  if (space.permissions.users.get(accountId)?.has(operation)) return true;
  const holders = space.permissions.groupGrants.get(operation);
  if (holders === undefined) return false;
  const groups = facts.groupNumbersOf(accountId);
  for (let i = 0; i < groups.length; i++) if (holders.has(groups[i]!)) return true;
  return false;
}

/** The ancestors of a page, nearest first (blog posts and top-level pages have none). */
export function ancestorSlots(facts: ConfluenceFacts, slot: number): number[] {
  const chain: number[] = [];
  for (let s = facts.pages.parent(slot); s !== -1 && chain.length < MAX_ANCESTORS; ) {
    if (s === slot || chain.includes(s)) break;
    chain.push(s);
    s = facts.pages.parent(s);
  }
  return chain;
}

const SPACE_READ: AccessReason = Object.freeze({ rule: 'R6', text: 'space read permission' });
const ADMIN_BYPASS: AccessReason = Object.freeze({
  rule: 'R7',
  text: 'site admin with the admin key bypasses space permissions and restrictions',
});
/** A guard against a corrupt (cyclic) tree; real trees are far shallower. */
const MAX_ANCESTORS = 10_000;

/**
 * May the principal view this page or blog post (a slot of `facts.pages`)? (R1, R4, R5, R7, R9)
 * `own`: the page's lists as a write would leave them (the lock-out rule asks before writing).
 */
export function canView(
  facts: ConfluenceFacts,
  principal: Principal,
  slot: number,
  own?: Lists,
): AccessDecision {
  if (bypasses(principal)) return allow([ADMIN_BYPASS]);
  const spaceRead = hasSpacePermission(facts, principal, facts.pages.spaceId(slot), 'read');
  return canViewFrom(facts, principal, slot, spaceRead, null, own);
}

/** `canView` when the caller already knows the space read permission (`hasSpacePermission`). */
export function canViewWithSpaceRead(
  facts: ConfluenceFacts,
  principal: Principal,
  slot: number,
  spaceRead: boolean,
): AccessDecision {
  return canViewFrom(facts, principal, slot, spaceRead, null);
}

/**
 * `canViewWithSpaceRead` for a page whose parent the principal may view, given the R1 reasons of
 * that view (nearest first): only the page's own read list is left to check. A tree walk carries
 * them down instead of walking up the ancestors again for every page.
 */
export function canViewBelow(
  facts: ConfluenceFacts,
  principal: Principal,
  slot: number,
  spaceRead: boolean,
  parentR1: readonly AccessReason[],
): AccessDecision {
  return canViewFrom(facts, principal, slot, spaceRead, parentR1);
}

function canViewFrom(
  facts: ConfluenceFacts,
  principal: Principal,
  slot: number,
  spaceRead: boolean,
  parentR1: readonly AccessReason[] | null,
  own?: Lists,
): AccessDecision {
  if (bypasses(principal)) return allow([ADMIN_BYPASS]);
  if (!spaceRead) {
    return deny({
      rule: principal.kind === 'anonymous' ? 'R5' : 'R6',
      text:
        principal.kind === 'anonymous'
          ? 'anonymous access is not granted by the site and space'
          : principal.kind === 'app'
            ? `the app lacks the ${READ_SCOPE} scope`
            : 'no space read permission',
    });
  }
  const pages = facts.pages;
  const reasons: AccessReason[] = [SPACE_READ];
  // Walks up from restriction to restriction (the ancestors between have none to check).
  let s = slot;
  for (let steps = 0; s !== -1 && steps < MAX_ANCESTORS; steps++) {
    const list = (s === slot && own !== undefined ? own : pages.restrictions(s)).read;
    if (isRestricted(list)) {
      const restriction = { contentId: pages.id(s), operation: 'read' as const };
      if (!isListed(facts, principal, list)) {
        return deny({
          rule: 'R1',
          text:
            s === slot
              ? 'not in the read restriction of the page'
              : `not in the read restriction of ancestor ${restriction.contentId}`,
          restriction,
        });
      }
      reasons.push({
        rule: 'R1',
        text: `listed in the read restriction of ${restriction.contentId}`,
        restriction,
      });
    }
    if (parentR1 !== null) {
      for (const reason of parentR1) reasons.push(reason);
      break;
    }
    const above = pages.readRestrictedAbove(s);
    s = above === NOT_BELOW_A_TOP ? pages.parent(s) : above;
    if (s === slot) break;
  }
  return allow(reasons);
}

/** May the principal edit this page? View, space update, and its own update list (R2, R3). */
export function canEdit(
  facts: ConfluenceFacts,
  principal: Principal,
  slot: number,
  own?: Lists,
): AccessDecision {
  if (principal.kind === 'anonymous') {
    return deny({ rule: 'R5', text: 'anonymous users cannot edit' });
  }
  const view = canView(facts, principal, slot, own);
  if (!view.allowed || bypasses(principal)) return view;
  if (!hasSpacePermission(facts, principal, facts.pages.spaceId(slot), 'update')) {
    return deny({
      rule: 'R3',
      text:
        principal.kind === 'app'
          ? `the app lacks the ${WRITE_SCOPE} scope`
          : 'no space update permission',
    });
  }
  const reasons: AccessReason[] = [
    ...view.reasons,
    { rule: 'R3', text: 'space update permission' },
  ];
  const list = (own ?? facts.pages.restrictions(slot)).update;
  if (isRestricted(list)) {
    const restriction = { contentId: facts.pages.id(slot), operation: 'update' as const };
    if (!isListed(facts, principal, list)) {
      return deny({ rule: 'R2', text: 'not in the update restriction of the page', restriction });
    }
    reasons.push({ rule: 'R2', text: 'listed in the update restriction of the page', restriction });
  }
  return allow(reasons);
}
