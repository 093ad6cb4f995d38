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
 * `limit` values through a heap of the lists, so a page of a space granted to 600 groups costs
 * about its own length times log 600; `all` and `count` merge everything once. `member` answers
 * `has` exactly as the lists would (a space permission check: a few bit tests instead of a search
 * in each list).
 */
export class MergedUsers implements UserSet {
  private merged: SortedUsers | null = null;
  private readonly lists: readonly (readonly string[])[];
  /** the lists' lengths, added */
  private readonly length: number = 0;
  /** pages that searched every list for their start */
  private searched = 0;
  /** the last page served: its first and last value, each list's position after the last */
  private last: { low: string; high: string; at: number[] } | null = null;
  constructor(
    lists: readonly (readonly string[])[],
    private readonly member: (accountId: string) => boolean,
  ) {
    this.lists = lists.filter((list) => list.length > 0);
    for (const list of this.lists) this.length += list.length;
  }
  private whole(): SortedUsers {
    return (this.merged ??= new SortedUsers(mergeSorted(this.lists)));
  }
  get count(): number {
    return this.whole().count;
  }
  has(accountId: string): boolean {
    return this.member(accountId);
  }
  page(after: string | undefined, limit: number): string[] {
    if (this.merged !== null) return this.merged.page(after, limit);
    const lists = this.lists;
    let at: number[];
    const last = this.last;
    if (after !== undefined && last !== null && after >= last.low && after <= last.high) {
      // within the last page served (the next page starts at or before its end): each list's
      // position steps back from where that page ended, past its values above `after`
      at = last.at.slice();
      for (let k = 0; k < lists.length; k++) {
        const list = lists[k]!;
        while (at[k]! > 0 && list[at[k]! - 1]! > after) at[k]!--;
      }
    } else {
      // Each such page searches every list: once those searches add up to the lists' length,
      // merging once costs no more than what paging has spent.
      if (++this.searched * lists.length >= this.length) return this.whole().page(after, limit);
      at = lists.map((list) => startAfter(list, after));
    }
    // the lists not used up, as a binary heap: the one with the least next value on top
    const heap: number[] = [];
    for (let k = 0; k < lists.length; k++) if (at[k]! < lists[k]!.length) heap.push(k);
    const next = (k: number) => lists[k]![at[k]!]!;
    const down = (from: number) => {
      let i = from;
      for (;;) {
        const left = 2 * i + 1;
        let least = i;
        if (left < heap.length && next(heap[left]!) < next(heap[least]!)) least = left;
        if (left + 1 < heap.length && next(heap[left + 1]!) < next(heap[least]!)) least = left + 1;
        if (least === i) return;
        const swapped = heap[i]!;
        heap[i] = heap[least]!;
        heap[least] = swapped;
        i = least;
      }
    };
    for (let i = (heap.length >>> 1) - 1; i >= 0; i--) down(i);
    const page: string[] = [];
    while (heap.length > 0) {
      const k = heap[0]!;
      const value = next(k);
      if (page[page.length - 1] !== value) {
        if (page.length === limit) break;
        page.push(value);
      }
      if (++at[k]! === lists[k]!.length) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      down(0);
    }
    if (page.length > 0) this.last = { low: page[0]!, high: page[page.length - 1]!, at };
    return page;
  }
  all(): readonly string[] {
    return this.whole().all();
  }
}
