import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBenchWorld, type BenchWorld } from '../../bench/setup.js';
import { QUICK_WORLD } from '../../bench/world.js';
import { session } from '../../src/domain/decision/engine.js';
import { permittedContent, permittedContentAfter } from '../../src/domain/decision/lists.js';
import type { Action, Subject } from '../../src/domain/decision/types.js';

/**
 * D20: a `list-resources` cursor resumes the walk at its page. From every tenth listed page (and
 * the last), the rest equals what one walk lists after it, in the same order, over the quick
 * bench world (restricted trees, many spaces) for users, an app and anonymous.
 */
describe('D20 list-resources resumes at its cursor', () => {
  let bench: BenchWorld;
  beforeAll(async () => {
    bench = await buildBenchWorld(QUICK_WORLD, () => undefined);
  });
  afterAll(async () => {
    await bench.storage.close();
  });

  it('D20 the pages after a cursor are what one walk lists after it, in order', () => {
    const facts = bench.facts();
    const subjects: Subject[] = [
      ...bench.world.accountIds
        .slice(0, 4)
        .map((accountId) => ({ type: 'user' as const, accountId })),
      { type: 'app', ari: [...facts.apps()][0]!.ari },
      { type: 'anonymous' },
    ];
    let compared = 0;
    for (const subject of subjects) {
      for (const action of ['read', 'export'] as Action[]) {
        const who = session(facts, subject);
        for (const spaceId of [undefined, bench.world.bigSpaceId]) {
          const all = [...permittedContent(who, action, spaceId)];
          const at = all.map((_, i) => i).filter((i) => i % 10 === 0 || i === all.length - 1);
          for (const i of at) {
            expect([...permittedContentAfter(who, action, all[i]!, spaceId)]).toEqual(
              all.slice(i + 1),
            );
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
