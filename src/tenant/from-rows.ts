import type { AuditEvent } from '../domain/audit/event.js';
import { enforcesAll, modesFromJson } from '../domain/decision/enforcement-modes.js';
import { isRestricted } from '../domain/world.js';
import { parseRules } from '../storage/repos/policies.js';
import { listsFromRows } from '../storage/repos/restrictions.js';
import { jiraProjectsBySite } from './from-rows-jira.js';
import { WORLD_TABLES, emptyWorldRows, type PolicyRows, type WorldRows } from '../storage/rows.js';
import type {
  TenantAuditEvent,
  TenantFile,
  TenantOrg,
  TenantPage,
  TenantPolicy,
  TenantSite,
  TenantSpace,
} from './schema.js';

type Row<T extends keyof WorldRows> = WorldRows[T][number];

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Sets only the fields that have a value, so exported files stay as small as the originals. */
type WithoutNull<T> = { [K in keyof T]: Exclude<T[K], null> };
function defined<T extends object>(value: T): WithoutNull<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as WithoutNull<T>;
}

/** An audit event as the tenant file holds it (T16). */
function eventOf(e: AuditEvent): TenantAuditEvent {
  const item = (o: AuditEvent['context'][number]) => ({
    id: o.id,
    type: o.type,
    ...(Object.keys(o.attributes).length > 0
      ? {
          attributes: Object.fromEntries(
            Object.entries(o.attributes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]),
          ) as Record<string, string | number | boolean | null | string[]>,
        }
      : {}),
  });
  return {
    id: e.id,
    time: e.time,
    action: e.action,
    actor: e.actor as TenantAuditEvent['actor'],
    context: e.context.map(item),
    container: e.container.map(item),
    ...(e.location ? { location: { ip: e.location.ip } } : {}),
    ...(e.message !== '' ? { message: e.message } : {}),
  };
}

/**
 * Rebuilds a tenant file from table rows: the inverse of `tenantToRows`. Ids repeat across orgs
 * (forks keep them), so the rows are split by org first and each org is rebuilt from its own.
 */
export function rowsToTenant(
  world: WorldRows,
  policies: PolicyRows,
  events: readonly AuditEvent[] = [],
): TenantFile {
  return rowsToTenantWith(world, policies, (org) => pagesFromRows(org), events);
}

/** A space's pages, given its id: what a streamed export puts in place of an array. */
export type PagesOf<P> = (spaceId: string) => P | undefined;

/** The tenant file's types, with what stands for each space's `pages` as `P`. */
export type OrgWith<P> = Omit<TenantOrg, 'sites'> & { sites?: SiteWith<P>[] };
export type SiteWith<P> = Omit<TenantSite, 'spaces'> & { spaces?: SpaceWith<P>[] };
export type SpaceWith<P> = Omit<TenantSpace, 'pages'> & { pages?: P };

/**
 * `rowsToTenant`, with each org's pages from `pagesFor` (given the org's own rows): from those
 * rows for a document in memory, from page batches read meanwhile for a streamed one.
 */
export function rowsToTenantWith<P>(
  world: WorldRows,
  policies: PolicyRows,
  pagesFor: (own: WorldRows) => PagesOf<P>,
  events: readonly AuditEvent[] = [],
): { orgs: OrgWith<P>[] } {
  const split = <T extends { org_id: string }>(rows: readonly T[]) =>
    groupBy(rows, (r) => r.org_id);
  const worldByOrg = Object.fromEntries(
    WORLD_TABLES.filter((t) => t !== 'orgs').map((t) => [
      t,
      split(world[t] as readonly { org_id: string }[]),
    ]),
  ) as { [T in Exclude<keyof WorldRows, 'orgs'>]: Map<string, WorldRows[T]> };
  const policiesByOrg = split(policies.policies);
  const resourcesByOrg = split(policies.policy_resources);
  const eventsByOrg = groupBy(events, (e) => e.orgId);
  // Orgs may come from different files, so their positions do not compare: order them by id.
  const orgs = [...world.orgs]
    .sort((a, b) => byText(a.id, b.id))
    .map((org) => {
      const own = { ...emptyWorldRows(), orgs: [org] };
      for (const table of WORLD_TABLES) {
        if (table !== 'orgs') (own[table] as unknown[]) = worldByOrg[table].get(org.id) ?? [];
      }
      return orgToTenant(
        own,
        {
          policies: policiesByOrg.get(org.id) ?? [],
          policy_resources: resourcesByOrg.get(org.id) ?? [],
        },
        pagesFor(own),
        eventsByOrg.get(org.id),
      );
    });
  return { orgs };
}

