/**
 * A set of an org's groups by their numbers (the index numbers each org's groups 0, 1, …): what a
 * space's permission holds per operation, tested with one bit per group an account belongs to.
 * A decision at a million pages reads a few words here instead of a map entry and a string for
 * each of the account's groups.
 */
export class GroupBits {
  private constructor(private readonly words: Uint32Array) {}

  static of(numbers: Iterable<number>): GroupBits {
    let highest = -1;
    for (const n of numbers) if (n > highest) highest = n;
    const words = new Uint32Array(highest < 0 ? 0 : (highest >>> 5) + 1);
    for (const n of numbers) words[n >>> 5]! |= 1 << (n & 31);
    return new GroupBits(words);
  }

  /** The same groups and one more. */
  with(groupNumber: number): GroupBits {
    const words = new Uint32Array(Math.max(this.words.length, (groupNumber >>> 5) + 1));
    words.set(this.words);
    words[groupNumber >>> 5]! |= 1 << (groupNumber & 31);
    return new GroupBits(words);
  }

  has(groupNumber: number): boolean {
    const word = groupNumber >>> 5;
    return word < this.words.length && ((this.words[word]! >>> (groupNumber & 31)) & 1) === 1;
  }
}
