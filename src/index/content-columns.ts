import type { ContentTuple } from '../storage/repos/world-stream.js';
import { PageIds, PageIdsBuilder, numericId, type PageIdsParts } from './page-ids.js';
import { TitleColumn, TitleColumnBuilder, type TitleParts } from './title-column.js';

/** A row's parent in `ContentColumns.parents`: none, or an id that is not a decimal number. */
export const NO_PARENT = -1;
export const OTHER_PARENT = -2;

/**
 * An org's content rows as columns, before the tree is linked: what a load reads from the content
 * table, and all a worker thread hands over (typed arrays move without a copy, the titles are a
 * few long strings). Repeated strings (space ids, levels) are interned.
 */
export interface ContentColumns {
  readonly ids: PageIdsParts;
  readonly titles: TitleParts;
  /** each row's parent id as a number, NO_PARENT, or OTHER_PARENT (see `otherParents`) */
  readonly parents: Float64Array;
  readonly otherParents: ReadonlyMap<number, string>;
  /** space of each row, into `spaceIds` */
  readonly space: Int32Array;
  readonly spaceIds: readonly string[];
  readonly blog: Uint8Array;
  readonly position: Int32Array;
  /** own level of each row, into `levelIds`; -1 for none */
  readonly level: Int32Array;
  readonly levelIds: readonly string[];
}

/** The buffers of `columns` that a worker can transfer instead of copying. */
export function transferables(columns: ContentColumns): ArrayBuffer[] {
  const { ids, titles } = columns;
  return [
    ids.numbers,
    ids.table,
    titles.ends,
    columns.parents,
    columns.space,
    columns.blog,
    columns.position,
    columns.level,
  ].map((array) => array.buffer as ArrayBuffer);
}

/** The columns' ids and titles as the store reads them. */
export function idsAndTitles(columns: ContentColumns): { ids: PageIds; titles: TitleColumn } {
  return { ids: new PageIds(columns.ids), titles: new TitleColumn(columns.titles) };
}

class Int32Column {
  private values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  build(): Int32Array {
    return this.values.slice(0, this.length);
  }
}

export class ContentColumnsBuilder {
  private readonly ids = new PageIdsBuilder();
  private readonly titles = new TitleColumnBuilder();
  private parents = new Float64Array(1024);
  private readonly otherParents = new Map<number, string>();
  private readonly space = new Int32Column();
  private readonly spaceIds: string[] = [];
  private readonly spaceSlotOf = new Map<string, number>();
  private readonly blog = new Int32Column();
  private readonly position = new Int32Column();
  private readonly level = new Int32Column();
  private readonly levelIds: string[] = [];
  private readonly levelSlotOf = new Map<string, number>();

  add(row: ContentTuple): void {
    const [id, spaceId, parentId, type, title, classification, position] = row;
    const slot = this.ids.count;
    this.ids.push(id);
    this.titles.push(title);
    if (slot === this.parents.length) {
      const grown = new Float64Array(slot * 2);
      grown.set(this.parents);
      this.parents = grown;
    }
    const parent = parentId === null ? NO_PARENT : numericId(parentId);
    if (parentId !== null && parent === -1) {
      this.parents[slot] = OTHER_PARENT;
      this.otherParents.set(slot, parentId);
    } else this.parents[slot] = parent;
    this.space.push(intern(spaceId, this.spaceIds, this.spaceSlotOf));
    this.blog.push(type === 'blogpost' ? 1 : 0);
    this.position.push(position);
    this.level.push(
      classification === null ? -1 : intern(classification, this.levelIds, this.levelSlotOf),
    );
  }

  build(): ContentColumns {
    const count = this.ids.count;
    return {
      ids: this.ids.build().toParts(),
      titles: this.titles.build().toParts(),
      parents: this.parents.slice(0, count),
      otherParents: this.otherParents,
      space: this.space.build(),
      spaceIds: this.spaceIds,
      blog: Uint8Array.from(this.blog.build()),
      position: this.position.build(),
      level: this.level.build(),
      levelIds: this.levelIds,
    };
  }
}

function intern(value: string, values: string[], slotOf: Map<string, number>): number {
  let slot = slotOf.get(value);
  if (slot === undefined) {
    slot = values.push(value) - 1;
    slotOf.set(value, slot);
  }
  return slot;
}
