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

export class SortedUsers implements UserSet {
  private members: ReadonlySet<string> | null = null;
  constructor(private readonly sorted: readonly string[]) {}
  get count(): number {
    return this.sorted.length;
  }
  has(accountId: string): boolean {
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

/** The strings in ascending code-unit order (as `byText`), each once; sorts `list` in place. */
export function sortedUnique(list: string[]): string[] {
  list.sort();
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    if (i === 0 || list[i] !== list[kept - 1]) list[kept++] = list[i]!;
  }
  list.length = kept;
  return list;
}
