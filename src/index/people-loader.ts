import type { Group, User } from '../domain/world.js';
import type { MembershipGroup, WorldRow } from '../storage/repos/world-stream.js';
import type { WorldTable } from '../storage/rows.js';
import type { OrgWorld } from './org-world.js';
import { MembershipsBuilder } from './memberships-builder.js';
import { ReusingMap } from './reusing-map.js';

/** One world table of the org being loaded, batch by batch. */
export type TableRows = <T extends WorldTable>(table: T) => AsyncGenerator<WorldRow<T>[]>;

/** The org's group memberships, batch by batch. */
export type MembershipRows = () => AsyncGenerator<MembershipGroup[]>;

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
 * lookup's order (UTF-16 code units, the default sort's), and each account's groups (ids and
 * numbers). When a rebuild finds the same users and memberships, the previous groups, account →
 * groups maps and numbering are kept.
 */
export async function loadGroups(
  memberships: MembershipRows,
  groupRows: readonly WorldRow<'groups'>[],
  orgId: string,
  users: ReadonlyMap<string, User>,
  previous: OrgWorld | undefined,
): Promise<
  Pick<OrgWorld, 'groups' | 'groupsByName' | 'userGroups' | 'userGroupNumbers' | 'groupNumbers'>
> {
  const kept =
    previous !== undefined &&
    users === previous.users &&
    (await sameMemberships(memberships, previous));
  let userGroups: ReadonlyMap<string, readonly string[]>;
  let userGroupNumbers: ReadonlyMap<string, readonly number[]>;
  let groupNumbers: ReadonlyMap<string, number>;
  let userMembersOf: (groupId: string) => readonly string[];
  if (kept) {
    ({ userGroups, userGroupNumbers, groupNumbers } = previous);
    userMembersOf = (groupId) => previous.groups.get(groupId)?.userMembers ?? NO_MEMBERS;
  } else {
    const builder = new MembershipsBuilder(users);
    for await (const batch of memberships()) {
      for (const [groupId, accountIds] of batch) {
        for (let i = 0; i < accountIds.length; i++) builder.add(groupId, accountIds[i]!);
      }
    }
    ({ userGroups, userGroupNumbers, groupNumbers, userMembersOf } = builder.build());
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
  return { groups, groupsByName, userGroups, userGroupNumbers, groupNumbers };
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
    for (const [groupId, accountIds] of batch) {
      for (const accountId of accountIds) {
        if (previous.userGroups.get(accountId)?.includes(groupId) !== true) return false;
      }
      seen += accountIds.length;
    }
  }
  return seen === expected;
}
