import { describe, expect, it } from 'vitest';
import { canView } from '../../src/domain/confluence/access.js';
import { NOT_BELOW_A_TOP, type Pages } from '../../src/domain/confluence/pages.js';
import { NO_SUBJECTS, isRestricted, sealedSet, type Lists } from '../../src/domain/world.js';
import { WorldIndex } from '../../src/index/world-index.js';
import type { PageStore } from '../../src/index/page-store.js';
import { bigTenantStorage } from '../support/big-tenant.js';
import { DIALECTS } from '../support/harness.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';

/** The nearest read-restricted ancestor the slow way: parent by parent, a cycle told apart. */
function walkedAbove(pages: Pages, slot: number): number {
  const seen = new Set<number>([slot]);
  let nearest = -1;
  for (let s = pages.parent(slot); s !== -1; s = pages.parent(s)) {
    // a slot in a cycle, or below one, reaches no top-level item
    if (seen.has(s)) return NOT_BELOW_A_TOP;
    seen.add(s);
    if (nearest === -1 && isRestricted(pages.restrictions(s).read)) nearest = s;
  }
  return nearest;
}

function expectColumnEqualsWalk(pages: Pages): number {
  let restrictedAbove = 0;
  for (let slot = 0; slot < pages.count; slot++) {
    const walked = walkedAbove(pages, slot);
    expect(pages.readRestrictedAbove(slot), pages.id(slot)).toBe(walked);
    if (walked >= 0) restrictedAbove++;
  }
  return restrictedAbove;
}

/** A top-level page, a child of it, and a grandchild, none read-restricted. */
function chainOfThree(pages: Pages): { root: number; child: number; grandchild: number } {
  for (let grandchild = 0; grandchild < pages.count; grandchild++) {
    const child = pages.parent(grandchild);
    const root = child === -1 ? -1 : pages.parent(child);
    const open = [root, child, grandchild].every(
      (s) => s !== -1 && !isRestricted(pages.restrictions(s).read),
    );
    if (open && pages.parent(root) === -1) return { root, child, grandchild };
  }
  throw new Error('no page two levels down');
}

const readList = (accountId: string): Lists => ({
  read: { users: sealedSet([accountId]), groups: sealedSet<string>() },
  update: NO_SUBJECTS,
});

/**
 * I6: a decision jumps from read restriction to read restriction (`readRestrictedAbove`); the
 * column equals walking up parent by parent, after loads, restriction writes, and on a tree with
 * a cycle (which the walk still climbs by parent).
 */
describe.each(DIALECTS)('the nearest read restriction above a page on %s', (dialect) => {
  const storage = bigTenantStorage(dialect);

  it('I6 equals the walk after a load and after lists are written, cleared and rewritten', async () => {
    const index = await WorldIndex.load(storage().storage);
    const pages = index.org(ORG)!.pages;
    expectColumnEqualsWalk(pages);
    const { root, child, grandchild } = chainOfThree(pages);
    const someone = [...index.org(ORG)!.users.keys()][0]!;
    const restricted = pages.with([{ slot: root, lists: readList(someone) }]);
    expect(expectColumnEqualsWalk(restricted)).toBeGreaterThan(100);
    expect(restricted.readRestrictedAbove(grandchild)).toBe(root);
    const nested = restricted.with([
      { slot: child, lists: readList(someone) },
      // an update list alone changes nothing above anyone
      { slot: grandchild, lists: { read: NO_SUBJECTS, update: readList(someone).read } },
    ]);
    expectColumnEqualsWalk(nested);
    expect(nested.readRestrictedAbove(grandchild)).toBe(child);
    expect(nested.readRestrictedAbove(child)).toBe(root);
    const cleared = nested.with([
      { slot: root, lists: { read: NO_SUBJECTS, update: NO_SUBJECTS } },
    ]);
    expectColumnEqualsWalk(cleared);
    expect(cleared.readRestrictedAbove(grandchild)).toBe(child);
    // the store it came from is unchanged
    expect(nested.readRestrictedAbove(grandchild)).toBe(child);
    expect(pages.readRestrictedAbove(grandchild)).toBe(walkedAbove(pages, grandchild));
  });

  it('I6 a cycle of parents is climbed by parent, and decides as before', async () => {
    const index = await WorldIndex.load(storage().storage);
    const pages = index.org(ORG)!.pages as PageStore;
    const { root, child, grandchild } = chainOfThree(pages);
    // root's parent becomes its own grandchild: root, child and grandchild form a cycle
    await storage()
      .storage.db.updateTable('content')
      .set({ parent_id: pages.id(grandchild) })
      .where('org_id', '=', ORG)
      .where('id', '=', pages.id(root))
      .execute();
    const cyclic = (await WorldIndex.load(storage().storage)).org(ORG)!.pages;
    const slot = cyclic.slotOf(pages.id(child));
    expect(cyclic.readRestrictedAbove(slot)).toBe(NOT_BELOW_A_TOP);
    expectColumnEqualsWalk(cyclic);
    const facts = (await WorldIndex.load(storage().storage)).decisionFacts(ORG)!;
    const user = [...index.org(ORG)!.users.values()].find((u) => !u.siteAdmin)!;
    const decision = canView(facts, { kind: 'user', user, adminKey: false }, slot);
    expect(decision.reasons.length).toBeGreaterThan(0);
    await storage()
      .storage.db.updateTable('content')
      .set({ parent_id: null })
      .where('org_id', '=', ORG)
      .where('id', '=', pages.id(root))
      .execute();
  });
});
