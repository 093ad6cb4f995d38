import {
  applyChange,
  canonicalLists,
  keepCallerIn,
  type Lists,
  type RestrictionChange,
} from '../domain/confluence/restriction-update.js';
import { resolveSubject } from '../domain/decision/engine.js';
import type { Subject } from '../domain/decision/types.js';
import { readLists, writeLists } from '../storage/repos/restrictions.js';
import { restrictionEvents } from './audit.js';
import { command, type Command } from './command.js';

export class ContentGone extends Error {
  constructor(readonly contentId: string) {
    super(`No content found with id: ${contentId}`);
    this.name = 'ContentGone';
  }
}

/**
 * One restriction write, the whole use case: under the page's lock, read its lists, apply the
 * change, keep the writer in the lists that would exclude them (R18 lock-out), write and record
 * it. Returns the new lists (an unchanged result writes nothing).
 */
export function updateRestrictions(input: {
  orgId: string;
  contentId: string;
  /** Who writes: the engine's subject of the caller (their admin key counts, R18). */
  subject: Subject;
  change: RestrictionChange;
}): Command<Lists> {
  const { orgId, contentId, subject, change } = input;
  return command('update restrictions', async (ctx) => {
    const org = ctx.world.org(orgId);
    const facts = org?.facts;
    const slot = facts ? facts.pages.slotOf(contentId) : -1;
    const writer = facts ? resolveSubject(facts, subject) : undefined;
    if (!org || !facts || slot === -1 || !writer || 'rule' in writer) {
      throw new ContentGone(contentId);
    }
    await ctx.lock(`restrictions:${orgId}:${contentId}`);
    const current = await readLists(ctx.trx, orgId, contentId);
    const next = keepCallerIn(facts, writer.principal, slot, applyChange(current, change));
    if (canonicalLists(next) === canonicalLists(current)) return current;
    await writeLists(ctx.trx, orgId, contentId, next);
    for (const event of restrictionEvents(org.world, facts.pages.content(slot), current, next))
      ctx.audit(event);
    await ctx.record([{ orgId, kind: 'restrictions', entityId: contentId }]);
    return next;
  });
}
