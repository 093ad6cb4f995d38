import type { Kysely } from 'kysely';
import {
  sealedSet,
  type App,
  type ClassificationLevel,
  type Project,
  type Site,
  type Space,
} from '../domain/world.js';
import { GroupBits } from '../domain/group-bits.js';
import { modesFromJson } from '../domain/decision/enforcement-modes.js';
import {
  membershipBatches,
  orgRowBatches,
  spacePermissionBatches,
  type MembershipGroup,
  type SpacePermissionGroup,
  type WorldRow,
} from '../storage/repos/world-stream.js';
import type { WorldTable } from '../storage/rows.js';
import type { Database } from '../storage/schema.js';
import { digestHex } from './credentials.js';
import { JiraWorldBuilder } from './jira-world.js';
import type { ContentColumns } from './content-columns.js';
import { numberedGroups, type OrgWorld } from './org-world.js';
import { loadPages } from './page-loader.js';
import { SharedSets } from './shared-sets.js';
import { loadGroups, loadUsers, type TableRows } from './people-loader.js';

type SmallTable = 'classification_levels' | 'groups' | 'apps' | 'sites';

/** Counts rows as a load reads them (for `/readyz` progress). */
export type RowCounter = (rows: number) => void;

const NO_IDS: ReadonlySet<string> = sealedSet();

/**
 * One org's world read straight from the database into the index, table by table, row by row:
 * no table is ever held as an array of rows (a million pages stream into the page columns).
 */
