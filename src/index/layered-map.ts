/**
 * An immutable map that a new snapshot derives from the previous one by replacing a few entries,
 * without copying the rest: a shared `base` and a small `top` of the entries set since. Each
 * derivation copies only `top`; once `top` grows past a fraction of `base` the two are merged into
 * a new base, so lookups stay at one or two hash probes and the copying stays amortized small.
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly top: ReadonlyMap<K, V>,
    readonly size: number,
  ) {}

  /** `entries` as a layered map (the map is taken over: the caller must not change it). */
  static of<K, V>(entries: Map<K, V>): LayeredMap<K, V> {
    return new LayeredMap(entries, EMPTY as ReadonlyMap<K, V>, entries.size);
  }

  get(key: K): V | undefined {
    if (this.top.size !== 0) {
      const value = this.top.get(key);
      if (value !== undefined) return value;
    }
    return this.base.get(key);
  }

  has(key: K): boolean {
    return this.top.has(key) || this.base.has(key);
  }

  /** A new map with `changes` set (values never `undefined`); this one is unchanged. */
  with(changes: Iterable<readonly [K, V]>): LayeredMap<K, V> {
    const top = new Map(this.top);
    let size = this.size;
    for (const [key, value] of changes) {
      if (!top.has(key) && !this.base.has(key)) size++;
      top.set(key, value);
    }
    if (top.size <= Math.max(64, this.base.size >> 5)) return new LayeredMap(this.base, top, size);
    const merged = new Map(this.base);
    for (const [key, value] of top) merged.set(key, value);
    return new LayeredMap(merged, EMPTY as ReadonlyMap<K, V>, merged.size);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) yield [key, this.top.get(key) ?? value];
    for (const [key, value] of this.top) if (!this.base.has(key)) yield [key, value];
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}

const EMPTY: ReadonlyMap<unknown, unknown> = new Map();