/** The pages and what hangs off them, as rows: all of an org's, or one batch of them. */
export type PageRowSet = Pick<
  WorldRows,
  'content' | 'attachments' | 'public_links' | 'content_restrictions'
>;

/**
 * Builds tenant pages from page rows; `groupName` turns restriction group ids into the names the
 * file uses. The children come from the caller (an array, or a stream of them).
 */
export function pageBuilder(rows: PageRowSet, groupName: ReadonlyMap<string, string>) {
  const attachments = groupBy([...rows.attachments].sort(byPosition), (r) => r.content_id);
  const links = new Map(rows.public_links.map((l) => [l.content_id, l]));
  const restrictions = groupBy(
    [...rows.content_restrictions].sort((a, b) => byText(a.subject_id, b.subject_id)),
    (r) => r.content_id,
  );
  return <C>(c: Row<'content'>, children: C | undefined) => {
    const lists = listsFromRows(restrictions.get(c.id) ?? []);
    const list = (op: 'read' | 'update') => {
      if (!isRestricted(lists[op])) return undefined;
      return {
        users: [...lists[op].users],
        groups: [...lists[op].groups].map((id) => groupName.get(id) ?? id),
      };
    };
    const read = list('read');
    const update = list('update');
    const link = links.get(c.id);
    const files = (attachments.get(c.id) ?? []).map((a) =>
      defined({
        id: a.id,
        title: a.title,
        mediaType: a.media_type,
        fileSize: a.file_size ?? undefined,
      }),
    );
    return defined({
      id: c.id,
      title: c.title,
      type: c.type as 'page' | 'blogpost',
      body: c.body,
      classification: c.classification,
      restrictions: read || update ? defined({ read, update }) : undefined,
      attachments: files.length > 0 ? files : undefined,
      publicLink: link ? { id: link.id, enabled: link.enabled === 1 } : undefined,
      children,
    });
  };
}

export const groupNames = (world: Pick<WorldRows, 'groups'>): ReadonlyMap<string, string> =>
  new Map(world.groups.map((g) => [g.id, g.name]));

/** An org's pages from its own rows, as arrays (the document in memory). */
function pagesFromRows(world: WorldRows): PagesOf<TenantPage[]> {
  const build = pageBuilder(world, groupNames(world));
  const topContent = groupBy(
    [...world.content].filter((c) => c.parent_id === null).sort(byPosition),
    (r) => r.space_id,
  );
  const children = groupBy([...world.content].sort(byPosition), (r) => r.parent_id);
  const page = (c: Row<'content'>): TenantPage => {
    const below = (children.get(c.id) ?? []).map(page);
    return build(c, below.length > 0 ? below : undefined);
  };
  return (spaceId) => (topContent.get(spaceId) ?? []).map(page);
}

