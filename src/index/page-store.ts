import type { Pages } from '../domain/confluence/pages.js';
import { NO_RESTRICTIONS, isRestricted, type Content, type Lists } from '../domain/world.js';
import type { ContentTuple } from '../storage/repos/world-stream.js';
import type { PageIds } from './page-ids.js';
import { readAboveAfter, readAboveColumn, readFlipped } from './read-above.js';
import type { TitleColumn } from './title-column.js';

/**
 * One org's pages and blog posts as columns indexed by slot: a few typed arrays and two string
 * arrays instead of an object, a map entry and arrays per page. The shape (ids, titles, tree,
 * spaces) is fixed for an org's load and shared by every snapshot derived from it; the state that
 * writes change (own levels, restrictions) is copied on write, so a snapshot never changes.
 */
export interface Shape {
  readonly orgId: string;
  readonly ids: PageIds;
  readonly titles: TitleColumn;
  readonly parent: Int32Array;
  /** space slot of each item, into `spaceIds` */
  readonly space: Int32Array;
  readonly spaceIds: readonly string[];
  readonly blog: Uint8Array;
  readonly position: Int32Array;
  /** children of slot s: childSlots[childOffsets[s] … childOffsets[s + 1] - 1], in order */
  readonly childOffsets: Int32Array;
  readonly childSlots: Int32Array;
  readonly roots: ReadonlyMap<string, Int32Array>;
  readonly attachments: ReadonlyMap<number, readonly string[]>;
  /** attachment id → its page's slot (`attachments` the other way round) */
  readonly attachmentSlots: ReadonlyMap<string, number>;
  readonly links: ReadonlyMap<number, string>;
}

export interface State {
  /** own level of each item, into `levelIds`; -1 for none */
  readonly level: Int32Array;
  readonly levelIds: readonly string[];
  /** restriction slot of each item, into `lists`; -1 for none */
  readonly listSlot: Int32Array;
  readonly lists: readonly Lists[];
  /** each item's nearest ancestor with a read restriction (`readAboveColumn`) */
  readonly readAbove: Int32Array;
}

const NO_SLOTS = new Int32Array(0);
const NO_IDS: readonly string[] = Object.freeze([]);

export class PageStore implements Pages {
  private constructor(
    private readonly shape: Shape,
    private readonly state: State,
  ) {}

  get count(): number {
    return this.shape.ids.count;
  }

  slotOf(id: string): number {
    return this.shape.ids.slotOf(id);
  }

  id(slot: number): string {
    return this.shape.ids.id(slot);
  }

  title(slot: number): string {
    return this.shape.titles.title(slot);
  }

  position(slot: number): number {
    return this.shape.position[slot]!;
  }

  isBlogPost(slot: number): boolean {
    return this.shape.blog[slot] === 1;
  }

  parent(slot: number): number {
    return this.shape.parent[slot]!;
  }

  spaceId(slot: number): string {
    return this.shape.spaceIds[this.shape.space[slot]!]!;
  }

  ownLevel(slot: number): string | null {
    const level = this.state.level[slot]!;
    return level === -1 ? null : this.state.levelIds[level]!;
  }

  restrictions(slot: number): Lists {
    const list = this.state.listSlot[slot]!;
    return list === -1 ? NO_RESTRICTIONS : this.state.lists[list]!;
  }

  readRestrictedAbove(slot: number): number {
    return this.state.readAbove[slot]!;
  }

  attachmentSlot(attachmentId: string): number {
    return this.shape.attachmentSlots.get(attachmentId) ?? -1;
  }

  childStart(slot: number): number {
    return this.shape.childOffsets[slot]!;
  }

  childEnd(slot: number): number {
    return this.shape.childOffsets[slot + 1]!;
  }

  childAt(index: number): number {
    return this.shape.childSlots[index]!;
  }

  /** The public link id of an item, or null. */
  linkOf(slot: number): string | null {
    return this.shape.links.get(slot) ?? null;
  }

  rootsOf(spaceId: string): ArrayLike<number> {
    return this.shape.roots.get(spaceId) ?? NO_SLOTS;
  }

