import type { Content } from '../domain/world.js';
import type { PageStore } from './page-store.js';

/**
 * The pages of a store seen as a map from id to record, for the code that reads content by id
 * (routes, presenters, commands): each `get` materializes a fresh frozen record from the columns.
 */
export class ContentMap implements ReadonlyMap<string, Content> {
  constructor(readonly pages: PageStore) {}

  get size(): number {
    return this.pages.count;
  }

  get(id: string): Content | undefined {
    const slot = this.pages.slotOf(id);
    return slot === -1 ? undefined : this.pages.content(slot);
  }

  has(id: string): boolean {
    return this.pages.slotOf(id) !== -1;
  }

  *entries(): MapIterator<[string, Content]> {
    for (let slot = 0; slot < this.pages.count; slot++) {
      yield [this.pages.id(slot), this.pages.content(slot)];
    }
  }

  *keys(): MapIterator<string> {
    for (let slot = 0; slot < this.pages.count; slot++) yield this.pages.id(slot);
  }

  *values(): MapIterator<Content> {
    for (let slot = 0; slot < this.pages.count; slot++) yield this.pages.content(slot);
  }

  [Symbol.iterator](): MapIterator<[string, Content]> {
    return this.entries();
  }

  forEach(
    callback: (value: Content, key: string, map: ReadonlyMap<string, Content>) => void,
  ): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}
