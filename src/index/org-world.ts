import type { ConfluenceFacts } from '../domain/confluence/facts.js';
import type { PolicyFacts } from '../domain/decision/policy-facts.js';
import type { DecisionFacts } from '../domain/decision/types.js';
import {
  emptySubjectList,
  type App,
  type Attachment,
  type ClassificationLevel,
  type Content,
  type Group,
  type Project,
  type PublicLink,
  type RestrictionOperation,
  type Site,
  type Space,
  type User,
} from '../domain/world.js';
import type { WorldRows } from '../storage/rows.js';

/** Everything the index knows about one org, built from its rows. */
export interface OrgWorld {
  id: string;
  name: string;
  defaultClassification: string | null;
  adminKeys: string[];
  levels: Map<string, ClassificationLevel>;
  users: Map<string, User>;
  /** lower-cased email → accountId */
  usersByEmail: Map<string, string>;
  /** accountId → api token (only users that have one) */
  userTokens: Map<string, string>;
  groups: Map<string, Group>;
  groupsByName: Map<string, Group>;
  /** accountId → group ids */
  userGroups: Map<string, Set<string>>;
  apps: Map<string, App>;
  /** app token → app ari */
  appTokens: Map<string, string>;
  sites: Map<string, Site>;
  spaces: Map<string, Space>;
  content: Map<string, Content>;
  attachments: Map<string, Attachment>;
  publicLinks: Map<string, PublicLink>;
  projects: Map<string, Project>;
  /** spaceId → its top-level pages and blog posts, in order */
  roots: Map<string, string[]>;
}

/**
 * The lists of every unrestricted page: one shared object instead of four Sets per page. Never
 * mutated — restriction writes replace a page's `restrictions` (world-index reloadRestrictions).
 */
const NO_RESTRICTIONS: Content['restrictions'] = Object.freeze({
  read: Object.freeze(emptySubjectList()),
  update: Object.freeze(emptySubjectList()),
});