export async function loadOrgWorld(
  db: Kysely<Database>,
  orgId: string,
  onRows: RowCounter = () => undefined,
  previous?: OrgWorld,
  readContent?: () => Promise<ContentColumns> | null,
): Promise<OrgWorld | undefined> {
  // One await per batch of rows, none per row: the loops below run synchronously over a batch.
  async function* rows<T extends WorldTable>(table: T): AsyncGenerator<WorldRow<T>[]> {
    for await (const batch of orgRowBatches(db, table, orgId)) {
      yield batch;
      onRows(batch.length);
    }
  }
  /** A small table (levels, groups, apps, sites) whole, in its tenant-file order. */
  const byPosition = async <T extends SmallTable>(table: T): Promise<WorldRow<T>[]> => {
    const all: WorldRow<T>[] = [];
    for await (const batch of rows(table)) all.push(...batch);
    return all.sort(
      (a, b) => (a as { position: number }).position - (b as { position: number }).position,
    );
  };
  let org: WorldRow<'orgs'> | undefined;
  for await (const batch of rows('orgs')) for (const row of batch) org = row;
  if (!org) return undefined;
  // Started first: a worker thread reads the content table while this one reads the others.
  const columns = readContent?.() ?? null;
  const adminKeys: string[] = [];
  for await (const batch of rows('admin_api_keys')) for (const k of batch) adminKeys.push(k.key);

  const levels = new Map<string, ClassificationLevel>();
  for (const l of await byPosition('classification_levels')) {
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
  const { users, usersByEmail, userTokens } = await loadUsers(rows, orgId, previous);
  async function* memberships(): AsyncGenerator<MembershipGroup[]> {
    for await (const batch of membershipBatches(db, orgId)) {
      yield batch;
      onRows(batch.reduce((rows, [, accountIds]) => rows + accountIds.length, 0));
    }
  }
  const { groups, groupsByName, userGroups, userGroupNumbers, ...members } = await loadGroups(
    memberships,
    await byPosition('groups'),
    orgId,
    users,
    previous,
  );
  const apps = new Map<string, App>();
  const appTokens = new Map<string, string>();
  const appsByTokenDigest = new Map<string, string>();
  const appsByAccount = new Map<string, App>();
  for (const a of await byPosition('apps')) {
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
  for (const s of await byPosition('sites')) {
    sites.set(s.cloud_id, {
      cloudId: s.cloud_id,
      orgId,
      name: s.name,
      products: JSON.parse(s.products) as string[],
      anonymousAccess: s.anonymous_access === 1,
    });
  }
  async function* spacePermissions(): AsyncGenerator<SpacePermissionGroup[]> {
    for await (const batch of spacePermissionBatches(db, orgId)) {
      yield batch;
      onRows(batch.reduce((rows, [, , , subjectIds]) => rows + subjectIds.length, 0));
    }
  }
  const { spaces, groupNumbers } = await loadSpaces(
    rows,
    spacePermissions,
    orgId,
    members.groupNumbers,
  );

  const projects = new Map<string, Project>();
  const jira = new JiraWorldBuilder(
    orgId,
    new Map([...groups.values()].map((g) => [g.id, g.name])),
  );
  for await (const batch of rows('projects'))
    for (const p of batch) {
      projects.set(`${p.site_id}/${p.id}`, {
        id: p.id,
        orgId,
        siteId: p.site_id,
        key: p.key,
        name: p.name,
        projectType: p.project_type ?? null,
      });
      jira.project(p);
    }
  // The Jira tables in the builder's order: an issue is built as its row arrives.
  for await (const batch of rows('jira_project_permissions'))
    for (const g of batch) jira.permission(g);
  for await (const batch of rows('jira_security_levels'))
    for (const l of batch) jira.securityLevel(l);
  for await (const batch of rows('jira_security_level_members'))
    for (const m of batch) jira.levelMember(m);
  for await (const batch of rows('jira_attachments')) for (const a of batch) jira.attachment(a);
  for await (const batch of rows('jira_comments')) for (const c of batch) jira.comment(c);
  for await (const batch of rows('jira_issues')) for (const i of batch) jira.issue(i);
  const pages = await loadPages(db, rows, orgId, onRows, previous, columns);
  return {
    id: org.id,
    name: org.name,
    defaultClassification: org.default_classification ?? null,
    adminKeys: Object.freeze(adminKeys),
    levels,
    users,
    usersByEmail,
    userTokens,
    groups,
    groupsByName,
    userGroups,
    userGroupNumbers,
    groupNumbers,
    apps,
    appTokens,
    appsByTokenDigest,
    appsByAccount,
    sites,
    spaces,
    ...pages,
    projects,
    enforcement: modesFromJson(org.enforcement),
    jira: jira.build(),
  };
}

/**
 * The org's spaces with their permissions, as maps and as `groupGrants` over `groupNumbers`; a
 * group only a space permission names gets the next number (the numbering is copied first, so a
 * kept one is never changed).
 */
async function loadSpaces(
  rows: TableRows,
  permissions: () => AsyncGenerator<SpacePermissionGroup[]>,
  orgId: string,
  numbering: ReadonlyMap<string, number>,
): Promise<{ spaces: Map<string, Space>; groupNumbers: ReadonlyMap<string, number> }> {
  type Granted = Map<string, ReadonlySet<string>>;
  const perms = new Map<
    string,
    { users: Granted; groups: Granted; anonymous: ReadonlySet<string> }
  >();
  const shared = new SharedSets();
  const grant = (map: Granted, subjectId: string, operation: string) =>
    map.set(subjectId, shared.with(map.get(subjectId), operation));
  for await (const batch of permissions())
    for (const [spaceId, subjectType, operation, subjectIds] of batch) {
      let space = perms.get(spaceId);
      if (!space) {
        perms.set(spaceId, (space = { users: new Map(), groups: new Map(), anonymous: NO_IDS }));
      }
      if (subjectType === 'anonymous') space.anonymous = shared.with(space.anonymous, operation);
      else {
        const granted = subjectType === 'group' ? space.groups : space.users;
        for (const subjectId of subjectIds) grant(granted, subjectId, operation);
      }
    }
  const groupNumbers = numberedGroups(
    numbering,
    [...perms.values()].flatMap((granted) => [...granted.groups.keys()]),
  );
  const spaceRows: WorldRow<'spaces'>[] = [];
  for await (const batch of rows('spaces')) spaceRows.push(...batch);
  const spaces = new Map<string, Space>();
  for (const s of spaceRows.sort((a, b) => a.position - b.position)) {
    const granted = perms.get(s.id);
    spaces.set(s.id, {
      id: s.id,
      orgId,
      siteId: s.site_id,
      key: s.key,
      name: s.name,
      defaultClassification: s.default_classification ?? null,
      permissions: {
        users: granted?.users ?? new Map(),
        groups: granted?.groups ?? new Map(),
        groupGrants: granted ? grantsOf(granted.groups, groupNumbers) : new Map(),
        anonymous: granted?.anonymous ?? NO_IDS,
      },
    });
  }
  return { spaces, groupNumbers };
}

/** operation → the groups holding it, as bits over the org's group numbers. */
function grantsOf(
  groups: ReadonlyMap<string, ReadonlySet<string>>,
  numbering: ReadonlyMap<string, number>,
): Map<string, GroupBits> {
  const holders = new Map<string, number[]>();
  for (const [groupId, operations] of groups) {
    for (const operation of operations) {
      const list = holders.get(operation);
      if (list) list.push(numbering.get(groupId)!);
      else holders.set(operation, [numbering.get(groupId)!]);
    }
  }
  return new Map([...holders].map(([operation, numbers]) => [operation, GroupBits.of(numbers)]));
}
