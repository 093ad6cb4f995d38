import {
  NO_RESTRICTIONS,
  sealedSet,
  type App,
  type Attachment,
  type ClassificationLevel,
  type Content,
  type Group,
  type Project,
  type PublicLink,
  type Site,
  type Space,
  type User,
} from '../domain/world.js';
import { listsFromRows, type RestrictionRow } from '../storage/repos/restrictions.js';
import type { WorldRows } from '../storage/rows.js';
import { digestHex } from './credentials.js';
import { LayeredMap } from './layered-map.js';

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
  readonly userGroups: ReadonlyMap<string, ReadonlySet<string>>;
  readonly apps: ReadonlyMap<string, App>;
  /** app token → app ari */
  readonly appTokens: ReadonlyMap<string, string>;
  /** SHA-256 (hex) of an app token → app ari: what a Bearer token is looked up by */
  readonly appsByTokenDigest: ReadonlyMap<string, string>;
  /** app user accountId → app (restrictions and permission checks name apps by it) */
  readonly appsByAccount: ReadonlyMap<string, App>;
  readonly sites: ReadonlyMap<string, Site>;
  readonly spaces: ReadonlyMap<string, Space>;
  readonly content: LayeredMap<string, Content>;
  readonly attachments: ReadonlyMap<string, Attachment>;
  readonly publicLinks: LayeredMap<string, PublicLink>;
  readonly projects: ReadonlyMap<string, Project>;
  /** spaceId → its top-level pages and blog posts, in order */
  readonly roots: ReadonlyMap<string, readonly string[]>;
}

const NO_GROUPS: ReadonlySet<string> = sealedSet();

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function addToList<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addToSetMap<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** The world of `orgId` from its rows (rows of other orgs are ignored). */
export function buildOrgWorld(rows: WorldRows, orgId: string): OrgWorld | undefined {
  const org = rows.orgs.find((o) => o.id === orgId);
  if (!org) return undefined;
  const mine = <T extends { org_id: string }>(list: T[]) => list.filter((r) => r.org_id === orgId);

  const levels = new Map<string, ClassificationLevel>();
  for (const l of mine(rows.classification_levels)) {
    levels.set(l.id, {
      id: l.id,
      orgId,
      name: l.name,
      description: l.description ?? null,
      guideline: l.guideline ?? null,
      color: l.color ?? null,
      status: l.status,
      rank: l.rank,
    });
  }
  const users = new Map<string, User>();
  const usersByEmail = new Map<string, string>();
  const userTokens = new Map<string, string>();
  for (const u of mine(rows.users)) {
    users.set(u.account_id, {
      accountId: u.account_id,
      orgId,
      email: u.email ?? null,
      displayName: u.display_name,
      siteAdmin: u.site_admin === 1,
    });
    if (u.email) usersByEmail.set(u.email.toLowerCase(), u.account_id);
    if (u.api_token) userTokens.set(u.account_id, u.api_token);
  }
  const members = new Map<string, Set<string>>();
  const userGroups = new Map<string, Set<string>>();
  for (const m of mine(rows.group_members)) {
    addToSetMap(members, m.group_id, m.account_id);
    addToSetMap(userGroups, m.account_id, m.group_id);
  }
  const groups = new Map<string, Group>();
  const groupsByName = new Map<string, Group>();
  for (const g of mine(rows.groups)) {
    const group: Group = { id: g.id, orgId, name: g.name, members: members.get(g.id) ?? NO_GROUPS };
    groups.set(g.id, group);
    groupsByName.set(g.name, group);
  }
  const apps = new Map<string, App>();
  const appTokens = new Map<string, string>();
  const appsByTokenDigest = new Map<string, string>();
  const appsByAccount = new Map<string, App>();
  for (const a of mine(rows.apps)) {
    const app: App = {
      ari: a.ari,
      orgId,
      key: a.key,
      name: a.name,
      accountId: a.account_id ?? null,
      scopes: sealedSet(JSON.parse(a.scopes) as string[]),
      exempt: a.exempt === 1,
    };
    apps.set(a.ari, app);
    if (app.accountId !== null) appsByAccount.set(app.accountId, app);
    if (a.token) {
      appTokens.set(a.token, a.ari);
      appsByTokenDigest.set(digestHex(a.token), a.ari);
    }
  }
  const sites = new Map<string, Site>();
  for (const s of mine(rows.sites)) {
    sites.set(s.cloud_id, {
      cloudId: s.cloud_id,
      orgId,
      name: s.name,
      products: JSON.parse(s.products) as string[],
      anonymousAccess: s.anonymous_access === 1,
    });
  }
  const spaces = buildSpaces(rows, orgId);

  const contentRows = mine(rows.content).sort((a, b) => a.position - b.position);
  const restrictionRows = new Map<string, RestrictionRow[]>();
  for (const r of mine(rows.content_restrictions)) addToList(restrictionRows, r.content_id, r);
  const content = new Map<
    string,
    Mutable<Content> & { children: string[]; attachments: string[] }
  >();
  for (const c of contentRows) {
    const rowsOfPage = restrictionRows.get(c.id);
    content.set(c.id, {
      id: c.id,
      orgId,
      spaceId: c.space_id,
      parentId: c.parent_id ?? null,
      type: c.type as Content['type'],
      title: c.title,
      classification: c.classification ?? null,
      position: c.position,
      restrictions: rowsOfPage ? listsFromRows(rowsOfPage) : NO_RESTRICTIONS,
      children: [],
      attachments: [],
      publicLinkId: null,
    });
  }
  const roots = new Map<string, string[]>();
  for (const c of contentRows) {
    if (!c.parent_id) {
      addToList(roots, c.space_id, c.id);
      continue;
    }
    const parent = content.get(c.parent_id);
    if (!parent) continue;
    parent.children.push(c.id);
    // The parent's own id string (the map key): lookups up the tree then compare by identity.
    content.get(c.id)!.parentId = parent.id;
  }
  const attachments = new Map<string, Attachment>();
  for (const a of mine(rows.attachments).sort((x, y) => x.position - y.position)) {
    attachments.set(a.id, {
      id: a.id,
      contentId: a.content_id,
      title: a.title,
      mediaType: a.media_type ?? null,
      fileSize: a.file_size ?? null,
    });
    content.get(a.content_id)?.attachments.push(a.id);
  }
  const publicLinks = new Map<string, PublicLink>();
  for (const l of mine(rows.public_links)) {
    publicLinks.set(l.id, { id: l.id, contentId: l.content_id, enabled: l.enabled === 1 });
    const page = content.get(l.content_id);
    if (page) page.publicLinkId = l.id;
  }
  for (const page of content.values()) {
    if (page.children.length === 0) page.children = NO_IDS as string[];
    if (page.attachments.length === 0) page.attachments = NO_IDS as string[];
    Object.freeze(page);
  }
  const projects = new Map<string, Project>();
  for (const p of mine(rows.projects)) {
    projects.set(`${p.site_id}/${p.id}`, {
      id: p.id,
      orgId,
      siteId: p.site_id,
      key: p.key,
      name: p.name,
      projectType: p.project_type ?? null,
    });
  }
  return {
    id: org.id,
    name: org.name,
    defaultClassification: org.default_classification ?? null,
    adminKeys: Object.freeze(mine(rows.admin_api_keys).map((k) => k.key)),
    levels,
    users,
    usersByEmail,
    userTokens,
    groups,
    groupsByName,
    userGroups,
    apps,
    appTokens,
    appsByTokenDigest,
    appsByAccount,
    sites,
    spaces,
    content: LayeredMap.of<string, Content>(content),
    attachments,
    publicLinks: LayeredMap.of(publicLinks),
    projects,
    roots,
  };
}