  content(slot: number): Content {
    const { shape } = this;
    const parent = shape.parent[slot]!;
    const children: string[] = [];
    for (let i = shape.childOffsets[slot]!; i < shape.childOffsets[slot + 1]!; i++) {
      children.push(shape.ids.id(shape.childSlots[i]!));
    }
    return Object.freeze({
      id: shape.ids.id(slot),
      orgId: shape.orgId,
      spaceId: this.spaceId(slot),
      parentId: parent === -1 ? null : shape.ids.id(parent),
      type: shape.blog[slot] === 1 ? 'blogpost' : 'page',
      title: shape.titles.title(slot),
      classification: this.ownLevel(slot),
      position: shape.position[slot]!,
      restrictions: this.restrictions(slot),
      children: children.length === 0 ? NO_IDS : Object.freeze(children),
      attachments: shape.attachments.get(slot) ?? NO_IDS,
      publicLinkId: shape.links.get(slot) ?? null,
    });
  }

  /** Every item's slot, in load order. */
  *slotsInOrder(): Generator<number> {
    for (let slot = 0; slot < this.count; slot++) yield slot;
  }

  /**
   * The store after some items' own levels or restrictions changed: the changed columns are
   * copied once for the whole batch; everything else is shared.
   */
  with(changes: readonly { slot: number; level?: string | null; lists?: Lists }[]): PageStore {
    let { level, levelIds, listSlot, lists } = this.state;
    const listed: number[] = [];
    let levelsCopied = false;
    let listsCopied = false;
    for (const change of changes) {
      if (change.level !== undefined) {
        if (!levelsCopied) {
          level = level.slice();
          levelIds = [...levelIds];
          levelsCopied = true;
        }
        level[change.slot] =
          change.level === null ? -1 : slotIn(levelIds as string[], change.level);
      }
      if (change.lists !== undefined) {
        if (!listsCopied) {
          listSlot = listSlot.slice();
          lists = [...lists];
          listsCopied = true;
        }
        listed.push(change.slot);
        const restricted = isRestricted(change.lists.read) || isRestricted(change.lists.update);
        const current = listSlot[change.slot]!;
        if (!restricted) listSlot[change.slot] = -1;
        else if (current !== -1) (lists as Lists[])[current] = change.lists;
        else listSlot[change.slot] = (lists as Lists[]).push(change.lists) - 1;
      }
    }
    const after = { listSlot, lists };
    const flipped = listed.filter((slot) => readFlipped(this.state, after, slot));
    const readAbove =
      flipped.length === 0
        ? this.state.readAbove
        : readAboveAfter(this.shape, after, this.state.readAbove, flipped);
    return new PageStore(this.shape, { level, levelIds, listSlot, lists, readAbove });
  }

  /**
   * True when slot `slot` holds exactly what a content row with these columns would give it (a
   * rebuild then keeps the slot instead of building it again).
   */
  sameRow(slot: number, row: ContentTuple): boolean {
    const [id, spaceId, parentId, type, title, classification, position] = row;
    const { shape } = this;
    if (slot >= shape.ids.count || !shape.ids.is(slot, id) || !shape.titles.is(slot, title)) {
      return false;
    }
    if (shape.position[slot] !== position || (type === 'blogpost') !== (shape.blog[slot] === 1)) {
      return false;
    }
    if (this.spaceId(slot) !== spaceId || this.ownLevel(slot) !== classification) return false;
    const parent = shape.parent[slot]!;
    return parentId === null ? parent === -1 : parent !== -1 && shape.ids.is(parent, parentId);
  }

  /**
   * True when every item is a root of its space or the child of another item: no row named a
   * parent the org lacks. Only then do equal rows (`sameRow`) mean an equal tree, because the
   * columns do not keep the missing parent's id.
   */
  get fullyLinked(): boolean {
    let linked = this.shape.childSlots.length;
    for (const roots of this.shape.roots.values()) linked += roots.length;
    return linked === this.count;
  }

  /** How many items have lists. */
  get restrictedCount(): number {
    let count = 0;
    for (const list of this.state.listSlot) if (list !== -1) count++;
    return count;
  }

  /**
   * @internal the builder's constructor: `readAbove` is worked out from the tree and lists unless
   * the caller has it (the same tree and lists as a previous store's)
   */
  static assemble(
    shape: Shape,
    state: Omit<State, 'readAbove'> & { readAbove?: Int32Array },
  ): PageStore {
    return new PageStore(shape, {
      ...state,
      readAbove: state.readAbove ?? readAboveColumn(shape, state),
    });
  }

  /** @internal what a builder reuses of the store it replaces */
  static partsOf(store: PageStore): { shape: Shape; state: State } {
    return { shape: store.shape, state: store.state };
  }
}

function slotIn(values: string[], value: string): number {
  const found = values.indexOf(value);
  return found !== -1 ? found : values.push(value) - 1;
}