export function buildOrgWorld(rows: WorldRows, orgId: string): OrgWorld | undefined {
  const org = rows.orgs.find((o) => o.id === orgId);
  if (!org) return undefined;
  const mine = <T extends { org_id: string }>(list: T[]) => list.filter((r) => r.org_id === orgId);
  const world: OrgWorld = {
    id: org.id,
    name: org.name,
    defaultClassification: org.default_classification ?? null,
    adminKeys: mine(rows.admin_api_keys).map((k) => k.key),
    levels: new Map(),
    users: new Map(),
    usersByEmail: new Map(),
    userTokens: new Map(),
    groups: new Map(),
    groupsByName: new Map(),
    userGroups: new Map(),
    apps: new Map(),
    appTokens: new Map(),
    sites: new Map(),
    spaces: new Map(),
    content: new Map(),
    attachments: new Map(),
    publicLinks: new Map(),
    projects: new Map(),
    roots: new Map(),
  };
  for (const l of mine(rows.classification_levels)) {
    world.levels.set(l.id, {
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
  for (const u of mine(rows.users)) {
    world.users.set(u.account_id, {
      accountId: u.account_id,
      orgId,
      email: u.email ?? null,
      displayName: u.display_name,
      siteAdmin: u.site_admin === 1,
    });
    if (u.email) world.usersByEmail.set(u.email.toLowerCase(), u.account_id);
    if (u.api_token) world.userTokens.set(u.account_id, u.api_token);
  }
  for (const g of mine(rows.groups)) {
    const group: Group = { id: g.id, orgId, name: g.name, members: new Set() };
    world.groups.set(g.id, group);
    world.groupsByName.set(g.name, group);
  }
  for (const m of mine(rows.group_members)) {
    world.groups.get(m.group_id)?.members.add(m.account_id);
    addToSetMap(world.userGroups, m.account_id, m.group_id);
  }
  for (const a of mine(rows.apps)) {
    world.apps.set(a.ari, {
      ari: a.ari,
      orgId,
      key: a.key,
      name: a.name,
      accountId: a.account_id ?? null,
      scopes: new Set(JSON.parse(a.scopes) as string[]),
      exempt: a.exempt === 1,
    });
    if (a.token) world.appTokens.set(a.token, a.ari);
  }
  for (const s of mine(rows.sites)) {
    world.sites.set(s.cloud_id, {
      cloudId: s.cloud_id,
      orgId,
      name: s.name,
      products: JSON.parse(s.products) as string[],
      anonymousAccess: s.anonymous_access === 1,
    });
  }
  for (const s of mine(rows.spaces)) {
    world.spaces.set(s.id, {
      id: s.id,
      orgId,
      siteId: s.site_id,
      key: s.key,
      name: s.name,
      defaultClassification: s.default_classification ?? null,
      permissions: { users: new Map(), groups: new Map(), anonymous: new Set() },
    });
  }
  for (const p of mine(rows.space_permissions)) {
    const perms = world.spaces.get(p.space_id)?.permissions;
    if (!perms) continue;
    if (p.subject_type === 'anonymous') perms.anonymous.add(p.operation);
    else
      addToSetMap(
        p.subject_type === 'group' ? perms.groups : perms.users,
        p.subject_id,
        p.operation,
      );
  }
  const content = mine(rows.content).sort((a, b) => a.position - b.position);
  for (const c of content) {
    world.content.set(c.id, {
      id: c.id,
      orgId,
      spaceId: c.space_id,
      parentId: c.parent_id ?? null,
      type: c.type as Content['type'],
      title: c.title,
      classification: c.classification ?? null,
      position: c.position,
      restrictions: NO_RESTRICTIONS,
      children: [],
      attachments: [],
      publicLinkId: null,
    });
  }
  for (const c of content) {
    if (!c.parent_id) {
      addToList(world.roots, c.space_id, c.id);
      continue;
    }
    const parent = world.content.get(c.parent_id);
    if (!parent) continue;
    parent.children.push(c.id);
    // The parent's own id string (the map key): lookups up the tree then compare by identity.
    world.content.get(c.id)!.parentId = parent.id;
  }
  for (const r of mine(rows.content_restrictions)) {
    const page = world.content.get(r.content_id);
    if (!page) continue;
    if (page.restrictions === NO_RESTRICTIONS) {
      page.restrictions = { read: emptySubjectList(), update: emptySubjectList() };
    }
    const list = page.restrictions[r.operation as RestrictionOperation];
    if (!list) continue;
    (r.subject_type === 'group' ? list.groups : list.users).add(r.subject_id);
  }
  for (const a of mine(rows.attachments).sort((x, y) => x.position - y.position)) {
    world.attachments.set(a.id, {
      id: a.id,
      contentId: a.content_id,
      title: a.title,
      mediaType: a.media_type ?? null,
      fileSize: a.file_size ?? null,
    });
    world.content.get(a.content_id)?.attachments.push(a.id);
  }
  for (const l of mine(rows.public_links)) {
    world.publicLinks.set(l.id, { id: l.id, contentId: l.content_id, enabled: l.enabled === 1 });
    const page = world.content.get(l.content_id);
    if (page) page.publicLinkId = l.id;
  }
  for (const p of mine(rows.projects)) {
    world.projects.set(`${p.site_id}/${p.id}`, {
      id: p.id,
      orgId,
      siteId: p.site_id,
      key: p.key,
      name: p.name,
      projectType: p.project_type ?? null,
    });
  }
  return world;
}

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

const NO_GROUPS: ReadonlySet<string> = new Set();

/** The Confluence facts of one org, for the rules in src/domain/confluence. */
export function confluenceFacts(world: OrgWorld): ConfluenceFacts {
  return {
    site: (cloudId) => world.sites.get(cloudId),
    space: (spaceId) => world.spaces.get(spaceId),
    content: (contentId) => world.content.get(contentId),
    groupsOf: (accountId) => world.userGroups.get(accountId) ?? NO_GROUPS,
  };
}

/** The decision engine's view of one org: its world plus its published policies. */
export function decisionFactsOf(world: OrgWorld, policies: PolicyFacts): DecisionFacts {
  return {
    ...confluenceFacts(world),
    orgDefaultClassification: world.defaultClassification,
    user: (accountId) => world.users.get(accountId),
    app: (ari) => world.apps.get(ari),
    attachment: (id) => world.attachments.get(id),
    publicLink: (id) => world.publicLinks.get(id),
    policies,
    spaces: () => world.spaces.values(),
    roots: (spaceId) => world.roots.get(spaceId) ?? [],
    users: () => world.users.values(),
    groups: () => world.groups.values(),
    apps: () => world.apps.values(),
  };
}
