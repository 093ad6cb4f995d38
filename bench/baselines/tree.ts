import type { DecisionFacts } from '../../src/domain/decision/types.js';
import type { Content } from '../../src/domain/world.js';

/** The baselines read the world as records, the way a simple implementation would. */

/** A page and its ancestors, nearest first. */
export function chainOf(facts: DecisionFacts, content: Content): Content[] {
  const chain: Content[] = [content];
  let parentId = content.parentId;
  while (parentId !== null && chain.length < 10_000) {
    const parent = facts.content(parentId);
    if (!parent) break;
    chain.push(parent);
    parentId = parent.parentId;
  }
  return chain;
}

/** A space's top-level items, as ids. */
export function rootIds(facts: DecisionFacts, spaceId: string): string[] {
  const slots = facts.pages.rootsOf(spaceId);
  return Array.from({ length: slots.length }, (_, i) => facts.pages.id(slots[i]!));
}
