import { describe, expect, it } from 'vitest';
import { importProgress } from '../../src/cli/import.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { demoTenant, openTestStorage } from '../support/harness.js';

const sink = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
};

describe('gatehouse import progress', () => {
  it('on a terminal, one overwritten line at most every 100 ms, always ending at 100%', () => {
    const stream = sink(true);
    let clock = 1_000;
    const progress = importProgress(stream, 'big.json', 100, () => clock);
    progress.report(10, 1000);
    clock += 50;
    progress.report(20, 1000); // too soon: skipped
    clock += 100;
    progress.report(500, 1000);
    progress.report(1000, 1000); // the last one is always shown
    progress.finish();
    expect(stream.written).toEqual([
      '\rimporting big.json: 10/1000 rows (1%)',
      '\rimporting big.json: 500/1000 rows (50%)',
      '\rimporting big.json: 1000/1000 rows (100%)',
      '\n',
    ]);
  });

  it('elsewhere (a pipe or a file) nothing at all', () => {
    const stream = sink(false);
    const progress = importProgress(stream, 'big.json');
    progress.report(1000, 1000);
    progress.finish();
    expect(stream.written).toEqual([]);
  });

  it('an import reports rows written up to the total', async () => {
    const test = await openTestStorage('sqlite');
    try {
      const seen: [number, number][] = [];
      const result = await importTenant(test.storage, demoTenant(), 'demo', (done, total) =>
        seen.push([done, total]),
      );
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.at(-1)).toEqual([result.rows, result.rows]);
      expect(seen.every(([done], i) => i === 0 || done > seen[i - 1]![0])).toBe(true);
    } finally {
      await test.dispose();
    }
  });
});
