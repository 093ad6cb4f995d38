/**
 * Page titles by slot, kept as a few long strings instead of one string per page: each chunk
 * joins the titles of 8,192 consecutive slots, and `ends` says where each title ends in its chunk.
 * A title is cut out when asked for (presenters ask; decisions never do). A worker thread hands
 * the column over in one copy of a few strings (`TitleParts`).
 */
export interface TitleParts {
  readonly chunks: readonly string[];
  readonly ends: Int32Array;
}

const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;

export class TitleColumn {
  constructor(private readonly parts: TitleParts) {}

  title(slot: number): string {
    const { chunks, ends } = this.parts;
    const start = (slot & (CHUNK - 1)) === 0 ? 0 : ends[slot - 1]!;
    return chunks[slot >>> CHUNK_BITS]!.slice(start, ends[slot]!);
  }

  /** True when `slot`'s title is `title` (without cutting it out). */
  is(slot: number, title: string): boolean {
    const { chunks, ends } = this.parts;
    const start = (slot & (CHUNK - 1)) === 0 ? 0 : ends[slot - 1]!;
    const end = ends[slot]!;
    return end - start === title.length && chunks[slot >>> CHUNK_BITS]!.startsWith(title, start);
  }

  /** @internal what a worker hands over */
  toParts(): TitleParts {
    return this.parts;
  }
}

export class TitleColumnBuilder {
  private readonly chunks: string[] = [];
  private pending: string[] = [];
  private ends = new Int32Array(1024);
  private length = 0;
  private offset = 0;

  push(title: string): void {
    if (this.length === this.ends.length) {
      const grown = new Int32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.offset += title.length;
    this.ends[this.length++] = this.offset;
    this.pending.push(title);
    if (this.pending.length === CHUNK) this.flush();
  }

  build(): TitleColumn {
    this.flush();
    return new TitleColumn({ chunks: this.chunks, ends: this.ends.slice(0, this.length) });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(this.pending.join(''));
    this.pending = [];
    this.offset = 0;
  }
}
