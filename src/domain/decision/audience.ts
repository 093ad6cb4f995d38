import { READ_SCOPE, WRITE_SCOPE } from '../confluence/facts.js';
import { NOT_BELOW_A_TOP } from '../confluence/pages.js';
import { isRestricted, type App, type Space, type SubjectList } from '../world.js';
import { resolveContent } from './engine.js';
import { appAccessFor, ruleFor } from './rules.js';
import { isJiraRef, type Action, type DecisionFacts, type ResourceRef } from './types.js';
import { SlotCache } from './slot-cache.js';
import { SpacePermissionHolders, type SpaceOperation } from './space-holders.js';
import { mergeSorted, SortedUsers, type UserSet } from './user-set.js';

export type { UserSet };

/**
 * Reverse lookups: who may do an action on a resource, answered from the space permissions,
 * group memberships and restriction lists that apply to it — without deciding for every user.
 * Exactly who `decide` allows (users without the admin key, apps calling for themselves,
 * anonymous; groups whose membership alone is enough), property-tested against it. Users are
 * counted exactly and listed in accountId order from any position, for paging.
 *
 * An `AudienceIndex` caches what it computed (per space, per restricted page) for the one
 * snapshot it reads: that state belongs to the instance.
 */

/** Who may do one action on one resource. */
export interface Audience {
  readonly users: UserSet;
  /** Groups whose membership alone is enough, by id (ascending). */
  readonly groups: readonly string[];
  /** Apps calling for themselves, by ARI (ascending). */
  readonly apps: readonly string[];
  readonly anonymous: boolean;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const NOBODY: UserSet = new SortedUsers([]);
/** The empty set of users. */
export const NO_USERS: UserSet = NOBODY;
const EMPTY: readonly string[] = Object.freeze([]);
const NO_AUDIENCE: Audience = Object.freeze({
  users: NOBODY,
  groups: EMPTY,
  apps: EMPTY,
  anonymous: false,
});

/** A guard against a corrupt (cyclic) tree, as in the engine. */
const MAX_ANCESTORS = 10_000;
/** No restricted page up the tree (a slot is never negative). */
export const NONE = -1;

export class AudienceIndex {
  private everyone: UserSet | null = null;
  private readonly spaces: SpacePermissionHolders;
  /** slot → its nearest restricted page's slot (itself or an ancestor), or NONE */
  private readonly nearest: SlotCache;
  /** restricted page slot → the users who may view below it */
  private readonly viewerSets = new Map<number, UserSet>();
  private readonly chainGroups = new Map<number, readonly string[]>();

  constructor(readonly facts: DecisionFacts) {
    this.nearest = new SlotCache(facts.pages.count);
    this.spaces = new SpacePermissionHolders(facts);
  }

  /** Every user of the org. */
  users(): UserSet {
    if (!this.everyone) {
      // the default sort orders strings by UTF-16 code units, as `byText` does
      this.everyone = new SortedUsers([...this.facts.users()].map((u) => u.accountId).sort());
    }
    return this.everyone;
  }

  /** Users holding a space permission directly or through a group (R6). */
  spaceHolders(spaceId: string, operation: SpaceOperation): UserSet {
    return this.spaces.holders(spaceId, operation);
  }

  /**
   * The page's nearest restricted page (a slot): itself or the closest read-restricted ancestor;
   * -1 when none is.
   */
  nearestRestricted(slot: number): number {
    const pages = this.facts.pages;
    if (isRestricted(pages.restrictions(slot).read)) return slot;
    const above = pages.readRestrictedAbove(slot);
    if (above !== NOT_BELOW_A_TOP) return above;
    // a slot in or below a cycle of parents: walked, and remembered
    const nearest = this.nearest;
    const known = nearest.get(slot);
    if (known !== undefined) return known;
    const path: number[] = [];
    let found = NONE;
    for (let s = slot, steps = 0; s !== -1 && steps < MAX_ANCESTORS; steps++) {
      const cached = nearest.get(s);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      if (path.includes(s)) break;
      path.push(s);
      if (isRestricted(pages.restrictions(s).read)) {
        found = s;
        break;
      }
      s = pages.parent(s);
    }
    for (const s of path) nearest.set(s, found);
    return found;
  }

  /**
   * `nearestRestricted` for a page a walk reached from its parent, given the parent's answer: the
   * page itself when it is read-restricted, else the parent's. A walk passes it to the `…At`
   * lookups below instead of looking it up again.
   */
  nearestBelow(slot: number, parentNearest: number): number {
    return isRestricted(this.facts.pages.restrictions(slot).read) ? slot : parentNearest;
  }

  /** The restricted pages of the chain (R1), nearest first. */
  restrictedChain(slot: number): number[] {
    return this.chainFrom(this.nearestRestricted(slot));
  }

