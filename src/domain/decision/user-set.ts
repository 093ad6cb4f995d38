/** Sets of an org's users in accountId order, paged by binary search (the reverse lookup's). */

/** A set of the org's users, counted exactly, in ascending accountId order. */
export interface UserSet {
  readonly count: number;
  has(accountId: string): boolean;
  /** Up to `limit` accountIds after `after` (exclusive; from the start when undefined). */
  page(after: string | undefined, limit: number): string[];
  /** Every accountId, ascending (shared: do not change it). */
  all(): readonly string[];
}

/** First index of `sorted` whose value is > `after` (binary search). */
export function startAfter(sorted: readonly string[], after: string | undefined): number {
  if (after === undefined) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lookups by halves until this many; then a set (a walk asks thousands, a page a few). */
const LOOKUPS_BEFORE_A_SET = 64;

/** Is `value` in the ascending list (by halves)? */
function includesSorted(sorted: readonly string[], value: string): boolean {
  const at = startAfter(sorted, value) - 1;
  return at >= 0 && sorted[at] === value;
}

export class SortedUsers implements UserSet {
  private members: ReadonlySet<string> | null = null;
  private lookups = 0;
  constructor(private readonly sorted: readonly string[]) {}
  get count(): number {
    return this.sorted.length;
  }
  has(accountId: string): boolean {
    if (this.members === null && ++this.lookups <= LOOKUPS_BEFORE_A_SET) {
      return includesSorted(this.sorted, accountId);
    }
    this.members ??= new Set(this.sorted);
    return this.members.has(accountId);
  }
  page(after: string | undefined, limit: number): string[] {
    const from = startAfter(this.sorted, after);
    return this.sorted.slice(from, from + limit);
  }
  all(): readonly string[] {
    return this.sorted;
  }
}

/**
 * The union of ascending lists (code-unit order), ascending, each value once: pairs merged
 * level by level, so k lists of n values cost n·log k comparisons.
 */
export function mergeSorted(lists: readonly (readonly string[])[]): string[] {
  let level = lists.filter((list) => list.length > 0);
  if (level.length === 0) return [];
  while (level.length > 1) {
    const next: (readonly string[])[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? mergeTwo(level[i]!, level[i + 1]!) : level[i]!);
    }
    level = next;
  }
  return level.length === 1 && lists.includes(level[0]!)
    ? dedupe(level[0]!)
    : (level[0] as string[]);
}

function mergeTwo(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) {
      i++;
      if (out[out.length - 1] !== x) out.push(x);
    } else if (y < x) {
      j++;
      if (out[out.length - 1] !== y) out.push(y);
    } else {
      i++;
      j++;
      if (out[out.length - 1] !== x) out.push(x);
    }
  }
  for (; i < a.length; i++) if (out[out.length - 1] !== a[i]) out.push(a[i]!);
  for (; j < b.length; j++) if (out[out.length - 1] !== b[j]) out.push(b[j]!);
  return out;
}

function dedupe(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of list) if (out[out.length - 1] !== value) out.push(value);
  return out;
}

/**
 * The union of ascending lists (a space's direct holders and its groups' members) as a user set,
 * merged only as far as it is read: a page after `after` binary-searches each list and merges
 * `limit` values, so the first page of thousands costs about its own length; `all`, `count` and
 * many `has` merge everything once.
 */
export class MergedUsers implements UserSet {
  private merged: SortedUsers | null = null;
  private readonly lists: readonly (readonly string[])[];
  constructor(lists: readonly (readonly string[])[]) {
    this.lists = lists.filter((list) => list.length > 0);
  }
  private whole(): SortedUsers {
    return (this.merged ??= new SortedUsers(mergeSorted(this.lists)));
  }
  get count(): number {
    return this.whole().count;
  }
  private lookups = 0;
  has(accountId: string): boolean {
    if (this.merged !== null || ++this.lookups > LOOKUPS_BEFORE_A_SET) {
      return this.whole().has(accountId);
    }
    return this.lists.some((list) => includesSorted(list, accountId));
  }
  page(after: string | undefined, limit: number): string[] {
    if (this.merged !== null) return this.merged.page(after, limit);
    const at = this.lists.map((list) => startAfter(list, after));
    const page: string[] = [];
    while (page.length < limit) {
      let least: string | undefined;
      for (let k = 0; k < this.lists.length; k++) {
        const value = this.lists[k]![at[k]!];
        if (value !== undefined && (least === undefined || value < least)) least = value;
      }
      if (least === undefined) break;
      page.push(least);
      for (let k = 0; k < this.lists.length; k++) if (this.lists[k]![at[k]!] === least) at[k]!++;
    }
    return page;
  }
  all(): readonly string[] {
    return this.whole().all();
  }

  /** Of ascending `candidates`, those in the set: one pass along each list, nothing merged. */
  keep(candidates: readonly string[]): string[] {
    if (this.merged !== null) return candidates.filter((c) => this.merged!.has(c));
    const at = this.lists.map(() => 0);
    return candidates.filter((candidate) => {
      let found = false;
      for (let k = 0; k < this.lists.length; k++) {
        const list = this.lists[k]!;
        let i = at[k]!;
        while (i < list.length && list[i]! < candidate) i++;
        at[k] = i;
        if (list[i] === candidate) found = true;
      }
      return found;
    });
  }
}

/** Of ascending `candidates`, those `users` has (in order). */
export function keptIn(users: UserSet, candidates: readonly string[]): string[] {
  return users instanceof MergedUsers
    ? users.keep(candidates)
    : candidates.filter((c) => users.has(c));
}
