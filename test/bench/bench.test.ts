import { describe, expect, it } from 'vitest';
import { buildBenchWorld } from '../../bench/setup.js';
import { runScale } from '../../bench/scale/run.js';
import { QUICK_BUDGET, runSuite } from '../../bench/suite.js';
import { QUICK_WORLD } from '../../bench/world.js';
import { decide, session } from '../../src/domain/decision/engine.js';
import type { Subject } from '../../src/domain/decision/types.js';

/**
 * The bench on its quick world, once: every figure is there in the results.json shape and the
 * baselines agree with the engine. No timing is asserted (speed is for `npm run bench`).
 */
describe('npm run bench --quick', () => {
  it('measures every figure of issue 5 against its baseline', { timeout: 180_000 }, async () => {
    const results = await runSuite(QUICK_BUDGET, () => undefined);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual(
        ['baseline', 'goal', 'met', 'name', 'ratio', 'unit', 'value'].sort(),
      );
      expect(Number.isFinite(r.value)).toBe(true);
      expect(r.goal.length).toBeGreaterThan(0);
      if (r.baseline !== null && r.baseline !== 0)
        expect(r.ratio).toBeCloseTo(r.value / r.baseline);
      expect(r.met === null || typeof r.met === 'boolean').toBe(true);
    }
    const names = results.map((r) => r.name).join('\n');
    for (const figure of [
      'vs Cedar',
      'vs minimal evaluator',
      'p99 latency',
      'vs constant route',
      'vs one-SQL-query route',
      'vs one check per page',
      'vs minimal filter',
      'restriction change vs full rebuild',
      'publish vs full rebuild',
      'heap per 100,000 pages',
      'start-up',
      'issue decisions/s vs page decisions/s',
      'first 100 visible issues vs filter of 100 pages',
      'heap per 100,000 issues',
      'rehearse ORG export flip',
      'rehearse CONTAINER appAccess block of one space',
      'rehearse CLASSIFICATION export block',
      'with suggest vs plain check',
      'with its audit events vs without',
      'fork of the bench org',
      'soft mode vs enforce',
      'list-subjects first page of a read-restricted page (cold)',
      'list-subjects every page of an unrestricted page vs one full computation',
      'list-resources first 100 pages across spaces',
      'list-resources every page across spaces vs one full walk',
    ]) {
      expect(names).toContain(figure);
    }
    const disagreements = results.filter((r) => r.name.includes('disagreements'));
    // Cedar, the minimal evaluator, the minimal filter; each rehearsal against brute force; and
    // list-subjects of a restricted and an unrestricted page against brute force, and
    // list-resources paged against one walk
    expect(disagreements).toHaveLength(9);
    for (const r of disagreements) expect(r.value).toBe(0);
    // G4: a fork changes none of the source's decisions and decides like it.
    for (const name of [
      'source decisions changed by the fork',
      "fork decisions unlike the source's",
    ])
      expect(results.find((r) => r.name.startsWith(name))?.value, name).toBe(0);
  });
});

describe('decideBelow, as filtered walks use it', () => {
  it('equals decide for every page under an allowed parent of the quick world', async () => {
    const bench = await buildBenchWorld(QUICK_WORLD, () => undefined);
    try {
      const facts = bench.facts();
      const subjects: Subject[] = [
        ...bench.world.accountIds
          .slice(0, 12)
          .map((accountId) => ({ type: 'user' as const, accountId })),
        ...bench.world.appAris.map((ari) => ({ type: 'app' as const, ari })),
        { type: 'anonymous' },
      ];
      let compared = 0;
      for (const subject of subjects) {
        for (const action of ['read', 'export', 'downloadAttachment'] as const) {
          for (const id of bench.world.pageIds) {
            const page = facts.content(id)!;
            if (page.parentId === null) continue;
            const parent = decide(facts, {
              subject,
              action,
              resource: { type: 'page', id: page.parentId },
            });
            if (parent.decision !== 'allow') continue;
            const parentR1 = parent.reasons.filter((r) => r.rule === 'R1');
            const request = { subject, action, resource: { type: 'page' as const, id } };
            expect(session(facts, subject).decideBelow(action, request.resource, parentR1)).toEqual(
              decide(facts, request),
            );
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(1000);
    } finally {
      await bench.dispose();
    }
  });
});

describe('npm run bench --scale', () => {
  it(
    'measures the goals of issue 16 at two small sizes, list-subjects equal to brute force',
    {
      timeout: 180_000,
    },
    async () => {
      const results = await runScale(
        ['--sizes', '1000,3000', '--dialects', 'sqlite'],
        () => undefined,
      );
      const names = results.map((r) => r.name).join('\n');
      for (const figure of [
        'index load of 3000 pages on sqlite vs 1000',
        'index heap per 100,000 pages at 3000',
        'steady RSS at 3000 pages',
        'peak RSS during a rebuild vs steady RSS at 3000 pages',
        'decisions/s with reasons vs minimal evaluator at 1000 pages',
        'decisions/s at 3000 pages vs at 1000, side by side',
        'list-subjects first page of a read-restricted page at 3000 pages, 300 users (cold)',
        'list-subjects every page of an unrestricted page at 3000 pages, 300 users vs one full computation',
      ]) {
        expect(names).toContain(figure);
      }
      const disagreements = results.filter((r) => r.name.includes('disagreements'));
      expect(disagreements).toHaveLength(3);
      for (const r of disagreements) expect(r.value).toBe(0);
    },
  );
});
