import { NO_RESTRICTIONS, sameLists, type Lists } from '../domain/world.js';
import {
  ContentColumnsBuilder,
  NO_PARENT,
  OTHER_PARENT,
  idsAndTitles,
  type ContentColumns,
} from './content-columns.js';
import type { ContentTuple } from '../storage/repos/world-stream.js';
import type { PageIds } from './page-ids.js';
import { PageStore, type Shape, type State } from './page-store.js';
import type { TitleColumn } from './title-column.js';

/**
 * Builds a store from rows as they stream in (any order), or from columns a worker thread read
 * (`onColumns`): the tree is linked once at the end.
 *
 * Given the store it replaces (a rebuild), it first only compares: while each row equals the
 * previous store's slot in order, nothing is kept. If every row did, the previous columns are the
 * result, and the lists, attachments and links are compared the same way, so a rebuild of an
 * unchanged org holds no second copy of its pages. At the first row that differs, the slots
 * matched so far are copied from the previous store and the build goes on from the rows.
 */
export class PageStoreBuilder {
  private readonly rows = new ContentColumnsBuilder();
  /** the content columns once the rows are all in */
  private columns: ContentColumns | null = null;
  private ids: PageIds | null = null;
  private titles: TitleColumn | null = null;
  private readonly restrictions = new Map<number, Lists>();
  private readonly attachments = new Map<number, { id: string; position: number }[]>();
  private readonly links = new Map<number, string>();
  /** How many rows so far equalled the previous store's slots, in order; -1 once one did not. */
  private matched: number;
  /** True once the content rows are all in (the first list, attachment, link or `build`). */
  private settled = false;
  private listsChanged = false;

  constructor(
    private readonly orgId: string,
    private readonly previous?: PageStore,
  ) {
    this.matched = previous !== undefined && previous.fullyLinked ? 0 : -1;
  }

  /** A builder whose content rows are `columns` (read elsewhere, e.g. by a worker thread). */
  static onColumns(orgId: string, columns: ContentColumns): PageStoreBuilder {
    const builder = new PageStoreBuilder(orgId);
    builder.settleOn(columns);
    return builder;
  }

  /** One content row (as a streamed load reads it: an array of its columns). */
  add(row: ContentTuple): void {
    if (this.settled) throw new Error('content rows come before lists, attachments and links');
    if (this.matched !== -1) {
      if (this.previous!.sameRow(this.matched, row)) {
        this.matched++;
        return;
      }
      this.diverge();
    }
    this.rows.add(row);
  }

  /** A page's lists (rows of unknown pages are ignored). */
  restrict(contentId: string, lists: Lists): void {
    const slot = this.slotOf(contentId);
    if (slot === undefined || lists === NO_RESTRICTIONS) return;
    if (this.reusing) {
      const old = this.previous!.restrictions(slot);
      if (old !== NO_RESTRICTIONS && sameLists(old, lists)) {
        this.restrictions.set(slot, old);
        return;
      }
      this.listsChanged = true;
    }
    this.restrictions.set(slot, lists);
  }

  /** An attachment of a page; a page lists its attachments in `position` order. */
  attach(contentId: string, attachmentId: string, position: number): void {
    const slot = this.slotOf(contentId);
    if (slot === undefined) return;
    const entry = { id: attachmentId, position };
    const list = this.attachments.get(slot);
    if (list) list.push(entry);
    else this.attachments.set(slot, [entry]);
  }

  link(contentId: string, linkId: string): void {
    const slot = this.slotOf(contentId);
    if (slot !== undefined) this.links.set(slot, linkId);
  }

  build(): PageStore {
    return this.reusing ? this.buildOnPrevious() : this.buildFromRows();
  }

  /** True when the content rows are all in and were exactly the previous store's slots. */
  private get reusing(): boolean {
    if (!this.settled) {
      if (this.matched !== -1 && this.matched !== this.previous!.count) this.diverge();
      if (this.matched === -1) this.settleOn(this.rows.build());
      else this.settled = true;
    }
    return this.matched !== -1;
  }

  private settleOn(columns: ContentColumns): void {
    this.columns = columns;
    ({ ids: this.ids, titles: this.titles } = idsAndTitles(columns));
    this.settled = true;
  }

  private slotOf(contentId: string): number | undefined {
    const slot = this.reusing ? this.previous!.slotOf(contentId) : this.ids!.slotOf(contentId);
    return slot === -1 ? undefined : slot;
  }

