import type { User } from '../domain/world.js';

const NO_MEMBERS: readonly string[] = Object.freeze([]);

/**
 * An org's group memberships as they stream in, kept as two columns of numbers (an account's
 * rank, a group's index) and turned into lists once at the end, each of its exact length — no
 * list per account grows row by row. Accounts are ranked with the org's users first, in the
 * reverse lookup's order (UTF-16 code units, the default sort's), so a group's user members sort
 * as numbers; every list holds the account's and the group's own id strings, one copy each.
 */
export class MembershipsBuilder {
  /** every account met: the users ascending, then other accounts (app users) as they come */
  private readonly accounts: string[];
  private readonly rankOf = new Map<string, number>();
  private readonly userCount: number;
  private readonly groupIds: string[] = [];
  private readonly groupIndexOf = new Map<string, number>();
  private accountColumn = new Int32Array(4096);
  private groupColumn = new Int32Array(4096);
  private length = 0;
  private lastGroupId: string | null = null;
  private lastGroup = -1;

  constructor(users: ReadonlyMap<string, User>) {
    this.accounts = [...users.keys()].sort();
    this.userCount = this.accounts.length;
    for (let rank = 0; rank < this.accounts.length; rank++) {
      this.rankOf.set(this.accounts[rank]!, rank);
    }
  }

  /** One membership row (unique by group and account). */
  add(groupId: string, accountId: string): void {
    let rank = this.rankOf.get(accountId);
    if (rank === undefined) {
      rank = this.accounts.push(accountId) - 1;
      this.rankOf.set(accountId, rank);
    }
    // Rows come mostly group by group: the last group's index serves the next row.
    if (groupId !== this.lastGroupId) {
      let index = this.groupIndexOf.get(groupId);
      if (index === undefined) {
        index = this.groupIds.push(groupId) - 1;
        this.groupIndexOf.set(groupId, index);
      }
      this.lastGroupId = groupId;
      this.lastGroup = index;
    }
    if (this.length === this.accountColumn.length) {
      this.accountColumn = grown(this.accountColumn);
      this.groupColumn = grown(this.groupColumn);
    }
    this.accountColumn[this.length] = rank;
    this.groupColumn[this.length++] = this.lastGroup;
  }

  /**
   * Each account's group ids (in row order) and the same groups' numbers (a group's number is its
   * index in the order groups were first met), the numbering, and a function from a group id to
   * its users.
   */
  build(): {
    userGroups: Map<string, readonly string[]>;
    userGroupNumbers: Map<string, readonly number[]>;
    groupNumbers: ReadonlyMap<string, number>;
    userMembersOf: (groupId: string) => readonly string[];
  } {
    const byAccount = grouped(
      this.accountColumn,
      this.groupColumn,
      this.length,
      this.accounts.length,
    );
    const userGroups = new Map<string, readonly string[]>();
    const userGroupNumbers = new Map<string, readonly number[]>();
    for (let rank = 0; rank < this.accounts.length; rank++) {
      const from = byAccount.starts[rank]!;
      const to = byAccount.starts[rank + 1]!;
      if (to === from) continue;
      const groups = new Array<string>(to - from);
      const numbers = new Array<number>(to - from);
      for (let i = from; i < to; i++) {
        const group = byAccount.values[i]!;
        groups[i - from] = this.groupIds[group]!;
        numbers[i - from] = group;
      }
      userGroups.set(this.accounts[rank]!, groups);
      userGroupNumbers.set(this.accounts[rank]!, numbers);
    }
    const byGroup = grouped(
      this.groupColumn,
      this.accountColumn,
      this.length,
      this.groupIds.length,
    );
    const { accounts, userCount, groupIndexOf } = this;
    const userMembersOf = (groupId: string): readonly string[] => {
      const index = groupIndexOf.get(groupId);
      if (index === undefined) return NO_MEMBERS;
      const ranks = byGroup.values
        .subarray(byGroup.starts[index], byGroup.starts[index + 1])
        .sort();
      let users = 0;
      while (users < ranks.length && ranks[users]! < userCount) users++;
      return Array.from(ranks.subarray(0, users), (rank) => accounts[rank]!);
    };
    return { userGroups, userGroupNumbers, groupNumbers: groupIndexOf, userMembersOf };
  }
}

function grown(column: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(column.length * 2);
  next.set(column);
  return next;
}

/** `values` of the first `length` rows grouped by `keys` (0 … keyCount - 1), in row order. */
function grouped(
  keys: Int32Array,
  values: Int32Array,
  length: number,
  keyCount: number,
): { starts: Int32Array; values: Int32Array } {
  const starts = new Int32Array(keyCount + 1);
  for (let i = 0; i < length; i++) starts[keys[i]! + 1]!++;
  for (let key = 0; key < keyCount; key++) starts[key + 1]! += starts[key]!;
  const fill = starts.slice(0, keyCount);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[fill[keys[i]!]!++] = values[i]!;
  return { starts, values: out };
}
