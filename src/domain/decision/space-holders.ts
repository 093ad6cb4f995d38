import { hasSpacePermission } from '../confluence/access.js';
import type { Space } from '../world.js';
import type { DecisionFacts } from './types.js';
import { MergedUsers, type UserSet } from './user-set.js';

export type SpaceOperation = 'read' | 'update' | 'administer';

/**
 * Who holds a space permission (R6), for the reverse lookup: the users as a set merged from the
 * direct holders and the granted groups' members, and the groups. Remembered per operation and
 * space for the one snapshot's facts it reads.
 */
export class SpacePermissionHolders {
  /** operation → spaceId → holders (nested maps: no key strings built per lookup) */
  private readonly users = new Map<SpaceOperation, Map<string, UserSet>>();
  private readonly groupIds = new Map<SpaceOperation, Map<string, readonly string[]>>();

  constructor(private readonly facts: DecisionFacts) {}

  /** Users holding a space permission directly or through a group (R6). */
  holders(spaceId: string, operation: SpaceOperation): UserSet {
    let bySpace = this.users.get(operation);
    if (!bySpace) this.users.set(operation, (bySpace = new Map()));
    let set = bySpace.get(spaceId);
    if (set) return set;
    const space = this.facts.space(spaceId);
    const lists: (readonly string[])[] = [];
    if (space) {
      const direct: string[] = [];
      for (const [accountId, ops] of space.permissions.users) {
        if (ops.has(operation) && this.facts.user(accountId)) direct.push(accountId);
      }
      lists.push(direct.sort());
      for (const groupId of this.groups(space, operation)) {
        const group = this.facts.group(groupId);
        if (group) lists.push(group.userMembers);
      }
    }
    // the groups' members are kept sorted by the index: merged as far as read, never sorted again;
    // whether one user holds it is R6 itself
    const facts = this.facts;
    set = new MergedUsers(lists, (accountId) => {
      const user = facts.user(accountId);
      return (
        user !== undefined &&
        hasSpacePermission(facts, { kind: 'user', user, adminKey: false }, spaceId, operation)
      );
    });
    bySpace.set(spaceId, set);
    return set;
  }

  /** Groups holding a space permission, ascending by id. */
  groups(space: Space, operation: SpaceOperation): readonly string[] {
    let bySpace = this.groupIds.get(operation);
    if (!bySpace) this.groupIds.set(operation, (bySpace = new Map()));
    let groups = bySpace.get(space.id);
    if (!groups) {
      groups = [...space.permissions.groups]
        .filter(([, ops]) => ops.has(operation))
        .map(([g]) => g)
        .sort();
      bySpace.set(space.id, groups);
    }
    return groups;
  }
}
