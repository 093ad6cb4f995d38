import type { Content, Lists } from '../world.js';

/** `Pages.readRestrictedAbove` of a slot in a cycle of parents (data no import writes). */
export const NOT_BELOW_A_TOP = -2;

/**
 * The pages and blog posts of one org by slot (0 … count-1): what the engine's hot path reads.
 * A decision looks a page up by id once; walking up its ancestors, down its children and across
 * its restrictions is then array reads, not lookups. `content(slot)` materializes the record
 * presenters and commands read.
 */
export interface Pages {
  readonly count: number;
  /** The slot of a page or blog post id; -1 when the org has none. */
  slotOf(id: string): number;
  id(slot: number): string;
  title(slot: number): string;
  isBlogPost(slot: number): boolean;
  /** The parent's slot; -1 for a top-level page or a blog post. */
  parent(slot: number): number;
  spaceId(slot: number): string;
  /** The item's own classification level, or null. */
  ownLevel(slot: number): string | null;
  /** Its own read and update restrictions (the shared empty lists when none). */
  restrictions(slot: number): Lists;
  /**
   * The nearest ancestor whose read list is restricted: its slot, -1 when there is none, or
   * NOT_BELOW_A_TOP when no top-level item is above the slot (a corrupt, cyclic tree: walk up
   * by `parent` instead).
   */
  readRestrictedAbove(slot: number): number;
  /** The slot of the page or blog post an attachment belongs to; -1 for no such attachment. */
  attachmentSlot(attachmentId: string): number;
  /** Children in order: slots `childSlots[childStart(slot) … childEnd(slot) - 1]`. */
  childStart(slot: number): number;
  childEnd(slot: number): number;
  childAt(index: number): number;
  /** Top-level pages and blog posts of a space, in order (slots). */
  rootsOf(spaceId: string): ArrayLike<number>;
  /** The record of one item (a fresh, frozen object). */
  content(slot: number): Content;
}
