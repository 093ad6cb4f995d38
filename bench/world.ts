import type { TenantFile, TenantPage, TenantSpace } from '../src/tenant/schema.js';

/** How big the synthetic world is. */
export interface WorldSize {
  pages: number;
  /** Pages of the first space (the one the filter benchmark walks). */
  bigSpacePages: number;
  spaces: number;
  users: number;
  groups: number;
  groupsPerUser: number;
  /** Read permission is granted to this many groups per space. */
  readersPerSpace: number;
  /** Issues in each of the two Jira projects (bench/jira-world.ts). */
  issuesPerProject: number;
}

export const FULL_WORLD: WorldSize = {
  pages: 100_000,
  bigSpacePages: 10_000,
  spaces: 20,
  users: 10_000,
  groups: 500,
  groupsPerUser: 5,
  readersPerSpace: 60,
  issuesPerProject: 50_000,
};

export const QUICK_WORLD: WorldSize = {
  pages: 3_000,
  bigSpacePages: 1_000,
  spaces: 4,
  users: 300,
  groups: 30,
  groupsPerUser: 3,
  readersPerSpace: 8,
  issuesPerProject: 1_500,
};

/**
 * The full world's proportions at another size: a user per 10 pages, a group per 200 pages, a
 * space per 5,000 pages (at least 20), each space granted to 12% of the groups (so a user may
 * read a given space about half the time at every size); the filter's big space stays 10,000
 * pages.
 */
export function worldOfPages(pages: number): WorldSize {
  const groups = Math.max(10, Math.round(pages / 200));
  return {
    pages,
    bigSpacePages: Math.min(10_000, Math.floor(pages / 2)),
    spaces: Math.max(20, Math.round(pages / 5_000)),
    users: Math.max(100, Math.round(pages / 10)),
    groups,
    groupsPerUser: 5,
    readersPerSpace: Math.max(
      1,
      Math.round((groups * FULL_WORLD.readersPerSpace) / FULL_WORLD.groups),
    ),
    // the full world's Jira, whatever the pages (the page figures are what scale)
    issuesPerProject: FULL_WORLD.issuesPerProject,
  };
}

/** Trees are at most this many levels deep (a root is level 1). */
export const MAX_DEPTH = 8;

export const BENCH_ORG = 'org-bench';
export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789';
export const SITES = [
  { cloudId: 'cloud-bench-one', name: 'bench-one', anonymousAccess: true },
  { cloudId: 'cloud-bench-two', name: 'bench-two', anonymousAccess: false },
] as const;
export const LEVELS = ['lvl-restricted', 'lvl-confidential', 'lvl-internal', 'lvl-public'];
export const READ_SCOPE = 'read:confluence-content.all';
export const APPS = [
  { ari: 'ari:cloud:ecosystem::app/bench-reader', scopes: [READ_SCOPE], exempt: false },
  {
    ari: 'ari:cloud:ecosystem::app/bench-writer',
    scopes: [READ_SCOPE, 'write:confluence-content'],
    exempt: false,
  },
  { ari: 'ari:cloud:ecosystem::app/bench-noscope', scopes: [], exempt: false },
  { ari: 'ari:cloud:ecosystem::app/bench-exempt', scopes: [READ_SCOPE], exempt: true },
] as const;

/** The ids of what was generated, for building requests. */
export interface GeneratedWorld {
  tenant: TenantFile;
  size: WorldSize;
  spaceIds: string[];
  /** spaceId → cloudId */
  spaceSite: Map<string, string>;
  pageIds: string[];
  attachmentIds: string[];
  accountIds: string[];
  groupIds: string[];
  appAris: string[];
  bigSpaceId: string;
}

/** A small deterministic PRNG (mulberry32), so every run builds the same world. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: () => number, list: readonly T[]): T =>
  list[Math.floor(rnd() * list.length)]!;

function pickDistinct<T>(rnd: () => number, list: readonly T[], count: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < Math.min(count, list.length)) chosen.add(pick(rnd, list));
  return [...chosen];
}

const groupName = (i: number) => `group-${i}`;

interface Node {
  page: TenantPage;
  depth: number;
}

/** One space's pages: a forest where each page hangs under a random shallower page. */
function spaceTree(
  rnd: () => number,
  count: number,
  nextId: () => number,
  world: GeneratedWorld,
): TenantPage[] {
  const roots: TenantPage[] = [];
  const open: Node[] = [];
  for (let i = 0; i < count; i++) {
    const id = String(nextId());
    const page: TenantPage = { id, title: `Page ${id}` };
    decorate(rnd, page, world);
    world.pageIds.push(id);
    const parent = open.length === 0 || rnd() < 0.02 ? undefined : pick(rnd, open);
    const depth = parent ? parent.depth + 1 : 1;
    if (parent) (parent.page.children ??= []).push(page);
    else roots.push(page);
    if (depth < MAX_DEPTH) open.push({ page, depth });
  }
  return roots;
}

