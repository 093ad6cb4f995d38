import type { Pages } from '../domain/confluence/pages.js';
import { NO_RESTRICTIONS, isRestricted, type Content, type Lists } from '../domain/world.js';

/**
 * One org's pages and blog posts as columns indexed by slot: a few typed arrays and two string
 * arrays instead of an object, a map entry and arrays per page. The shape (ids, titles, tree,
 * spaces) is fixed for an org's load and shared by every snapshot derived from it; the state that
 * writes change (own levels, restrictions) is copied on write, so a snapshot never changes.
 */
interface Shape {
  readonly orgId: string;
  readonly ids: readonly string[];
  readonly titles: readonly string[];
  readonly slots: ReadonlyMap<string, number>;
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
  readonly links: ReadonlyMap<number, string>;
}

interface State {
  /** own level of each item, into `levelIds`; -1 for none */
  readonly level: Int32Array;
  readonly levelIds: readonly string[];
  /** restriction slot of each item, into `lists`; -1 for none */
  readonly listSlot: Int32Array;
  readonly lists: readonly Lists[];
}

const NO_SLOTS = new Int32Array(0);
const NO_IDS: readonly string[] = Object.freeze([]);

export class PageStore implements Pages {
  private constructor(
    private readonly shape: Shape,
    private readonly state: State,
  ) {}

  get count(): number {
    return this.shape.ids.length;
  }

  slotOf(id: string): number {
    return this.shape.slots.get(id) ?? -1;
  }

  id(slot: number): string {
    return this.shape.ids[slot]!;
  }

  title(slot: number): string {
    return this.shape.titles[slot]!;
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
      children.push(shape.ids[shape.childSlots[i]!]!);
    }
    return Object.freeze({
      id: shape.ids[slot]!,
      orgId: shape.orgId,
      spaceId: this.spaceId(slot),
      parentId: parent === -1 ? null : shape.ids[parent]!,
      type: shape.blog[slot] === 1 ? 'blogpost' : 'page',
      title: shape.titles[slot]!,
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
        const restricted = isRestricted(change.lists.read) || isRestricted(change.lists.update);
        const current = listSlot[change.slot]!;
        if (!restricted) listSlot[change.slot] = -1;
        else if (current !== -1) (lists as Lists[])[current] = change.lists;
        else listSlot[change.slot] = (lists as Lists[]).push(change.lists) - 1;
      }
    }
    return new PageStore(this.shape, { level, levelIds, listSlot, lists });
  }

  /** `previous`: the org's store being replaced, whose strings the new one reuses. */
  static builder(orgId: string, previous?: PageStore): PageStoreBuilder {
    return new PageStoreBuilder(orgId, previous);
  }

  /** @internal the builder's constructor */
  static assemble(shape: Shape, state: State): PageStore {
    return new PageStore(shape, state);
  }
}

function slotIn(values: string[], value: string): number {
  const found = values.indexOf(value);
  return found !== -1 ? found : values.push(value) - 1;
}

/** One content row as the builder takes it (a page or blog post of the org). */
export interface PageRow {
  id: string;
  space_id: string;
  parent_id?: string | null;
  type: string;
  title: string;
  classification?: string | null;
  position: number;
}

/**
 * Builds a store from rows as they stream in (any order): columns grow as rows arrive, and the
 * tree is linked once at the end. Repeated strings (space ids, levels) are interned.
 */
export class PageStoreBuilder {
  private readonly ids: string[] = [];
  private readonly titles: string[] = [];
  private readonly slots = new Map<string, number>();
  private readonly parentIds: (string | null)[] = [];
  private readonly spaceSlots: number[] = [];
  private readonly spaceIds: string[] = [];
  private readonly spaceSlotOf = new Map<string, number>();
  private readonly blog: number[] = [];
  private readonly positions: number[] = [];
  private readonly levels: number[] = [];
  private readonly levelIds: string[] = [];
  private readonly levelSlotOf = new Map<string, number>();
  private readonly restrictions = new Map<number, Lists>();
  private readonly attachments = new Map<number, { id: string; position: number }[]>();
  private readonly links = new Map<number, string>();

  constructor(
    private readonly orgId: string,
    private readonly previous?: PageStore,
  ) {}

  add(row: PageRow): void {
    this.addValues(
      row.id,
      row.space_id,
      row.parent_id ?? null,
      row.type,
      row.title,
      row.classification ?? null,
      row.position,
    );
  }

