/**
 * A map rebuilt from rows that arrive in the order the previous load's map was built in. While
 * each row equals the previous map's next entry nothing new is made; if every row did, the
 * result is the previous map itself, so a rebuild of an unchanged table allocates nothing that
 * outlives a batch. At the first row that differs, the map is built for real: the entries matched
 * so far are taken from the previous map (the same objects), the rest from the rows.
 */
export class ReusingMap<K, V> {
  private readonly upcoming: Iterator<[K, V]> | undefined;
  private matched = 0;
  private built: Map<K, V> | null;

  constructor(private readonly previous: ReadonlyMap<K, V> | undefined) {
    this.upcoming = previous?.entries();
    this.built = previous === undefined ? new Map() : null;
  }

  /**
   * Sets `key` to the value a row describes: the previous entry's value when it is the next one
   * and `same` holds for it, else `make()`. Returns the value the map now holds.
   */
  set(key: K, same: (old: V) => boolean, make: () => V): V {
    if (this.built === null) {
      const next = this.upcoming!.next();
      if (!next.done && next.value[0] === key && same(next.value[1])) {
        this.matched++;
        return next.value[1];
      }
      this.diverge();
    }
    const value = make();
    this.built!.set(key, value);
    return value;
  }

  /** The map of every row set: the previous map when the rows were exactly its entries. */
  result(): ReadonlyMap<K, V> {
    if (this.built === null && this.matched === this.previous!.size) return this.previous!;
    if (this.built === null) this.diverge();
    return this.built!;
  }

  private diverge(): void {
    const built = new Map<K, V>();
    let left = this.matched;
    for (const [key, value] of this.previous!) {
      if (left-- === 0) break;
      built.set(key, value);
    }
    this.built = built;
  }
}
