import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTenant, streamTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import type { TenantFile } from '../../src/tenant/schema.js';
import { tenantWithBigSpace } from '../support/big-tenant.js';
import { DIALECTS, demoTenant, openTestStorage, type TestStorage } from '../support/harness.js';
import { withoutLatestImport } from '../support/round-trip.js';

async function streamed(storage: TestStorage['storage'], orgId?: string) {
  const parts: string[] = [];
  const progress: number[] = [];
  await streamTenant(
    storage,
    {
      write: (text) => {
        parts.push(text);
        // a sink that is slow now and then: the writer must wait for it
        return parts.length % 3 === 0 ? new Promise((r) => setImmediate(r)) : undefined;
      },
    },
    orgId,
    (done) => progress.push(done),
  );
  return { text: parts.join(''), parts: parts.length, progress };
}

describe.each(DIALECTS)('streamed export on %s', (dialect) => {
  let t: TestStorage;
  beforeEach(async () => {
    t = await openTestStorage(dialect);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('T20 writes the bytes of the document built in memory, for the whole state and one org', async () => {
    await importTenant(t.storage, tenantWithBigSpace(), 'big');
    const whole = await streamed(t.storage);
    expect(whole.text).toBe(`${JSON.stringify(await exportTenant(t.storage), null, 2)}\n`);
    expect(whole.parts).toBeGreaterThan(3);
    const pages = whole.progress.at(-1)!;
    expect(pages).toBeGreaterThan(1_234);
    expect(whole.progress.every((n, i) => i === 0 || n > whole.progress[i - 1]!)).toBe(true);
    const org = await streamed(t.storage, 'org-two');
    expect(org.text).toBe(`${JSON.stringify(await exportTenant(t.storage, 'org-two'), null, 2)}\n`);
    // and it reads back as the same state
    const copy = await openTestStorage(dialect);
    try {
      await importTenant(copy.storage, JSON.parse(whole.text), 'copy');
      // the import adds its own tenant_imported event to each org's log (T16)
      const again = (await streamed(copy.storage)).text;
      expect(withoutLatestImport(JSON.parse(again) as TenantFile)).toEqual(JSON.parse(whole.text));
      expect(again).toBe(`${JSON.stringify(await exportTenant(copy.storage), null, 2)}\n`);
    } finally {
      await copy.dispose();
    }
  });

  it('T20 the demo tenant streams as it is built, and an unknown org is an error', async () => {
    await importTenant(t.storage, demoTenant(), 'demo');
    expect((await streamed(t.storage)).text).toBe(
      `${JSON.stringify(await exportTenant(t.storage), null, 2)}\n`,
    );
    await expect(streamed(t.storage, 'no-such-org')).rejects.toThrow(/no org with id/);
  });
});
