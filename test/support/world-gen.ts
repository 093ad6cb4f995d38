import fc from 'fast-check';
import type { TenantFile, TenantPage, TenantPolicy } from '../../src/tenant/schema.js';
import { buildJira, jiraResource, jiraSpec, type JiraPart } from './world-gen-jira.js';

/**
 * Random small worlds and policy sets for the property test. Arbitraries produce index-based
 * specs (small numbers taken modulo what exists), so shrinking keeps them valid; `buildWorld`
 * turns a spec into a tenant file whose ids are unique per world (many worlds share a database).
 */

export const READ_SCOPE = 'read:confluence-content.all';
export const WRITE_SCOPE = 'write:confluence-content';
const RULES = ['export', 'publicLinks', 'anonymousAccess', 'appAccess', 'attachmentDownload'];
type Rule = (typeof RULES)[number];

const pick = fc.nat({ max: 7 });
const subset = fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 3 });

const restriction = fc.option(fc.record({ users: subset, groups: subset, apps: subset }), {
  freq: 2,
});

/** Mostly null, so that fallbacks (space default, org default) decide often. */
const mostlyNone = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: pick },
);

const pageSpec = fc.record({
  space: pick,
  parent: fc.nat({ max: 12 }),
  blog: fc.boolean(),
  level: mostlyNone,
  read: restriction,
  update: restriction,
  attachment: fc.boolean(),
  link: fc.option(fc.boolean(), { freq: 2 }),
});

const permSpec = fc.record({
  kind: fc.constantFrom('group', 'group', 'user', 'anonymous'),
  index: pick,
  ops: fc.constantFrom(['read'], ['read', 'update'], ['read', 'update'], ['update']),
});

const policySpec = fc.record({
  rule: fc.constantFrom(...RULES, 'appAccess', 'anonymousAccess'),
  extraRule: fc.option(fc.constantFrom('export', 'publicLinks', 'anonymousAccess'), { freq: 4 }),
  coverage: fc.constantFrom(
    'ORG',
    'ORG',
    'WORKSPACE',
    'CONTAINER',
    'CONTAINER',
    'CLASSIFICATION',
    'CLASSIFICATION',
    'UNASSIGNED',
    'DC_WORKSPACE',
  ),
  effect: fc.constantFrom('block', 'allow'),
  status: fc.constantFrom('published', 'published', 'published', 'draft', 'deleted'),
  /** appAccess subject: 0 = all_apps, k = app k-1 */
  subject: fc.nat({ max: 3 }),
  resources: fc.uniqueArray(pick, { minLength: 1, maxLength: 2 }),
  jira: fc.boolean(),
});

/** Policies written through the Admin API after the import (the real policy commands). */
const apiSpec = fc.option(
  fc.record({
    rule: fc.constantFrom('export', 'publicLinks', 'anonymousAccess', 'attachmentDownload'),
    orgEffect: fc.constantFrom('block', 'allow'),
    override: fc.option(fc.record({ space: pick, effect: fc.constantFrom('block', 'allow') })),
    publish: fc.boolean(),
    /** Delete one of the file's policies first (DELETE /v1/…/policies/{id}). */
    remove: fc.option(fc.nat({ max: 9 })),
  }),
  { freq: 2 },
);

