import { ancestorSlots } from '../../../domain/confluence/access.js';
import type { Content, Space } from '../../../domain/world.js';
import { contentNotFound } from '../../door/authorize.js';
import type { DoorContext } from '../../door/context.js';

/** What presenting authorized content needs beside it: its space and its ancestors. */

export function spaceOf(ctx: DoorContext, content: Content): Space {
  const space = ctx.org.world.spaces.get(content.spaceId);
  if (!space) throw contentNotFound(content.id);
  return space;
}

/** Ancestors of a page, root first. */
export function ancestorsOf(ctx: DoorContext, content: Content): Content[] {
  const pages = ctx.org.facts.pages;
  const slot = pages.slotOf(content.id);
  if (slot === -1) return [];
  return ancestorSlots(ctx.org.facts, slot)
    .reverse()
    .map((s) => pages.content(s));
}