/** 5% read-restricted (users and groups), 10% classified, some attachments and public links. */
function decorate(rnd: () => number, page: TenantPage, world: GeneratedWorld): void {
  if (rnd() < 0.05) {
    page.restrictions = {
      read: {
        users: pickDistinct(rnd, world.accountIds, 1 + Math.floor(rnd() * 3)),
        groups: pickDistinct(rnd, world.groupIds, 1 + Math.floor(rnd() * 2)).map((g) =>
          groupName(Number(g.slice(1))),
        ),
      },
    };
  }
  if (rnd() < 0.1) page.classification = pick(rnd, LEVELS);
  if (rnd() < 0.1) {
    const id = `att-${page.id}`;
    page.attachments = [{ id, title: `file-${page.id}.pdf`, mediaType: 'application/pdf' }];
    world.attachmentIds.push(id);
  }
  if (rnd() < 0.01) page.publicLink = { id: `link-${page.id}`, enabled: true };
}

/** The synthetic world as a tenant file (docs/tenant-file.md), deterministic. */
export function generateWorld(size: WorldSize, seed = 20261123): GeneratedWorld {
  const rnd = random(seed);
  const world: GeneratedWorld = {
    tenant: { orgs: [] },
    size,
    spaceIds: [],
    spaceSite: new Map(),
    pageIds: [],
    attachmentIds: [],
    accountIds: Array.from({ length: size.users }, (_, i) => `557058:bench-user-${i}`),
    groupIds: Array.from({ length: size.groups }, (_, i) => `g${i}`),
    appAris: APPS.map((a) => a.ari),
    bigSpaceId: '',
  };
  const members = world.groupIds.map(() => [] as string[]);
  for (const accountId of world.accountIds) {
    for (const g of pickDistinct(rnd, world.groupIds, size.groupsPerUser)) {
      members[Number(g.slice(1))]!.push(accountId);
    }
  }
  let counter = 1_000_000;
  const nextId = () => counter++;
  const spaces: TenantSpace[][] = SITES.map(() => []);
  const rest = Math.floor((size.pages - size.bigSpacePages) / (size.spaces - 1));
  for (let s = 0; s < size.spaces; s++) {
    const id = String(70_000 + s);
    const site = SITES[s % SITES.length]!;
    const count =
      s === 0
        ? size.bigSpacePages
        : s === size.spaces - 1
          ? size.pages - size.bigSpacePages - rest * (size.spaces - 2)
          : rest;
    world.spaceIds.push(id);
    world.spaceSite.set(id, site.cloudId);
    const readers = pickDistinct(rnd, world.groupIds, size.readersPerSpace);
    const space: TenantSpace = {
      id,
      key: `BENCH${s}`,
      name: `Bench space ${s}`,
      permissions: [
        ...readers.map((g) => ({
          group: groupName(Number(g.slice(1))),
          operations: ['read', 'update'] as ('read' | 'update')[],
        })),
        ...(s % 4 === 0 ? [{ anonymous: true as const, operations: ['read' as const] }] : []),
      ],
      pages: spaceTree(rnd, count, nextId, world),
    };
    if (s % 5 === 3) space.defaultClassification = LEVELS[s % LEVELS.length]!;
    spaces[s % SITES.length]!.push(space);
  }
  world.bigSpaceId = world.spaceIds[0]!;
  world.tenant = {
    orgs: [
      {
        id: BENCH_ORG,
        name: 'Bench org',
        adminApiKeys: [BENCH_ADMIN_KEY],
        classificationLevels: LEVELS.map((id, i) => ({
          id,
          name: id.slice(4),
          order: i + 1,
          status: 'PUBLISHED' as const,
        })),
        users: world.accountIds.map((accountId, i) => ({
          accountId,
          displayName: `Bench user ${i}`,
        })),
        groups: world.groupIds.map((id, i) => ({ id, name: groupName(i), members: members[i]! })),
        apps: APPS.map((a, i) => ({
          ari: a.ari,
          key: `bench.app.${i}`,
          name: `Bench app ${i}`,
          accountId: `557058:bench-app-${i}`,
          scopes: [...a.scopes],
          exempt: a.exempt,
        })),
        sites: SITES.map((site, i) => ({
          cloudId: site.cloudId,
          name: site.name,
          products: ['confluence' as const],
          anonymousAccess: site.anonymousAccess,
          spaces: spaces[i]!,
        })),
      },
    ],
  };
  return world;
}