  private chainFrom(nearest: number): number[] {
    const pages = this.facts.pages;
    const chain: number[] = [];
    let page = nearest;
    while (page !== NONE && chain.length < MAX_ANCESTORS && !chain.includes(page)) {
      chain.push(page);
      const parent = pages.parent(page);
      page = parent === -1 ? NONE : this.nearestRestricted(parent);
    }
    return chain;
  }

  /** Does an account (a user or an app user) pass every read restriction up the tree (R1, R4)? */
  passesRestrictions(slot: number, accountId: string | null): boolean {
    return this.passesAt(this.nearestRestricted(slot), accountId);
  }

  /** `passesRestrictions` for a page whose nearest restricted page is `nearest`. */
  passesAt(nearest: number, accountId: string | null): boolean {
    const pages = this.facts.pages;
    for (const page of this.chainFrom(nearest)) {
      if (accountId === null || !this.listed(pages.restrictions(page).read, accountId)) {
        return false;
      }
    }
    return true;
  }

  /** Users who may view the page (R1, R4, R6): space readers in every read list up the tree. */
  viewers(slot: number): UserSet {
    return this.viewersAt(this.facts.pages.spaceId(slot), this.nearestRestricted(slot));
  }

  /** `viewers` of a page of `spaceId` whose nearest restricted page is `nearest`. */
  viewersAt(spaceId: string, nearest: number): UserSet {
    return nearest === NONE ? this.spaceHolders(spaceId, 'read') : this.viewersBelow(nearest);
  }

  /**
   * The viewers of a restricted page (and of every page whose nearest restricted page it is): the
   * users its read list names, directly or through groups, who may view its parent.
   */
  private viewersBelow(restricted: number): UserSet {
    let set = this.viewerSets.get(restricted);
    if (set) return set;
    const pages = this.facts.pages;
    const parent = pages.parent(restricted);
    const above = parent === -1 ? NONE : this.nearestRestricted(parent);
    const upper =
      above === NONE || above === restricted
        ? this.spaceHolders(pages.spaceId(restricted), 'read')
        : this.viewersBelow(above);
    const list = pages.restrictions(restricted).read;
    // the list's users and its groups' user members, ascending, kept where `upper` has them
    const named = mergeSorted([
      [...list.users].sort(),
      ...[...list.groups].map((groupId) => this.facts.group(groupId)?.userMembers ?? EMPTY),
    ]);
    set = new SortedUsers(named.filter((accountId) => upper.has(accountId)));
    this.viewerSets.set(restricted, set);
    return set;
  }

  /** Who may `action` the resource: exactly whom `decide` allows. */
  of(action: Action, resource: ResourceRef): Audience {
    const facts = this.facts;
    // the reverse lookup covers Confluence content; Jira lists have their own (domain/jira)
    if (isJiraRef(resource)) return NO_AUDIENCE;
    if (resource.type === 'space') {
      const space = facts.space(resource.id);
      return space ? this.ofSpace(action, space) : NO_AUDIENCE;
    }
    const slot = resolveContent(facts, resource);
    return typeof slot === 'number' ? this.ofContent(action, slot) : NO_AUDIENCE;
  }

  private ofContent(action: Action, slot: number): Audience {
    const facts = this.facts;
    switch (action) {
      case 'viewPublicLink': {
        const linkId = facts.publicLinkOf(slot);
        const link = linkId === null ? undefined : facts.publicLink(linkId);
        if (!link || !link.enabled || ruleFor(facts, 'publicLinks', slot).effect === 'block') {
          return NO_AUDIENCE;
        }
        return {
          users: this.users(),
          groups: [...facts.groups()].map((g) => g.id).sort(byText),
          apps: [...facts.apps()].map((a) => a.ari).sort(byText),
          anonymous: true,
        };
      }
      case 'administer':
        return NO_AUDIENCE;
      case 'read':
      case 'export':
      case 'downloadAttachment': {
        const rule =
          action === 'export'
            ? 'export'
            : action === 'downloadAttachment'
              ? 'attachmentDownload'
              : null;
        if (rule !== null && ruleFor(facts, rule, slot).effect === 'block') return NO_AUDIENCE;
        return {
          users: this.viewers(slot),
          groups: this.viewingGroups(slot),
          apps: this.appsThat(slot, false),
          anonymous: this.anonymousViews(slot),
        };
      }
      case 'update':
      case 'restrict':
        return {
          users: this.editors(slot),
          groups: this.editingGroups(slot),
          apps: this.appsThat(slot, true),
          anonymous: false,
        };
    }
  }

