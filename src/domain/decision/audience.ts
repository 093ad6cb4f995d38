import { READ_SCOPE, WRITE_SCOPE } from '../confluence/facts.js';
import {
  isRestricted,
  sealedSet,
  type App,
  type Content,
  type Space,
  type SubjectList,
} from '../world.js';
import { appAccessFor, ruleFor } from './rules.js';
import type { Action, DecisionFacts, ResourceRef } from './types.js';

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

/** A set of the org's users, counted exactly, in ascending accountId order. */
export interface UserSet {
  readonly count: number;
  has(accountId: string): boolean;
  /** Up to `limit` accountIds after `after` (exclusive; from the start when undefined). */
  page(after: string | undefined, limit: number): string[];
  /** Every accountId, ascending (shared: do not change it). */
  all(): readonly string[];
}

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

/** First index of `sorted` whose value is > `after` (binary search). */
function startAfter(sorted: readonly string[], after: string | undefined): number {
  if (after === undefined) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class SortedUsers implements UserSet {
  private members: ReadonlySet<string> | null = null;
  constructor(private readonly sorted: readonly string[]) {}
  get count(): number {
    return this.sorted.length;
  }
  has(accountId: string): boolean {
    this.members ??= new Set(this.sorted);
    return this.members.has(accountId);
  }
  page(after: string | undefined, limit: number): string[] {
    const from = startAfter(this.sorted, after);
    return this.sorted.slice(from, from + limit);
  }
  all(): readonly string[] {
    return this.sorted;
  }
}

const NOBODY: UserSet = new SortedUsers([]);
/** The empty set of users. */
export const NO_USERS: UserSet = NOBODY;
const NO_MEMBERS: ReadonlySet<string> = sealedSet();
const EMPTY: readonly string[] = Object.freeze([]);
const NO_AUDIENCE: Audience = Object.freeze({
  users: NOBODY,
  groups: EMPTY,
  apps: EMPTY,
  anonymous: false,
});

/** A guard against a corrupt (cyclic) tree, as in the engine. */
const MAX_ANCESTORS = 10_000;

type SpaceOperation = 'read' | 'update' | 'administer';

export class AudienceIndex {
  private everyone: UserSet | null = null;
  /** operation → spaceId → holders (nested maps: no key strings built per lookup) */
  private readonly holders = new Map<SpaceOperation, Map<string, UserSet>>();
  private readonly groupHolders = new Map<SpaceOperation, Map<string, readonly string[]>>();
  /** content id → its nearest restricted page (itself or an ancestor), or null */
  private readonly nearest = new Map<string, Content | null>();
  /** restricted page id → the users who may view below it */
  private readonly viewerSets = new Map<string, UserSet>();
  private groupsById: ReadonlyMap<string, ReadonlySet<string>> | null = null;
  private readonly chainGroups = new Map<string, readonly string[]>();

  constructor(readonly facts: DecisionFacts) {}

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
    let bySpace = this.holders.get(operation);
    if (!bySpace) this.holders.set(operation, (bySpace = new Map()));
    let set = bySpace.get(spaceId);
    if (set) return set;
    const space = this.facts.space(spaceId);
    const found = new Set<string>();
    if (space) {
      for (const [accountId, ops] of space.permissions.users) {
        if (ops.has(operation) && this.facts.user(accountId)) found.add(accountId);
      }
      for (const groupId of this.groupsHolding(space, operation)) {
        for (const accountId of this.membersOf(groupId)) {
          if (this.facts.user(accountId)) found.add(accountId);
        }
      }
    }
    set = new SortedUsers([...found].sort());
    bySpace.set(spaceId, set);
    return set;
  }

  /** The page's nearest restricted page: itself or the closest read-restricted ancestor. */
  nearestRestricted(content: Content): Content | null {
    const known = this.nearest.get(content.id);
    if (known !== undefined) return known;
    const path: string[] = [];
    let page: Content | undefined = content;
    let found: Content | null = null;
    const seen = new Set<string>();
    for (let steps = 0; page !== undefined && steps < MAX_ANCESTORS; steps++) {
      if (seen.has(page.id)) break;
      seen.add(page.id);
      const cached = this.nearest.get(page.id);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      path.push(page.id);
      if (isRestricted(page.restrictions.read)) {
        found = page;
        break;
      }
      page = page.parentId === null ? undefined : this.facts.content(page.parentId);
    }
    for (const id of path) this.nearest.set(id, found);
    return found;
  }

  /**
   * `nearestRestricted` for a page a walk reached from its parent, given the parent's answer: the
   * page itself when it is read-restricted, else the parent's. A walk passes it to the `…At`
   * lookups below instead of looking it up again.
   */
  nearestBelow(content: Content, parentNearest: Content | null): Content | null {
    return isRestricted(content.restrictions.read) ? content : parentNearest;
  }

  /** The restricted pages of the chain (R1), nearest first. */
  restrictedChain(content: Content): Content[] {
    return this.chainFrom(this.nearestRestricted(content));
  }

  private chainFrom(nearest: Content | null): Content[] {
    const chain: Content[] = [];
    let page = nearest;
    while (page !== null && chain.length < MAX_ANCESTORS && !chain.includes(page)) {
      chain.push(page);
      const parent = page.parentId === null ? undefined : this.facts.content(page.parentId);
      page = parent ? this.nearestRestricted(parent) : null;
    }
    return chain;
  }

  /** Does an account (a user or an app user) pass every read restriction up the tree (R1, R4)? */
  passesRestrictions(content: Content, accountId: string | null): boolean {
    return this.passesAt(this.nearestRestricted(content), accountId);
  }

  /** `passesRestrictions` for a page whose nearest restricted page is `nearest`. */
  passesAt(nearest: Content | null, accountId: string | null): boolean {
    for (const page of this.chainFrom(nearest)) {
      if (accountId === null || !this.listed(page.restrictions.read, accountId)) return false;
    }
    return true;
  }

  /** Users who may view the page (R1, R4, R6): space readers in every read list up the tree. */
  viewers(content: Content): UserSet {
    return this.viewersAt(content.spaceId, this.nearestRestricted(content));
  }

  /** `viewers` of a page of `spaceId` whose nearest restricted page is `nearest`. */
  viewersAt(spaceId: string, nearest: Content | null): UserSet {
    return nearest === null ? this.spaceHolders(spaceId, 'read') : this.viewersBelow(nearest);
  }

  /**
   * The viewers of a restricted page (and of every page whose nearest restricted page it is): the
   * users its read list names, directly or through groups, who may view its parent.
   */
  private viewersBelow(restricted: Content): UserSet {
    let set = this.viewerSets.get(restricted.id);
    if (set) return set;
    const parent =
      restricted.parentId === null ? undefined : this.facts.content(restricted.parentId);
    const above = parent ? this.nearestRestricted(parent) : null;
    const upper =
      above === null || above === restricted
        ? this.spaceHolders(restricted.spaceId, 'read')
        : this.viewersBelow(above);
    const list = restricted.restrictions.read;
    const found = new Set<string>();
    for (const accountId of list.users) if (upper.has(accountId)) found.add(accountId);
    for (const groupId of list.groups) {
      for (const accountId of this.membersOf(groupId))
        if (upper.has(accountId)) found.add(accountId);
    }
    set = new SortedUsers([...found].sort());
    this.viewerSets.set(restricted.id, set);
    return set;
  }

  /** Who may `action` the resource: exactly whom `decide` allows. */
  of(action: Action, resource: ResourceRef): Audience {
    const facts = this.facts;
    if (resource.type === 'space') {
      const space = facts.space(resource.id);
      return space ? this.ofSpace(action, space) : NO_AUDIENCE;
    }
    let content: Content | undefined;
    if (resource.type === 'attachment') {
      const attachment = facts.attachment(resource.id);
      content = attachment ? facts.content(attachment.contentId) : undefined;
    } else {
      content = facts.content(resource.id);
      if (content && content.type !== resource.type) content = undefined;
    }
    return content ? this.ofContent(action, content) : NO_AUDIENCE;
  }

  private ofContent(action: Action, content: Content): Audience {
    const facts = this.facts;
    switch (action) {
      case 'viewPublicLink': {
        const link =
          content.publicLinkId === null ? undefined : facts.publicLink(content.publicLinkId);
        if (!link || !link.enabled || ruleFor(facts, 'publicLinks', content).effect === 'block') {
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
        if (rule !== null && ruleFor(facts, rule, content).effect === 'block') return NO_AUDIENCE;
        return {
          users: this.viewers(content),
          groups: this.viewingGroups(content),
          apps: this.appsThat(content, false),
          anonymous: this.anonymousViews(content),
        };
      }
      case 'update':
      case 'restrict':
        return {
          users: this.editors(content),
          groups: this.editingGroups(content),
          apps: this.appsThat(content, true),
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
  private editors(content: Content): UserSet {
    const viewers = this.viewers(content);
    const updaters = this.spaceHolders(content.spaceId, 'update');
    const list = content.restrictions.update;
    const restricted = isRestricted(list);
    return new SortedUsers(
      viewers.all().filter((a) => updaters.has(a) && (!restricted || this.listed(list, a))),
    );
  }

  /** Groups whose membership alone is enough to view the page (one array per restricted chain). */
  viewingGroups(content: Content): readonly string[] {
    const space = this.facts.space(content.spaceId);
    return space ? this.viewingGroupsAt(space, this.nearestRestricted(content)) : EMPTY;
  }

  /** `viewingGroups` of a page of `space` whose nearest restricted page is `nearest`. */
  viewingGroupsAt(space: Space, nearest: Content | null): readonly string[] {
    const restricted = nearest;
    if (restricted === null) return this.groupsHolding(space, 'read');
    let groups = this.chainGroups.get(restricted.id);
    if (!groups) {
      const chain = this.chainFrom(restricted);
      groups = this.groupsHolding(space, 'read').filter((g) =>
        chain.every((page) => page.restrictions.read.groups.has(g)),
      );
      this.chainGroups.set(restricted.id, groups);
    }
    return groups;
  }

  private editingGroups(content: Content): readonly string[] {
    const space = this.facts.space(content.spaceId);
    if (!space) return EMPTY;
    const list = content.restrictions.update;
    const updaters = new Set(this.groupsHolding(space, 'update'));
    return this.viewingGroups(content).filter(
      (g) => updaters.has(g) && (!isRestricted(list) || list.groups.has(g)),
    );
  }

  /** Apps for themselves: scopes for the space layer, their app user for restrictions (D14). */
  private appsThat(content: Content, edits: boolean): readonly string[] {
    const facts = this.facts;
    return [...facts.apps()]
      .filter((app) => {
        if (!app.scopes.has(READ_SCOPE)) return false;
        if (edits && !app.scopes.has(WRITE_SCOPE)) return false;
        if (!this.passesRestrictions(content, app.accountId)) return false;
        if (edits && !this.passesUpdateList(content, app)) return false;
        return app.exempt || appAccessFor(facts, app.ari, content.spaceId).effect !== 'block';
      })
      .map((a) => a.ari)
      .sort(byText);
  }

  private passesUpdateList(content: Content, app: App): boolean {
    const list = content.restrictions.update;
    return !isRestricted(list) || (app.accountId !== null && this.listed(list, app.accountId));
  }

  /** R5 and D11: the site switch, the space's anonymous read, no read restriction, the rule. */
  private anonymousViews(content: Content): boolean {
    const facts = this.facts;
    const space = facts.space(content.spaceId);
    const site = space ? facts.site(space.siteId) : undefined;
    return (
      site?.anonymousAccess === true &&
      space!.permissions.anonymous.has('read') &&
      this.nearestRestricted(content) === null &&
      ruleFor(facts, 'anonymousAccess', content).effect !== 'block'
    );
  }

  /** Groups holding a space permission, ascending by id. */
  groupsHolding(space: Space, operation: SpaceOperation): readonly string[] {
    let bySpace = this.groupHolders.get(operation);
    if (!bySpace) this.groupHolders.set(operation, (bySpace = new Map()));
    let groups = bySpace.get(space.id);
    if (!groups) {
      groups = [...space.permissions.groups]
        .filter(([, ops]) => ops.has(operation))
        .map(([g]) => g)
        .sort();
      bySpace.set(space.id, groups);
    }
    return groups;
  }

  private membersOf(groupId: string): ReadonlySet<string> {
    this.groupsById ??= new Map([...this.facts.groups()].map((g) => [g.id, g.members]));
    return this.groupsById.get(groupId) ?? NO_MEMBERS;
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
