import { describe, expect, it } from 'vitest';
import { QUICK_BUDGET, runSuite } from '../../bench/suite.js';

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
    ]) {
      expect(names).toContain(figure);
    }
    const disagreements = results.filter((r) => r.name.includes('disagreements'));
    expect(disagreements).toHaveLength(3);
    for (const r of disagreements) expect(r.value).toBe(0);
  });
});
