/**
 * Page ids by slot and slots by id, without a string or a map entry per page for the ids that are
 * decimal numbers (Confluence's own ids are): those live in a Float64Array and an open-addressing
 * hash table of typed arrays; any other id keeps its string and a map entry. Every part is a
 * plain array, typed array or map, so a load in a worker thread can hand it over (`PageIdsParts`).
 */
export interface PageIdsParts {
  /** the id of each slot as a number; -1 where it is not a decimal number (see `others`) */
  readonly numbers: Float64Array;
  /**
   * hash table of the numeric ids, open addressing: entry i is `[2i]` the id (-1 for empty) and
   * `[2i + 1]` its slot, side by side so a lookup reads one cache line
   */
  readonly table: Float64Array;
  /** the ids that are not decimal numbers, by slot and by id */
  readonly others: ReadonlyMap<number, string>;
  readonly otherSlots: ReadonlyMap<string, number>;
}

const EMPTY = -1;

/** `id` as a number when it is a canonical decimal below 10^15 (exact in a double), else -1. */
export function numericId(id: string): number {
  const length = id.length;
  if (length === 0 || length > 15 || (length > 1 && id.charCodeAt(0) === 48)) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function hashOf(key: number, mask: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  return (Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 0) & mask;
}

export class PageIds {
  constructor(private readonly parts: PageIdsParts) {}

  get count(): number {
    return this.parts.numbers.length;
  }

  /** The id of `slot`. */
  id(slot: number): string {
    const value = this.parts.numbers[slot]!;
    return value === EMPTY ? this.parts.others.get(slot)! : String(value);
  }

  /** True when `slot`'s id is `id` (without making the id's string). */
  is(slot: number, id: string): boolean {
    const value = this.parts.numbers[slot]!;
    return value === EMPTY ? this.parts.others.get(slot) === id : numericId(id) === value;
  }

  /** The slot of `id`, or -1. */
  slotOf(id: string): number {
    const value = numericId(id);
    return value === EMPTY ? (this.parts.otherSlots.get(id) ?? -1) : this.slotOfNumber(value);
  }

  /** The slot of the id that is the decimal number `value`, or -1. */
  slotOfNumber(value: number): number {
    const { table } = this.parts;
    const mask = (table.length >>> 1) - 1;
    for (let at = hashOf(value, mask); ; at = (at + 1) & mask) {
      const key = table[2 * at]!;
      if (key === value) return table[2 * at + 1]!;
      if (key === EMPTY) return -1;
    }
  }

  /** @internal what a worker hands over */
  toParts(): PageIdsParts {
    return this.parts;
  }
}

/** Collects the ids slot by slot (a later equal id takes the slot, as a map would). */
export class PageIdsBuilder {
  private numbers = new Float64Array(1024);
  private length = 0;
  private readonly others = new Map<number, string>();
  private readonly otherSlots = new Map<string, number>();

  get count(): number {
    return this.length;
  }

  push(id: string): void {
    if (this.length === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    const slot = this.length++;
    const value = numericId(id);
    this.numbers[slot] = value;
    if (value === EMPTY) {
      this.others.set(slot, id);
      this.otherSlots.set(id, slot);
    }
  }

  build(): PageIds {
    const numbers = this.numbers.slice(0, this.length);
    let capacity = 16;
    while (capacity < numbers.length * 2) capacity *= 2;
    const table = new Float64Array(2 * capacity).fill(EMPTY);
    const mask = capacity - 1;
    for (let slot = 0; slot < numbers.length; slot++) {
      const value = numbers[slot]!;
      if (value === EMPTY) continue;
      let at = hashOf(value, mask);
      while (table[2 * at] !== EMPTY && table[2 * at] !== value) at = (at + 1) & mask;
      table[2 * at] = value;
      table[2 * at + 1] = slot;
    }
    return new PageIds({
      numbers,
      table,
      others: this.others,
      otherSlots: this.otherSlots,
    });
  }
}
