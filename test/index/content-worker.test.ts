import { describe, expect, it } from 'vitest';
import { readContentInWorker } from '../../src/index/content-reader.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { bigTenantStorage } from '../support/big-tenant.js';
import { DIALECTS } from '../support/harness.js';
import { dump } from '../support/world-dump.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';

/**
 * A first load of a big org reads its content table in a worker thread while this thread reads
 * the other tables (issue 16): the world it builds is the one an in-thread load builds.
 */
describe.each(DIALECTS)('the content table read by a worker thread on %s', (dialect) => {
  const storage = bigTenantStorage(dialect);

  it('I3 builds the same world as a load in this thread, with the same progress', async () => {
    const inWorker = WorldIndex.create(storage().storage, { contentWorkerFrom: 0 });
    const progress: number[] = [];
    const sampler = setInterval(() => progress.push(inWorker.progress), 1);
    await inWorker.rebuild();
    clearInterval(sampler);
    const inThread = await WorldIndex.load(storage().storage, { contentWorkerFrom: Infinity });
    expect(inWorker.org(ORG)!.pages.count).toBeGreaterThan(1_234);
    expect(dump(inWorker.org(ORG)!)).toEqual(dump(inThread.org(ORG)!));
    expect(dump(inWorker.org('org-two')!)).toEqual(dump(inThread.org('org-two')!));
    expect(inWorker.progress).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    // the worker did read it (a missing worker script would have fallen back to this thread)
    let rows = 0;
    const columns = await readContentInWorker(storage().storage.target, ORG, (n) => (rows += n));
    expect(columns?.ids.numbers.length).toBe(inThread.org(ORG)!.pages.count);
    expect(rows).toBe(inThread.org(ORG)!.pages.count);
  });

  it('I3 is read in this thread for a rebuild, which compares with the pages it replaces', async () => {
    const index = await WorldIndex.load(storage().storage, { contentWorkerFrom: 0 });
    const before = index.org(ORG)!.pages;
    await index.rebuild();
    expect(index.org(ORG)!.pages).toBe(before);
  });
});
