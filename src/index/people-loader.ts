import { sealedSet, type Group, type User } from '../domain/world.js';
import type { MembershipTuple, WorldRow } from '../storage/repos/world-stream.js';
import type { WorldTable } from '../storage/rows.js';
import type { OrgWorld } from './org-world.js';
import { ReusingMap } from './reusing-map.js';

/** One world table of the org being loaded, batch by batch. */
export type TableRows = <T extends WorldTable>(table: T) => AsyncGenerator<WorldRow<T>[]>;

/** The org's group memberships, batch by batch. */
export type MembershipRows = () => AsyncGenerator<MembershipTuple[]>;

const NO_IDS: ReadonlySet<string> = sealedSet();

export function addToSetMap<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/**
 * The org's users, by accountId, email and api token. A rebuild keeps the previous maps and
 * user objects where the rows did not change (`ReusingMap`).
 */
export async function loadUsers(
  rows: TableRows,
  orgId: string,
  previous: OrgWorld | undefined,
): Promise<Pick<OrgWorld, 'users' | 'usersByEmail' | 'userTokens'>> {
  const users = new ReusingMap<string, User>(previous?.users);
  const usersByEmail = new ReusingMap<string, string>(previous?.usersByEmail);
  const userTokens = new ReusingMap<string, string>(previous?.userTokens);
  for await (const batch of rows('users'))
    for (const u of batch) {
      const email = u.email ?? null;
      const siteAdmin = u.site_admin === 1;
      const user = users.set(
        u.account_id,
        (old) =>
          old.email === email && old.displayName === u.display_name && old.siteAdmin === siteAdmin,
        () => ({ accountId: u.account_id, orgId, email, displayName: u.display_name, siteAdmin }),
      );
      const { accountId } = user;
      if (email) {
        usersByEmail.set(
          email.toLowerCase(),
          (old) => old === accountId,
          () => accountId,
        );
      }
      const token = u.api_token;
      if (token) {
        userTokens.set(
          accountId,
          (old) => old === token,
          () => token,
        );
      }
    }
  return {
    users: users.result(),
    usersByEmail: usersByEmail.result(),
    userTokens: userTokens.result(),
  };
}

/**
 * The org's groups with their members (`groupRows` in tenant-file order), and each account's
 * groups. When a rebuild finds the memberships as they were, the previous member sets and
 * account → groups map are kept; the sorted user members too when the users are the same map.
 */
export async function loadGroups(
  memberships: MembershipRows,
  groupRows: readonly WorldRow<'groups'>[],
  orgId: string,
  users: ReadonlyMap<string, User>,
  previous: OrgWorld | undefined,
): Promise<Pick<OrgWorld, 'groups' | 'groupsByName' | 'userGroups'>> {
  const kept = previous !== undefined && (await sameMemberships(memberships, previous));
  let members: ReadonlyMap<string, ReadonlySet<string>>;
  let userGroups: ReadonlyMap<string, ReadonlySet<string>>;
  if (kept) {
    members = new Map([...previous.groups.values()].map((g) => [g.id, g.members]));
    userGroups = previous.userGroups;
  } else {
    const byGroup = new Map<string, Set<string>>();
    const byAccount = new Map<string, Set<string>>();
    for await (const batch of memberships())
      for (const [groupId, account] of batch) {
        // the user's own accountId string: one copy per account, and lookups by it hash once
        const accountId = users.get(account)?.accountId ?? account;
        addToSetMap(byGroup, groupId, accountId);
        addToSetMap(byAccount, accountId, groupId);
      }
    members = byGroup;
    userGroups = byAccount;
  }
  const sameUsers = previous !== undefined && users === previous.users;
  const groups = new Map<string, Group>();
  const groupsByName = new Map<string, Group>();
  for (const g of groupRows) {
    const old = kept ? previous.groups.get(g.id) : undefined;
    let group: Group;
    if (old !== undefined && sameUsers && old.name === g.name) group = old;
    else {
      const own = members.get(g.id) ?? NO_IDS;
      // the default sort orders by UTF-16 code units, as the reverse lookup's lists are ordered
      const userMembers =
        old !== undefined && sameUsers
          ? old.userMembers
          : [...own].filter((accountId) => users.has(accountId)).sort();
      group = { id: g.id, orgId, name: g.name, members: own, userMembers };
    }
    groups.set(g.id, group);
    groupsByName.set(g.name, group);
  }
  return { groups, groupsByName, userGroups };
}

/**
 * True when every membership row is one the previous world holds and there are as many as it
 * holds (a membership is unique by group and account). Stops reading at the first new one.
 */
async function sameMemberships(memberships: MembershipRows, previous: OrgWorld): Promise<boolean> {
  let expected = 0;
  for (const group of previous.groups.values()) expected += group.members.size;
  let seen = 0;
  for await (const batch of memberships()) {
    for (const [groupId, accountId] of batch) {
      if (previous.groups.get(groupId)?.members.has(accountId) !== true) return false;
    }
    seen += batch.length;
  }
  return seen === expected;
}