/** One org (the only one of `world`) as a tenant org, with its audit log when it has one. */
function orgToTenant<P>(
  world: WorldRows,
  policies: PolicyRows,
  pagesOf: PagesOf<P>,
  events: readonly AuditEvent[] | undefined,
): OrgWith<P> {
  const by = {
    keys: groupBy([...world.admin_api_keys].sort(byPosition), (r) => r.org_id),
    levels: groupBy([...world.classification_levels].sort(byPosition), (r) => r.org_id),
    users: groupBy([...world.users].sort(byPosition), (r) => r.org_id),
    groups: groupBy([...world.groups].sort(byPosition), (r) => r.org_id),
    members: groupBy([...world.group_members].sort(byPosition), (r) => r.group_id),
    apps: groupBy([...world.apps].sort(byPosition), (r) => r.org_id),
    sites: groupBy([...world.sites].sort(byPosition), (r) => r.org_id),
    spaces: groupBy([...world.spaces].sort(byPosition), (r) => r.site_id),
    perms: groupBy([...world.space_permissions].sort(byPosition), (r) => r.space_id),
    policies: groupBy(policies.policies, (r) => r.org_id),
    resources: groupBy(policies.policy_resources, (r) => r.policy_id),
  };
  const groupName = groupNames(world);
  const projects = jiraProjectsBySite(world, (id) => groupName.get(id) ?? id);

  const space = (s: Row<'spaces'>): SpaceWith<P> => {
    const permissions: NonNullable<TenantSpace['permissions']> = [];
    const bySubject = groupBy(
      by.perms.get(s.id) ?? [],
      (p) => `${p.subject_type}\u0000${p.subject_id}`,
    );
    for (const rows of bySubject.values()) {
      const first = rows[0]!;
      const operations = rows.map((r) => r.operation) as NonNullable<
        TenantSpace['permissions']
      >[number]['operations'];
      if (first.subject_type === 'group') {
        permissions.push({
          group: groupName.get(first.subject_id) ?? first.subject_id,
          operations,
        });
      } else if (first.subject_type === 'user') {
        permissions.push({ accountId: first.subject_id, operations });
      } else {
        permissions.push({ anonymous: true, operations });
      }
    }
    return defined({
      id: s.id,
      key: s.key,
      name: s.name,
      defaultClassification: s.default_classification,
      permissions,
      pages: pagesOf(s.id),
    });
  };

  const site = (s: Row<'sites'>): SiteWith<P> =>
    defined({
      cloudId: s.cloud_id,
      name: s.name,
      products: JSON.parse(s.products) as TenantSite['products'],
      anonymousAccess: s.anonymous_access === 1,
      spaces: (by.spaces.get(s.cloud_id) ?? []).map(space),
      projects: projects.get(s.cloud_id) ?? [],
    });

  const policy = (p: PolicyRows['policies'][number]): TenantPolicy =>
    defined({
      id: p.id,
      name: p.name,
      type: p.type as 'data-security',
      status: p.status as TenantPolicy['status'],
      coverageLevel: p.coverage_level as TenantPolicy['coverageLevel'],
      description: p.description,
      rule: parseRules(p.rules) as TenantPolicy['rule'],
      subject: p.subject_id
        ? { subjectType: 'marketplaceApp' as const, subjectId: p.subject_id }
        : undefined,
      resources: (by.resources.get(p.id) ?? []).map((r) => r.resource_ari),
      createdBy: p.created_by,
      lastUpdatedBy: p.last_updated_by,
      hasHadCoverage: p.has_had_coverage === 1,
      systemTag: p.system_tag,
      createdAt: p.created_at,
      updatedAt: p.updated_at,
    });

  const o = world.orgs[0]!;
  return defined({
    id: o.id,
    name: o.name,
    defaultClassification: o.default_classification,
    adminApiKeys: (by.keys.get(o.id) ?? []).map((k) => k.key),
    classificationLevels: (by.levels.get(o.id) ?? []).map((l) =>
      defined({
        id: l.id,
        name: l.name,
        order: l.rank,
        color: l.color as NonNullable<TenantOrg['classificationLevels']>[number]['color'],
        status: l.status as 'PUBLISHED' | 'DRAFT' | 'ARCHIVED',
        guideline: l.guideline,
        description: l.description,
      }),
    ),
    users: (by.users.get(o.id) ?? []).map((u) =>
      defined({
        accountId: u.account_id,
        email: u.email,
        displayName: u.display_name,
        apiToken: u.api_token,
        siteAdmin: u.site_admin === 1,
      }),
    ),
    groups: (by.groups.get(o.id) ?? []).map((g) => ({
      id: g.id,
      name: g.name,
      members: (by.members.get(g.id) ?? []).map((m) => m.account_id),
    })),
    apps: (by.apps.get(o.id) ?? []).map((a) =>
      defined({
        ari: a.ari,
        key: a.key,
        name: a.name,
        token: a.token,
        accountId: a.account_id,
        scopes: JSON.parse(a.scopes) as string[],
        exempt: a.exempt === 1,
      }),
    ),
    sites: (by.sites.get(o.id) ?? []).map(site),
    policies: (by.policies.get(o.id) ?? []).map(policy),
    enforcement: enforcementOf(o.enforcement ?? null),
    events: events?.map(eventOf),
  });
}

/** The org's stored modes as the tenant file writes them (absent when everything is enforced). */
function enforcementOf(stored: string | null): TenantOrg['enforcement'] {
  const modes = modesFromJson(stored);
  if (enforcesAll(modes)) return undefined;
  return Object.keys(modes.rules).length > 0
    ? { default: modes.default, rules: { ...modes.rules } }
    : { default: modes.default };
}
