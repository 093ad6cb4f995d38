import { NOT_BELOW_A_TOP } from '../domain/confluence/pages.js';
import { isRestricted, type Lists } from '../domain/world.js';

/** The tree columns of a page store (`Shape`). */
interface Tree {
  readonly parent: Int32Array;
  readonly childOffsets: Int32Array;
  readonly childSlots: Int32Array;
}

/** The list columns of a page store (`State`). */
interface ListColumns {
  readonly listSlot: Int32Array;
  readonly lists: readonly Lists[];
}

const readRestricted = (columns: ListColumns, slot: number): boolean => {
  const list = columns.listSlot[slot]!;
  return list !== -1 && isRestricted(columns.lists[list]!.read);
};

/**
 * Each slot's nearest ancestor with a read restriction (-1 when none): a decision jumps from
 * restriction to restriction instead of reading every ancestor, so a page eight levels deep costs
 * one read, not eight, when nothing above it is restricted. A slot no top-level item reaches (a
 * corrupt, cyclic tree) holds NOT_BELOW_A_TOP, and a walk from it goes up by parent.
 */
export function readAboveColumn(tree: Tree, columns: ListColumns): Int32Array {
  const count = tree.parent.length;
  const above = new Int32Array(count).fill(NOT_BELOW_A_TOP);
  const tops: number[] = [];
  for (let slot = 0; slot < count; slot++) {
    if (tree.parent[slot] === -1) {
      above[slot] = -1;
      tops.push(slot);
    }
  }
  fillBelow(tree, columns, above, tops);
  return above;
}

/** The column after the read lists of `flipped` slots became restricted or unrestricted. */
export function readAboveAfter(
  tree: Tree,
  columns: ListColumns,
  above: Int32Array,
  flipped: Iterable<number>,
): Int32Array {
  const next = above.slice();
  fillBelow(
    tree,
    columns,
    next,
    [...flipped].filter((slot) => next[slot] !== NOT_BELOW_A_TOP),
  );
  return next;
}

/** Sets the column below each slot of `stack` (whose own entry is right), depth first. */
function fillBelow(tree: Tree, columns: ListColumns, above: Int32Array, stack: number[]): void {
  const { childOffsets, childSlots } = tree;
  while (stack.length > 0) {
    const slot = stack.pop()!;
    const mark = readRestricted(columns, slot) ? slot : above[slot]!;
    for (let i = childOffsets[slot]!; i < childOffsets[slot + 1]!; i++) {
      const child = childSlots[i]!;
      above[child] = mark;
      stack.push(child);
    }
  }
}

/** True when the read list of `slot` is restricted in one set of columns and not the other. */
export function readFlipped(before: ListColumns, after: ListColumns, slot: number): boolean {
  return readRestricted(before, slot) !== readRestricted(after, slot);
}
