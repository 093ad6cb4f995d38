import { sealedSet } from '../domain/world.js';

/**
 * Sealed sets of strings, one per distinct set of members, shared by everything that holds the
 * same members: a million-page org's space permissions grant some 240,000 operations, to groups
 * that mostly hold the same one or two, as a handful of sets instead of 120,000.
 */
export class SharedSets {
  private readonly byMembers = new Map<string, ReadonlySet<string>>();
  private readonly added = new Map<ReadonlySet<string> | null, Map<string, ReadonlySet<string>>>();

  /** The shared set of `set`'s members and `value` (`set` itself when it has `value`). */
  with(set: ReadonlySet<string> | undefined, value: string): ReadonlySet<string> {
    if (set?.has(value)) return set;
    const from = set ?? null;
    let next = this.added.get(from);
    if (!next) this.added.set(from, (next = new Map()));
    let to = next.get(value);
    if (!to) {
      const members = [...(set ?? []), value].sort();
      const key = JSON.stringify(members);
      to = this.byMembers.get(key);
      if (!to) this.byMembers.set(key, (to = sealedSet(members)));
      next.set(value, to);
    }
    return to;
  }
}
