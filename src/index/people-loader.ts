import type { Group, User } from '../domain/world.js';
import type { MembershipTuple, WorldRow } from '../storage/repos/world-stream.js';
import type { WorldTable } from '../storage/rows.js';
import type { OrgWorld } from './org-world.js';
import { ReusingMap } from './reusing-map.js';

/** One world table of the org being loaded, batch by batch. */
export type TableRows = <T extends WorldTable>(table: T) => AsyncGenerator<WorldRow<T>[]>;

/** The org's group memberships, batch by batch. */
export type MembershipRows = () => AsyncGenerator<MembershipTuple[]>;

const NO_MEMBERS: readonly string[] = Object.freeze([]);

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
 * The org's groups (`groupRows` in tenant-file order) with their user members in the reverse
 * lookup's order (UTF-16 code units, the default sort's), and each account's groups. When a
 * rebuild finds the same users and memberships, the previous groups and account → groups map
 * are kept.
 */
export async function loadGroups(
  memberships: MembershipRows,
  groupRows: readonly WorldRow<'groups'>[],
  orgId: string,
  users: ReadonlyMap<string, User>,
  previous: OrgWorld | undefined,
): Promise<Pick<OrgWorld, 'groups' | 'groupsByName' | 'userGroups'>> {
  const kept =
    previous !== undefined &&
    users === previous.users &&
    (await sameMemberships(memberships, previous));
  let userGroups: ReadonlyMap<string, readonly string[]>;
  let userMembersOf: (groupId: string) => readonly string[];
  if (kept) {
    userGroups = previous.userGroups;
    userMembersOf = (groupId) => previous.groups.get(groupId)?.userMembers ?? NO_MEMBERS;
  } else {
    // Users ranked once in order: a group's user members sort as numbers, not strings, and the
    // rank gives the user's own accountId string (one copy per account, hashed once).
    const order = [...users.keys()].sort();
    const rankOf = new Map<string, number>();
    for (let rank = 0; rank < order.length; rank++) rankOf.set(order[rank]!, rank);
    const byGroup = new Map<string, number[]>();
    const byAccount = new Map<string, string[]>();
    // Rows come mostly group by group: the last group's list and id string serve the next row,
    // and every account's list holds that one id string, not a copy per row.
    let lastId: string | null = null;
    let lastRanks: number[] = [];
    for await (const batch of memberships())
      for (const [groupId, account] of batch) {
        const rank = rankOf.get(account);
        const accountId = rank === undefined ? account : order[rank]!;
        if (groupId !== lastId) {
          let ranks = byGroup.get(groupId);
          if (ranks === undefined) byGroup.set(groupId, (ranks = []));
          lastRanks = ranks;
          lastId = groupId;
        }
        if (rank !== undefined) lastRanks.push(rank);
        // a membership is unique by group and account: each group once in an account's list
        const groups = byAccount.get(accountId);
        if (groups) groups.push(lastId);
        else byAccount.set(accountId, [lastId]);
      }
    userGroups = byAccount;
    userMembersOf = (groupId) => {
      const ranks = byGroup.get(groupId);
      if (ranks === undefined) return NO_MEMBERS;
      return Array.from(Int32Array.from(ranks).sort(), (rank) => order[rank]!);
    };
  }
  const groups = new Map<string, Group>();
  const groupsByName = new Map<string, Group>();
  for (const g of groupRows) {
    const old = kept ? previous.groups.get(g.id) : undefined;
    const group =
      old !== undefined && old.name === g.name
        ? old
        : { id: g.id, orgId, name: g.name, userMembers: userMembersOf(g.id) };
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
  for (const groups of previous.userGroups.values()) expected += groups.length;
  let seen = 0;
  for await (const batch of memberships()) {
    for (const [groupId, accountId] of batch) {
      if (previous.userGroups.get(accountId)?.includes(groupId) !== true) return false;
    }
    seen += batch.length;
  }
  return seen === expected;
}