/** Shared by every page without children or attachments (95% of them). */
const NO_IDS: readonly string[] = Object.freeze([]);

function buildSpaces(rows: WorldRows, orgId: string): Map<string, Space> {
  const perms = new Map<
    string,
    { users: Map<string, Set<string>>; groups: Map<string, Set<string>>; anonymous: Set<string> }
  >();
  for (const p of rows.space_permissions) {
    if (p.org_id !== orgId) continue;
    let space = perms.get(p.space_id);
    if (!space)
      perms.set(
        p.space_id,
        (space = { users: new Map(), groups: new Map(), anonymous: new Set() }),
      );
    if (p.subject_type === 'anonymous') space.anonymous.add(p.operation);
    else
      addToSetMap(
        p.subject_type === 'group' ? space.groups : space.users,
        p.subject_id,
        p.operation,
      );
  }
  const spaces = new Map<string, Space>();
  for (const s of rows.spaces) {
    if (s.org_id !== orgId) continue;
    spaces.set(s.id, {
      id: s.id,
      orgId,
      siteId: s.site_id,
      key: s.key,
      name: s.name,
      defaultClassification: s.default_classification ?? null,
      permissions: perms.get(s.id) ?? { users: new Map(), groups: new Map(), anonymous: NO_GROUPS },
    });
  }
  return spaces;
}

/** The world with some pages replaced (their restrictions or own level changed). */
export function withContent(world: OrgWorld, changed: readonly Content[]): OrgWorld {
  return { ...world, content: world.content.with(changed.map((c) => [c.id, c] as const)) };
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

/** The world with some public links replaced (turned off). */
export function withPublicLinks(world: OrgWorld, links: readonly PublicLink[]): OrgWorld {
  return { ...world, publicLinks: world.publicLinks.with(links.map((l) => [l.id, l] as const)) };
}

/** The group ids of an account (users and app users). */
export function groupsOf(world: OrgWorld, accountId: string): ReadonlySet<string> {
  return world.userGroups.get(accountId) ?? NO_GROUPS;
}