  private ofSpace(action: Action, space: Space): Audience {
    const facts = this.facts;
    if (action === 'read') {
      const site = facts.site(space.siteId);
      return {
        users: this.spaceHolders(space.id, 'read'),
        groups: this.groupsHolding(space, 'read'),
        apps: [...facts.apps()]
          .filter(
            (app) =>
              app.scopes.has(READ_SCOPE) &&
              (app.exempt || appAccessFor(facts, app.ari, space.id).effect !== 'block'),
          )
          .map((a) => a.ari)
          .sort(byText),
        anonymous: site?.anonymousAccess === true && space.permissions.anonymous.has('read'),
      };
    }
    if (action === 'administer') {
      return {
        users: this.spaceHolders(space.id, 'administer'),
        groups: this.groupsHolding(space, 'administer'),
        apps: [...facts.apps()]
          .filter((app) => app.scopes.has(WRITE_SCOPE))
          .map((a) => a.ari)
          .sort(byText),
        anonymous: false,
      };
    }
    return NO_AUDIENCE;
  }

  /** R2/R3: viewers with space update, in the page's own update list when it has one. */
  private editors(slot: number): UserSet {
    const viewers = this.viewers(slot);
    const updaters = this.spaceHolders(this.facts.pages.spaceId(slot), 'update');
    const list = this.facts.pages.restrictions(slot).update;
    const restricted = isRestricted(list);
    return new SortedUsers(
      viewers.all().filter((a) => updaters.has(a) && (!restricted || this.listed(list, a))),
    );
  }

  /** Groups whose membership alone is enough to view the page (one array per restricted chain). */
  viewingGroups(slot: number): readonly string[] {
    const space = this.facts.space(this.facts.pages.spaceId(slot));
    return space ? this.viewingGroupsAt(space, this.nearestRestricted(slot)) : EMPTY;
  }

  /** `viewingGroups` of a page of `space` whose nearest restricted page is `nearest`. */
  viewingGroupsAt(space: Space, nearest: number): readonly string[] {
    if (nearest === NONE) return this.groupsHolding(space, 'read');
    let groups = this.chainGroups.get(nearest);
    if (!groups) {
      const pages = this.facts.pages;
      const chain = this.chainFrom(nearest);
      groups = this.groupsHolding(space, 'read').filter((g) =>
        chain.every((page) => pages.restrictions(page).read.groups.has(g)),
      );
      this.chainGroups.set(nearest, groups);
    }
    return groups;
  }

  private editingGroups(slot: number): readonly string[] {
    const space = this.facts.space(this.facts.pages.spaceId(slot));
    if (!space) return EMPTY;
    const list = this.facts.pages.restrictions(slot).update;
    const updaters = new Set(this.groupsHolding(space, 'update'));
    return this.viewingGroups(slot).filter(
      (g) => updaters.has(g) && (!isRestricted(list) || list.groups.has(g)),
    );
  }

  /** Apps for themselves: scopes for the space layer, their app user for restrictions (D14). */
  private appsThat(slot: number, edits: boolean): readonly string[] {
    const facts = this.facts;
    const spaceId = facts.pages.spaceId(slot);
    return [...facts.apps()]
      .filter((app) => {
        if (!app.scopes.has(READ_SCOPE)) return false;
        if (edits && !app.scopes.has(WRITE_SCOPE)) return false;
        if (!this.passesRestrictions(slot, app.accountId)) return false;
        if (edits && !this.passesUpdateList(slot, app)) return false;
        return app.exempt || appAccessFor(facts, app.ari, spaceId).effect !== 'block';
      })
      .map((a) => a.ari)
      .sort(byText);
  }

  private passesUpdateList(slot: number, app: App): boolean {
    const list = this.facts.pages.restrictions(slot).update;
    return !isRestricted(list) || (app.accountId !== null && this.listed(list, app.accountId));
  }

  /** R5 and D11: the site switch, the space's anonymous read, no read restriction, the rule. */
  private anonymousViews(slot: number): boolean {
    const facts = this.facts;
    const space = facts.space(facts.pages.spaceId(slot));
    const site = space ? facts.site(space.siteId) : undefined;
    return (
      site?.anonymousAccess === true &&
      space!.permissions.anonymous.has('read') &&
      this.nearestRestricted(slot) === NONE &&
      ruleFor(facts, 'anonymousAccess', slot).effect !== 'block'
    );
  }

  /** Groups holding a space permission, ascending by id. */
  groupsHolding(space: Space, operation: SpaceOperation): readonly string[] {
    return this.spaces.groups(space, operation);
  }

  /** R4: named directly or through one of the account's groups. */
  private listed(list: SubjectList, accountId: string): boolean {
    if (list.users.has(accountId)) return true;
    if (list.groups.size === 0) return false;
    for (const group of this.facts.groupsOf(accountId)) if (list.groups.has(group)) return true;
    return false;
  }
}

/** A reverse-lookup index over one snapshot's facts. */
export function audienceIndex(facts: DecisionFacts): AudienceIndex {
  return new AudienceIndex(facts);
}
