import {
  type App,
  type Attachment,
  type ClassificationLevel,
  type Group,
  type Lists,
  type Project,
  type PublicLink,
  type Site,
  type Space,
  type User,
} from '../domain/world.js';
import type { EnforcementModes } from '../domain/decision/enforcement-modes.js';
import type { JiraWorld } from '../domain/jira/world.js';
import { ContentMap } from './content-map.js';
import type { LayeredMap } from './layered-map.js';
import type { PageStore } from './page-store.js';

/** Everything the index knows about one org at one revision. Immutable: changes derive a new one. */
export interface OrgWorld {
  readonly id: string;
  readonly name: string;
  readonly defaultClassification: string | null;
  readonly adminKeys: readonly string[];
  readonly levels: ReadonlyMap<string, ClassificationLevel>;
  readonly users: ReadonlyMap<string, User>;
  /** lower-cased email → accountId */
  readonly usersByEmail: ReadonlyMap<string, string>;
  /** accountId → api token (only users that have one) */
  readonly userTokens: ReadonlyMap<string, string>;
  readonly groups: ReadonlyMap<string, Group>;
  readonly groupsByName: ReadonlyMap<string, Group>;
  /** accountId → group ids */
  readonly userGroups: ReadonlyMap<string, readonly string[]>;
  /** accountId → the numbers of the same groups, in the same order */
  readonly userGroupNumbers: ReadonlyMap<string, readonly number[]>;
  /**
   * group id → number (0, 1, …): every group a membership or a space permission names, numbered
   * for the spaces' `groupGrants`. Numbers mean something within one world only.
   */
  readonly groupNumbers: ReadonlyMap<string, number>;
  readonly apps: ReadonlyMap<string, App>;
  /** app token → app ari */
  readonly appTokens: ReadonlyMap<string, string>;
  /** SHA-256 (hex) of an app token → app ari: what a Bearer token is looked up by */
  readonly appsByTokenDigest: ReadonlyMap<string, string>;
  /** app user accountId → app (restrictions and permission checks name apps by it) */
  readonly appsByAccount: ReadonlyMap<string, App>;
  readonly sites: ReadonlyMap<string, Site>;
  readonly spaces: ReadonlyMap<string, Space>;
  /** Pages and blog posts as columns by slot (what decisions read). */
  readonly pages: PageStore;
  /** The same pages as records by id (what presenters and commands read). */
  readonly content: ContentMap;
  readonly attachments: ReadonlyMap<string, Attachment>;
  readonly publicLinks: LayeredMap<string, PublicLink>;
  readonly projects: ReadonlyMap<string, Project>;
  /** How the org's denials are enforced (enforce, soft, off per rule). */
  readonly enforcement: EnforcementModes;
  /** The org's Jira projects and issues (src/index/jira-world.ts). */
  readonly jira: JiraWorld;
}

const NO_GROUPS: readonly string[] = Object.freeze([]);
const NO_NUMBERS: readonly number[] = Object.freeze([]);

/** A change of one page's own level or restrictions (what writes change about a page). */
export interface PageChange {
  readonly id: string;
  readonly level?: string | null;
  readonly lists?: Lists;
}

/** The world with some pages' own levels or restrictions changed (unknown ids are skipped). */
export function withPages(world: OrgWorld, changes: readonly PageChange[]): OrgWorld {
  const slotted = changes.flatMap((c) => {
    const slot = world.pages.slotOf(c.id);
    return slot === -1 ? [] : [{ slot, level: c.level, lists: c.lists }];
  });
  const pages = world.pages.with(slotted);
  return { ...world, pages, content: new ContentMap(pages) };
}

/** The world with one space replaced (its default level changed). */
export function withSpace(world: OrgWorld, space: Space): OrgWorld {
  const spaces = new Map(world.spaces);
  spaces.set(space.id, space);
  return { ...world, spaces };
}

/** The world with some sites replaced (a hypothetical snapshot's site switch). */
export function withSites(world: OrgWorld, changed: readonly Site[]): OrgWorld {
  const sites = new Map(world.sites);
  for (const site of changed) sites.set(site.cloudId, site);
  return { ...world, sites };
}

/** The world with some apps replaced (a hypothetical snapshot's scopes). */
export function withApps(world: OrgWorld, changed: readonly App[]): OrgWorld {
  const apps = new Map(world.apps);
  for (const app of changed) apps.set(app.ari, app);
  return { ...world, apps };
}

/**
 * `numbering` with the next number for each of these groups it lacks: a copy when it grows, so a
 * numbering a world holds never changes.
 */
export function numberedGroups(
  numbering: ReadonlyMap<string, number>,
  groupIds: Iterable<string>,
): ReadonlyMap<string, number> {
  let grown: Map<string, number> | null = null;
  for (const id of groupIds) {
    if ((grown ?? numbering).has(id)) continue;
    grown ??= new Map(numbering);
    grown.set(id, grown.size);
  }
  return grown ?? numbering;
}

/** The world with a number for each of these groups that has none (a hypothetical grant's). */
export function withGroupNumbers(world: OrgWorld, groupIds: readonly string[]): OrgWorld {
  const groupNumbers = numberedGroups(world.groupNumbers, groupIds);
  return groupNumbers === world.groupNumbers ? world : { ...world, groupNumbers };
}

/** The world with some public links replaced (turned off). */
export function withPublicLinks(world: OrgWorld, links: readonly PublicLink[]): OrgWorld {
  return { ...world, publicLinks: world.publicLinks.with(links.map((l) => [l.id, l] as const)) };
}

/** The group ids of an account (users and app users). */
export function groupsOf(world: OrgWorld, accountId: string): readonly string[] {
  return world.userGroups.get(accountId) ?? NO_GROUPS;
}

/** The numbers of an account's groups (`groupsOf`, as `OrgWorld.groupNumbers` numbers them). */
export function groupNumbersOf(world: OrgWorld, accountId: string): readonly number[] {
  return world.userGroupNumbers.get(accountId) ?? NO_NUMBERS;
}