export const worldSpec = fc.record({
  users: fc.array(fc.record({ siteAdmin: fc.boolean() }), { minLength: 2, maxLength: 4 }),
  groups: fc.array(fc.record({ members: subset, everyone: fc.boolean() }), {
    minLength: 1,
    maxLength: 3,
  }),
  apps: fc.array(
    fc.record({
      scopes: fc.constantFrom(
        [READ_SCOPE],
        [READ_SCOPE, WRITE_SCOPE],
        [WRITE_SCOPE],
        [],
        [READ_SCOPE, 'read:jira-work'],
        [READ_SCOPE, 'read:jira-work', 'write:jira-work', 'manage:jira-project'],
      ),
      exempt: fc.boolean(),
      hasUser: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  levels: fc.nat({ max: 3 }),
  orgDefault: fc.option(pick, { freq: 3 }),
  sites: fc.array(fc.record({ anonymous: fc.boolean() }), { minLength: 1, maxLength: 2 }),
  spaces: fc.array(
    fc.record({
      site: pick,
      defaultLevel: mostlyNone,
      perms: fc.array(permSpec, { minLength: 1, maxLength: 5 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  pages: fc.array(pageSpec, { minLength: 1, maxLength: 10 }),
  policies: fc.array(policySpec, { maxLength: 10 }),
  api: apiSpec,
  /** Restriction writes through the Confluence API after the first checks. */
  edits: fc.array(
    fc.record({
      content: fc.nat({ max: 12 }),
      operation: fc.constantFrom('read', 'update'),
      users: subset,
      groups: subset,
    }),
    { maxLength: 2 },
  ),
  /** Classification writes through the Confluence v2 API, with the restriction writes. */
  classify: fc.array(
    fc.record({ space: fc.boolean(), index: fc.nat({ max: 12 }), level: fc.option(pick) }),
    { maxLength: 2 },
  ),
  jira: jiraSpec,
});
export type WorldSpec = typeof worldSpec extends fc.Arbitrary<infer T> ? T : never;

/** One request, as indexes into the world (resolved by `requestFor`). */
export const requestSpec = fc.record({
  subject: fc.nat({ max: 9 }),
  index: fc.nat({ max: 7 }),
  actingFor: fc.option(pick, { freq: 3 }),
  adminKey: fc.boolean(),
  action: fc.constantFrom(
    'read',
    'read',
    'update',
    'export',
    'downloadAttachment',
    'viewPublicLink',
    'restrict',
  ),
  resource: fc.nat({ max: 19 }),
  /** Below 3 (of 10): a Jira issue or project, when the world has any. */
  jira: fc.nat({ max: 9 }),
  jiraAction: fc.constantFrom(
    'read',
    'read',
    'read',
    'export',
    'downloadAttachment',
    'update',
    'administer',
    'viewPublicLink',
  ),
});
export type RequestSpec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

export interface BuiltWorld {
  orgId: string;
  adminKey: string;
  tenant: TenantFile;
  users: string[];
  apps: string[];
  spaces: { id: string; cloudId: string }[];
  /** Pages and blog posts, in creation order. */
  content: { id: string; type: 'page' | 'blogpost'; spaceId: string }[];
  attachments: string[];
  groups: { id: string; name: string }[];
  api: WorldSpec['api'];
  /** Ids of the policies in the tenant file. */
  policyIds: string[];
  /** Restriction writes, resolved: the content, its site, and the new list. */
  edits: {
    contentId: string;
    cloudId: string;
    operation: 'read' | 'update';
    users: string[];
    groups: string[];
  }[];
  /** Classification writes: a page's or blog post's own level, or a space default (null: reset). */
  classify: {
    path: string;
    cloudId: string;
    level: string | null;
  }[];
  /** A site admin with an API token, who writes the restrictions with the admin key. */
  editor: { email: string; token: string };
  /** How each user (the editor last) and app signs in to the Confluence APIs. */
  credentials: {
    users: { accountId: string; email: string; token: string; siteAdmin: boolean }[];
    apps: { ari: string; token: string; accountId: string | null; scopes: string[] }[];
  };
  /** Public links of the world: link id → content id. */
  links: { id: string; contentId: string }[];
  /** Each attachment and the page or blog post it belongs to. */
  attachmentPages: { id: string; contentId: string }[];
  /** Each page's direct child pages, in order. */
  childrenOf: Map<string, string[]>;
  /** Jira projects and issues of the world. */
  jira: JiraPart;
}

const at = <T>(list: readonly T[], i: number): T | undefined =>
  list.length === 0 ? undefined : list[i % list.length];

export function buildWorld(spec: WorldSpec, n: number): BuiltWorld {
  const p = `w${n}`;
  const orgId = `org-${p}`;
  // The last user is a site admin who can change any restriction with the admin key.
  const users = [...spec.users.map((_, i) => `${p}-u${i}`), `${p}-admin`];
  const groups = spec.groups.map((g, i) => ({
    id: `${p}-g${i}`,
    name: `grp${i}`,
    members: g.everyone ? users : [...new Set(g.members.map((m) => at(users, m)!))],
  }));
  const apps = spec.apps.map((a, i) => ({
    ari: `ari:cloud:ecosystem::connect-app/${p}.app${i}`,
    key: `${p}.app${i}`,
    name: `App ${i}`,
    token: `app-token-${p}-${i}`,
    ...(a.hasUser ? { accountId: `${p}-appuser${i}` } : {}),
    scopes: [...a.scopes],
    exempt: a.exempt,
  }));
  const appUsers = apps.flatMap((a) => (a.accountId ? [a.accountId] : []));
  const levels = Array.from({ length: spec.levels }, (_, i) => `${p}-lvl${i}`);
  const sites = spec.sites.map((s, i) => ({
    cloudId: `${p}-cloud${i}`,
    name: `${p}-site${i}`,
    products: ['confluence', 'jira'] as ('confluence' | 'jira')[],
    anonymousAccess: s.anonymous,
    spaces: [] as NonNullable<NonNullable<TenantFile['orgs'][0]['sites']>[0]['spaces']>,
  }));
  const spaces = spec.spaces.map((s, i) => {
    const site = at(sites, s.site)!;
    const level = s.defaultLevel === null ? undefined : at(levels, s.defaultLevel);
    const seen = new Set<string>();
    const unique = s.perms.filter((perm) => {
      const key =
        perm.kind === 'anonymous'
          ? 'anonymous'
          : perm.kind === 'user'
            ? at(users, perm.index)!
            : at(groups, perm.index)!.id;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const permissions = unique.map((perm) =>
      perm.kind === 'anonymous'
        ? { anonymous: true as const, operations: ['read' as const] }
        : perm.kind === 'user'
          ? { accountId: at(users, perm.index)!, operations: [...perm.ops] }
          : { group: at(groups, perm.index)!.name, operations: [...perm.ops] },
    );
    const space = {
      id: `${p}-s${i}`,
      key: `${p.toUpperCase()}S${i}`,
      name: `Space ${i}`,
      ...(level ? { defaultClassification: level } : {}),
      permissions,
      pages: [] as TenantPage[],
    };
    site.spaces.push(space);
    return { space, cloudId: site.cloudId };
  });

  const content: BuiltWorld['content'] = [];
  const attachments: string[] = [];
  const nodes: { page: TenantPage; depth: number; spaceIndex: number }[] = [];
  const childrenOf = new Map<string, string[]>();
  spec.pages.forEach((ps, i) => {
    const id = `${p}-c${i}`;
    const list = (r: (typeof ps)['read']) =>
      r === null
        ? undefined
        : {
            users: [
              ...new Set([
                ...r.users.map((u) => at(users, u)!),
                ...r.apps.flatMap((a) => (appUsers.length ? [at(appUsers, a)!] : [])),
              ]),
            ],
            groups: [...new Set(r.groups.map((g) => at(groups, g)!.name))],
          };
    const read = list(ps.read);
    const update = ps.blog ? undefined : list(ps.update);
    const level = ps.level === null ? undefined : at(levels, ps.level);
    const page: TenantPage = {
      id,
      title: `Content ${i}`,
      ...(ps.blog ? { type: 'blogpost' as const } : {}),
      ...(level ? { classification: level } : {}),
      ...(read || update
        ? { restrictions: { ...(read ? { read } : {}), ...(update ? { update } : {}) } }
        : {}),
      ...(ps.attachment ? { attachments: [{ id: `${p}-a${i}`, title: `file${i}.txt` }] } : {}),
      ...(ps.link !== null && !ps.blog
        ? { publicLink: { id: `${p}-l${i}`, enabled: ps.link } }
        : {}),
    };
    const parentIndex = (ps.parent % (nodes.length + 1)) - 1;
    const parent = parentIndex >= 0 ? nodes[parentIndex] : undefined;
    let depth = 1;
    let spaceIndex = ps.space % spaces.length;
    if (!ps.blog && parent && parent.page.type !== 'blogpost' && parent.depth < 4) {
      (parent.page.children ??= []).push(page);
      childrenOf.set(parent.page.id, [...(childrenOf.get(parent.page.id) ?? []), id]);
      depth = parent.depth + 1;
      spaceIndex = parent.spaceIndex;
    } else {
      spaces[spaceIndex]!.space.pages.push(page);
    }
    nodes.push({ page, depth, spaceIndex });
    content.push({
      id,
      type: ps.blog ? 'blogpost' : 'page',
      spaceId: spaces[spaceIndex]!.space.id,
    });
    if (ps.attachment) attachments.push(`${p}-a${i}`);
  });

  const { jiraProjects, jira } = buildJira(spec.jira, {
    p,
    users,
    appUsers,
    groups,
    levels,
    sites,
  });

  const policies: TenantPolicy[] = [];
  spec.policies.forEach((ps, i) => {
    const rule = ps.rule as Rule;
    let coverage = ps.coverage as TenantPolicy['coverageLevel'];
    if (rule === 'appAccess' && coverage !== 'ORG' && coverage !== 'CONTAINER') coverage = 'ORG';
    if (coverage === 'CLASSIFICATION' && levels.length === 0) coverage = 'ORG';
    const resources =
      coverage === 'WORKSPACE'
        ? ps.resources.map((r) => {
            const cloudId = at(sites, r)!.cloudId;
            return ps.jira
              ? `ari:cloud:jira::site/${cloudId}`
              : `ari:cloud:confluence::site/${cloudId}`;
          })
        : coverage === 'CONTAINER'
          ? ps.resources.map((r) => {
              const jiraProject = ps.jira ? at(jiraProjects, r) : undefined;
              if (jiraProject) {
                return `ari:cloud:jira:${jiraProject.cloudId}:project/${jiraProject.project.id}`;
              }
              const s = at(spaces, r)!;
              return `ari:cloud:confluence:${s.cloudId}:space/${s.space.id}`;
            })
          : coverage === 'CLASSIFICATION'
            ? ps.resources.map((r) => `ari:cloud:platform::classification-tag/${at(levels, r)!}`)
            : [];
    const ruleSet: TenantPolicy['rule'] = { [rule]: { effect: ps.effect } };
    if (coverage === 'ORG' && rule !== 'appAccess' && ps.extraRule && ps.extraRule !== rule) {
      ruleSet[ps.extraRule as 'export'] = { effect: ps.effect === 'block' ? 'allow' : 'block' };
    }
    const subjectId =
      ps.subject === 0 || apps.length === 0 ? 'all_apps' : at(apps, ps.subject - 1)!.ari;
    policies.push({
      id: `${p}-pol${i}`,
      name: `policy ${i}`,
      status: ps.status as TenantPolicy['status'],
      coverageLevel: coverage,
      rule: ruleSet,
      resources: [...new Set(resources)],
      ...(rule === 'appAccess'
        ? { subject: { subjectType: 'marketplaceApp' as const, subjectId } }
        : {}),
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  const adminKey = `key-${p}-0123456789`;
  const orgDefault = spec.orgDefault === null ? undefined : at(levels, spec.orgDefault);
  const tenant: TenantFile = {
    orgs: [
      {
        id: orgId,
        name: `Org ${p}`,
        ...(orgDefault ? { defaultClassification: orgDefault } : {}),
        adminApiKeys: [adminKey],
        classificationLevels: levels.map((id, i) => ({
          id,
          name: `Level ${i}`,
          order: i + 1,
          status: 'PUBLISHED' as const,
        })),
        users: [
          ...spec.users.map((u, i) => ({
            accountId: users[i]!,
            displayName: `User ${i}`,
            siteAdmin: u.siteAdmin,
            email: `u${i}@${p}.test`,
            apiToken: `token-${p}-u${i}`,
          })),
          {
            accountId: `${p}-admin`,
            displayName: 'Admin',
            siteAdmin: true,
            email: `admin@${p}.test`,
            apiToken: `token-${p}`,
          },
        ],
        groups,
        apps,
        sites,
        policies,
      },
    ],
  };
  return {
    orgId,
    adminKey,
    tenant,
    users,
    apps: apps.map((a) => a.ari),
    spaces: spaces.map((s) => ({ id: s.space.id, cloudId: s.cloudId })),
    content,
    attachments,
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    api: spec.api,
    policyIds: policies.map((x) => x.id),
    edits: spec.edits.map((e) => {
      const c = at(content, e.content)!;
      const space = spaces.find((s) => s.space.id === c.spaceId)!;
      return {
        contentId: c.id,
        cloudId: space.cloudId,
        operation: e.operation as 'read' | 'update',
        users: [...new Set(e.users.map((u) => at(users, u)!))],
        groups: [...new Set(e.groups.map((g) => at(groups, g)!.id))],
      };
    }),
    classify: spec.classify.flatMap((c) => {
      const level = c.level === null ? null : (at(levels, c.level) ?? null);
      if (c.space) {
        const space = at(spaces, c.index)!;
        return [{ path: `spaces/${space.space.id}`, cloudId: space.cloudId, level }];
      }
      const item = at(content, c.index)!;
      const cloudId = spaces.find((s) => s.space.id === item.spaceId)!.cloudId;
      const segment = item.type === 'page' ? 'pages' : 'blogposts';
      return [{ path: `${segment}/${item.id}`, cloudId, level }];
    }),
    editor: { email: `admin@${p}.test`, token: `token-${p}` },
    credentials: {
      users: [
        ...spec.users.map((u, i) => ({
          accountId: users[i]!,
          email: `u${i}@${p}.test`,
          token: `token-${p}-u${i}`,
          siteAdmin: u.siteAdmin,
        })),
        { accountId: `${p}-admin`, email: `admin@${p}.test`, token: `token-${p}`, siteAdmin: true },
      ],
      apps: apps.map((a) => ({
        ari: a.ari,
        token: a.token,
        accountId: a.accountId ?? null,
        scopes: a.scopes,
      })),
    },
    attachmentPages: spec.pages.flatMap((ps, i) =>
      ps.attachment ? [{ id: `${p}-a${i}`, contentId: `${p}-c${i}` }] : [],
    ),
    childrenOf,
    links: spec.pages.flatMap((ps, i) =>
      ps.link !== null && !ps.blog ? [{ id: `${p}-l${i}`, contentId: `${p}-c${i}` }] : [],
    ),
    jira,
  };
}

export type WireSubject =
  | { type: 'user'; accountId: string; adminKey?: boolean }
  | { type: 'app'; ari: string; actingFor?: string }
  | { type: 'anonymous' };

export type WireResource =
  | { type: 'page' | 'blogpost' | 'attachment' | 'space'; id: string }
  | { type: 'issue' | 'project'; id?: string; key?: string; cloudId?: string };

export interface WireRequest {
  subject: WireSubject;
  action: string;
  resource: WireResource;
}

/** A request against the world; a few name things that do not exist (D1). */
export function requestFor(world: BuiltWorld, r: RequestSpec): WireRequest {
  const kind = r.subject % 10;
  let subject: WireSubject;
  if (kind <= 4 || (world.apps.length === 0 && kind <= 7)) {
    const accountId = kind === 4 && r.index === 7 ? 'nobody' : at(world.users, r.index)!;
    subject = r.adminKey
      ? { type: 'user', accountId, adminKey: true }
      : { type: 'user', accountId };
  } else if (kind <= 7) {
    const ari = at(world.apps, r.index)!;
    subject =
      r.actingFor === null
        ? { type: 'app', ari }
        : { type: 'app', ari, actingFor: at(world.users, r.actingFor)! };
  } else {
    subject = { type: 'anonymous' };
  }
  if (r.jira < 3) {
    const jira = jiraResource(world, r);
    if (jira) {
      const action =
        jira.type === 'project'
          ? r.jiraAction === 'administer'
            ? 'administer'
            : 'read'
          : r.jiraAction;
      return { subject, action, resource: jira };
    }
  }
  const action = r.action;
  const k = r.resource;
  let resource: WireRequest['resource'];
  if (action === 'downloadAttachment' && world.attachments.length > 0 && k % 4 !== 0) {
    resource = { type: 'attachment', id: at(world.attachments, k)! };
  } else if (k === 19) {
    resource = { type: 'page', id: 'no-such-page' };
  } else if (k >= 17) {
    resource = { type: 'space', id: at(world.spaces, k)!.id };
  } else if (k >= 15 && world.attachments.length > 0) {
    resource = { type: 'attachment', id: at(world.attachments, k)! };
  } else {
    const c = at(world.content, k)!;
    // Now and then ask for a page as a blog post or the other way round (D1).
    const type = k === 14 ? (c.type === 'page' ? 'blogpost' : 'page') : c.type;
    resource = { type, id: c.id };
  }
  return { subject, action, resource };
}
