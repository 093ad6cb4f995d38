/** Entries a slot cache holds in a map before it takes an array of every slot. */
const MAP_ENTRIES = 4_096;

/**
 * Numbers (≥ -1) remembered by slot: a map while few are (a page's lookups touch its ancestors
 * only), an `Int32Array` of every slot once many are (a walk touches them all). A million-page
 * org then costs no 4 MB array for the first answer after a write.
 */
export class SlotCache {
  private readonly small = new Map<number, number>();
  /** value + 2, so the zeroed array means "not known" */
  private array: Int32Array | null = null;

  constructor(private readonly slots: number) {}

  /** The value remembered for `slot`, or undefined. */
  get(slot: number): number | undefined {
    if (this.array !== null) {
      const stored = this.array[slot]!;
      return stored === 0 ? undefined : stored - 2;
    }
    return this.small.get(slot);
  }

  set(slot: number, value: number): void {
    if (this.array !== null) {
      this.array[slot] = value + 2;
      return;
    }
    this.small.set(slot, value);
    if (this.small.size > MAP_ENTRIES) {
      this.array = new Int32Array(this.slots);
      for (const [s, v] of this.small) this.array[s] = v + 2;
      this.small.clear();
    }
  }
}