  /** Leaves comparing: the slots matched so far become rows of this build. */
  private diverge(): void {
    const previous = this.previous!;
    const matched = this.matched;
    this.matched = -1;
    for (let slot = 0; slot < matched; slot++) {
      const parent = previous.parent(slot);
      this.rows.add([
        previous.id(slot),
        previous.spaceId(slot),
        parent === -1 ? null : previous.id(parent),
        previous.isBlogPost(slot) ? 'blogpost' : 'page',
        previous.title(slot),
        previous.ownLevel(slot),
        previous.position(slot),
      ]);
    }
  }

  /** The previous store's columns, with whatever of its lists, attachments and links changed. */
  private buildOnPrevious(): PageStore {
    const previous = this.previous!;
    const { shape, state } = PageStore.partsOf(previous);
    const attachments = this.frozenAttachments(shape.attachments);
    let sameShape =
      attachments.size === shape.attachments.size && this.links.size === shape.links.size;
    for (const [slot, list] of attachments) {
      if (!sameShape) break;
      sameShape = shape.attachments.get(slot) === list;
    }
    for (const [slot, linkId] of this.links) {
      if (!sameShape) break;
      sameShape = shape.links.get(slot) === linkId;
    }
    const sameState = !this.listsChanged && this.restrictions.size === previous.restrictedCount;
    if (sameShape && sameState) return previous;
    const { listSlot, lists } = sameState ? state : this.listColumns(previous.count);
    const reshaped = {
      ...shape,
      attachments,
      attachmentSlots: slotsOf(attachments),
      links: this.links,
    };
    return PageStore.assemble(sameShape ? shape : reshaped, {
      level: state.level,
      levelIds: state.levelIds,
      listSlot,
      lists,
      ...(sameState ? { readAbove: state.readAbove } : {}),
    });
  }

  private buildFromRows(): PageStore {
    const columns = this.columns!;
    const ids = this.ids!;
    const count = ids.count;
    const { parents, otherParents, position } = columns;
    const parent = new Int32Array(count).fill(-1);
    const childCounts = new Int32Array(count + 1);
    const rootLists = new Map<string, number[]>();
    for (let slot = 0; slot < count; slot++) {
      const key = parents[slot]!;
      const p =
        key === NO_PARENT
          ? -1
          : key === OTHER_PARENT
            ? ids.slotOf(otherParents.get(slot)!)
            : ids.slotOfNumber(key);
      if (p === -1) {
        if (key === NO_PARENT) {
          const spaceId = columns.spaceIds[columns.space[slot]!]!;
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
    const attachments = this.frozenAttachments();
    const shape: Shape = {
      orgId: this.orgId,
      ids,
      titles: this.titles!,
      parent,
      space: columns.space,
      spaceIds: columns.spaceIds,
      blog: columns.blog,
      position,
      childOffsets,
      childSlots,
      roots,
      attachments,
      attachmentSlots: slotsOf(attachments),
      links: this.links,
    };
    return PageStore.assemble(shape, {
      level: columns.level,
      levelIds: columns.levelIds,
      ...this.listColumns(count),
    });
  }

  private listColumns(count: number): Pick<State, 'listSlot' | 'lists'> {
    const listSlot = new Int32Array(count).fill(-1);
    const lists: Lists[] = [];
    for (const [slot, value] of this.restrictions) listSlot[slot] = lists.push(value) - 1;
    return { listSlot, lists };
  }

  /** Each page's attachment ids in order; a list equal to `previous`'s for the slot is that one. */
  private frozenAttachments(
    previous?: ReadonlyMap<number, readonly string[]>,
  ): Map<number, readonly string[]> {
    const frozen = new Map<number, readonly string[]>();
    for (const [slot, list] of this.attachments) {
      list.sort((a, b) => a.position - b.position);
      const old = previous?.get(slot);
      const same =
        old !== undefined && old.length === list.length && list.every((a, i) => a.id === old[i]);
      frozen.set(slot, same ? old : Object.freeze(list.map((a) => a.id)));
    }
    return frozen;
  }
}

/** Each attachment's page, from each page's attachments. */
function slotsOf(attachments: ReadonlyMap<number, readonly string[]>): Map<string, number> {
  const slots = new Map<string, number>();
  for (const [slot, ids] of attachments) for (const id of ids) slots.set(id, slot);
  return slots;
}
