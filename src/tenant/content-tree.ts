import { IdColumn } from './id-column.js';

/**
 * An org's page tree as slots only (ids, parents, children in position order), built from a
 * stream of places: what a streamed export walks while it reads the pages' rows in batches.
 * Typed arrays (ids too, when they are numbers, as Confluence's are): a few dozen bytes a page.
 */
export class ContentTree {
  private constructor(
    private readonly ids: IdColumn,
    /** children of slot s: childSlots[childStart[s] .. childStart[s + 1]) */
    private readonly childStart: Int32Array,
    private readonly childSlots: Int32Array,
    private readonly topBySpace: ReadonlyMap<string, readonly number[]>,
  ) {}

  private walked: Uint8Array | null = null;

  /** From places in position order (children keep it); pages whose parent is missing are left out. */
  static async from(
    places: AsyncIterable<readonly [id: string, parentId: string | null, spaceId: string]>,
  ): Promise<ContentTree> {
    const ids = new IdColumn();
    const parents: (string | null)[] = [];
    const topBySpace = new Map<string, number[]>();
    for await (const [id, parentId, spaceId] of places) {
      const slot = ids.length;
      ids.push(id);
      parents.push(parentId);
      if (parentId === null) {
        const top = topBySpace.get(spaceId);
        if (top) top.push(slot);
        else topBySpace.set(spaceId, [slot]);
      }
    }
    // slots sorted by id, searched by halves: a few bytes a page where a map takes dozens
    const byId = ids.sortedSlots();
    const slotOf = (id: string): number => ids.find(byId, id);
    const parentSlot = new Int32Array(ids.length).fill(-1);
    const childStart = new Int32Array(ids.length + 1);
    for (let slot = 0; slot < ids.length; slot++) {
      const parentId = parents[slot];
      const parent = parentId == null ? -1 : slotOf(parentId);
      if (parent === -1) continue;
      parentSlot[slot] = parent;
      childStart[parent + 1]! += 1;
    }
    parents.length = 0;
    for (let slot = 0; slot < ids.length; slot++) childStart[slot + 1]! += childStart[slot]!;
    const childSlots = new Int32Array(childStart[ids.length]!);
    const filled = childStart.slice(0, ids.length);
    for (let slot = 0; slot < ids.length; slot++) {
      const parent = parentSlot[slot]!;
      if (parent >= 0) childSlots[filled[parent]!++] = slot;
    }
    return new ContentTree(ids, childStart, childSlots, topBySpace);
  }

  get size(): number {
    return this.ids.length;
  }

  idOf(slot: number): string {
    return this.ids.at(slot);
  }

  top(spaceId: string): readonly number[] {
    return this.topBySpace.get(spaceId) ?? [];
  }

  children(slot: number): Int32Array {
    return this.childSlots.subarray(this.childStart[slot]!, this.childStart[slot + 1]!);
  }

  /** The space's pages in document order: each page, then its children's subtrees. */
  *walk(spaceId: string): Generator<number> {
    const stack: number[] = [...this.top(spaceId)].reverse();
    // a corrupt (cyclic) tree cannot loop: no slot is walked twice (a page has one space)
    const seen = (this.walked ??= new Uint8Array(this.ids.length));
    while (stack.length > 0) {
      const slot = stack.pop()!;
      if (seen[slot]) continue;
      seen[slot] = 1;
      yield slot;
      const below = this.children(slot);
      for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
    }
  }
}