  /** `add` from the columns of a row (what a streamed load hands over: no object per row). */
  addValues(
    rowId: string,
    spaceId: string,
    parentId: string | null,
    type: string,
    rowTitle: string,
    classification: string | null,
    position: number,
  ): void {
    const slot = this.ids.length;
    let id = rowId;
    let title = rowTitle;
    const before = this.previous?.slotOf(id) ?? -1;
    if (before !== -1) {
      // The same strings as the store being replaced: a rebuild does not hold two copies.
      id = this.previous!.id(before);
      const oldTitle = this.previous!.title(before);
      if (oldTitle === title) title = oldTitle;
    }
    this.ids.push(id);
    this.titles.push(title);
    this.slots.set(id, slot);
    this.parentIds.push(parentId);
    let space = this.spaceSlotOf.get(spaceId);
    if (space === undefined) {
      space = this.spaceIds.push(spaceId) - 1;
      this.spaceSlotOf.set(spaceId, space);
    }
    this.spaceSlots.push(space);
    this.blog.push(type === 'blogpost' ? 1 : 0);
    this.positions.push(position);
    if (classification === null) this.levels.push(-1);
    else {
      let level = this.levelSlotOf.get(classification);
      if (level === undefined) {
        level = this.levelIds.push(classification) - 1;
        this.levelSlotOf.set(classification, level);
      }
      this.levels.push(level);
    }
  }

  /** A page's lists (rows of unknown pages are ignored). */
  restrict(contentId: string, lists: Lists): void {
    const slot = this.slots.get(contentId);
    if (slot !== undefined && lists !== NO_RESTRICTIONS) this.restrictions.set(slot, lists);
  }

  /** An attachment of a page; a page lists its attachments in `position` order. */
  attach(contentId: string, attachmentId: string, position: number): void {
    const slot = this.slots.get(contentId);
    if (slot === undefined) return;
    const entry = { id: attachmentId, position };
    const list = this.attachments.get(slot);
    if (list) list.push(entry);
    else this.attachments.set(slot, [entry]);
  }

  link(contentId: string, linkId: string): void {
    const slot = this.slots.get(contentId);
    if (slot !== undefined) this.links.set(slot, linkId);
  }

  build(): PageStore {
    const count = this.ids.length;
    const parent = new Int32Array(count).fill(-1);
    const childCounts = new Int32Array(count + 1);
    const rootLists = new Map<string, number[]>();
    for (let slot = 0; slot < count; slot++) {
      const parentId = this.parentIds[slot]!;
      const p = parentId === null ? undefined : this.slots.get(parentId);
      if (p === undefined) {
        if (parentId === null) {
          const spaceId = this.spaceIds[this.spaceSlots[slot]!]!;
          const roots = rootLists.get(spaceId);
          if (roots) roots.push(slot);
          else rootLists.set(spaceId, [slot]);
        }
        continue;
      }
      parent[slot] = p;
      childCounts[p]!++;
    }
    const childOffsets = new Int32Array(count + 1);
    for (let slot = 0; slot < count; slot++) {
      childOffsets[slot + 1] = childOffsets[slot]! + childCounts[slot]!;
    }
    const fill = childOffsets.slice(0, count);
    const childSlots = new Int32Array(childOffsets[count]!);
    for (let slot = 0; slot < count; slot++) {
      const p = parent[slot]!;
      if (p !== -1) childSlots[fill[p]!++] = slot;
    }
    const position = Int32Array.from(this.positions);
    const bySiblingOrder = (a: number, b: number) => position[a]! - position[b]! || a - b;
    for (let slot = 0; slot < count; slot++) {
      const from = childOffsets[slot]!;
      const to = childOffsets[slot + 1]!;
      if (to - from > 1) childSlots.subarray(from, to).sort(bySiblingOrder);
    }
    const roots = new Map<string, Int32Array>();
    for (const [spaceId, list] of rootLists) {
      roots.set(spaceId, Int32Array.from(list.sort(bySiblingOrder)));
    }
    const listSlot = new Int32Array(count).fill(-1);
    const lists: Lists[] = [];
    for (const [slot, value] of this.restrictions) listSlot[slot] = lists.push(value) - 1;
    const frozenAttachments = new Map<number, readonly string[]>();
    for (const [slot, list] of this.attachments) {
      list.sort((a, b) => a.position - b.position);
      frozenAttachments.set(slot, Object.freeze(list.map((a) => a.id)));
    }
    return PageStore.assemble(
      {
        orgId: this.orgId,
        ids: this.ids,
        titles: this.titles,
        slots: this.slots,
        parent,
        space: Int32Array.from(this.spaceSlots),
        spaceIds: this.spaceIds,
        blog: Uint8Array.from(this.blog),
        position,
        childOffsets,
        childSlots,
        roots,
        attachments: frozenAttachments,
        links: this.links,
      },
      {
        level: Int32Array.from(this.levels),
        levelIds: this.levelIds,
        listSlot,
        lists,
      },
    );
  }
}
