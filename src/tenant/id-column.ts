/** Confluence ids are decimal numbers: such an id is held as a number, any other as a string. */
const CANONICAL = /^(0|[1-9][0-9]{0,14})$/;

/**
 * The ids of an org's pages by slot, appended as they are read: numbers in a typed array while
 * every id is a canonical integer (8 bytes a page), strings from the first one that is not.
 * Ordered and searched in one order of its own (numbers, or strings by code unit).
 */
export class IdColumn {
  private numbers: Float64Array | null = new Float64Array(1024);
  private strings: string[] | null = null;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(id: string): void {
    if (this.numbers !== null && CANONICAL.test(id)) {
      if (this.count === this.numbers.length) {
        const grown = new Float64Array(this.numbers.length * 2);
        grown.set(this.numbers);
        this.numbers = grown;
      }
      this.numbers[this.count++] = Number(id);
      return;
    }
    if (this.strings === null) {
      this.strings = Array.from(this.numbers!.subarray(0, this.count), String);
      this.numbers = null;
    }
    this.strings.push(id);
    this.count++;
  }

  at(slot: number): string {
    return this.strings !== null ? this.strings[slot]! : String(this.numbers![slot]!);
  }

  /** The slots in this column's order, for `find`. */
  sortedSlots(): Int32Array {
    const slots = Int32Array.from({ length: this.count }, (_, slot) => slot);
    const numbers = this.numbers;
    const strings = this.strings;
    if (numbers !== null) return slots.sort((a, b) => numbers[a]! - numbers[b]!);
    return slots.sort((a, b) =>
      strings![a]! < strings![b]! ? -1 : strings![a]! > strings![b]! ? 1 : 0,
    );
  }

  /** The slot of `id` by halves over `sorted` (from `sortedSlots`), or -1. */
  find(sorted: Int32Array, id: string): number {
    const numbers = this.numbers;
    if (numbers !== null && !CANONICAL.test(id)) return -1;
    const wanted = numbers !== null ? Number(id) : id;
    let low = 0;
    let high = sorted.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = numbers !== null ? numbers[sorted[mid]!]! : this.strings![sorted[mid]!]!;
      if (at === wanted) return sorted[mid]!;
      if (at < wanted) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }
}
