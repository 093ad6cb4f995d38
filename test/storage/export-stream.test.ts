import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTenant, streamTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import type { TenantFile, TenantPage } from '../../src/tenant/schema.js';
import { DIALECTS, demoTenant, openTestStorage, type TestStorage } from '../support/harness.js';
import { withoutLatestImport } from '../support/round-trip.js';

/** A space of `count` pages in a deep, uneven tree; some restricted, with files and links. */
function bigSpace(count: number): TenantPage[] {
  const top: TenantPage[] = [];
  const all: TenantPage[] = [];
  for (let i = 0; i < count; i++) {
    const page: TenantPage = { id: String(900_000 + i), title: `Page "${i}" \u00e9\n` };
    if (i % 7 === 0) page.restrictions = { read: { users: ['5b10ac8d82e05b22cc7d4ef6'] } };
    if (i % 11 === 0) page.attachments = [{ id: `att${i}`, title: `file ${i}.pdf` }];
    if (i % 13 === 0) page.publicLink = { id: `link${i}`, enabled: i % 2 === 0 };
    if (i % 17 === 0) page.body = `<p>body ${i}</p>`;
    // a parent among the last few pages: chains go deep, some pages have many children
    const parent = i < 5 ? undefined : all[i - 1 - (i % 5) * (i % 3)];
    if (parent) (parent.children ??= []).push(page);
    else top.push(page);
    all.push(page);
  }
  return top;
}

function tenantWithBigSpace(): TenantFile {
  const tenant = demoTenant();
  const org = tenant.orgs[0]!;
  const site = org.sites![0]!;
  site.spaces!.push({ id: '77001', key: 'BIG', name: 'Big', pages: bigSpace(1_234) });
  site.spaces!.push({ id: '77002', key: 'EMPTY', name: 'Empty', pages: [] });
  const second = JSON.parse(JSON.stringify(org)) as typeof org;
  second.id = 'org-two';
  second.adminApiKeys = ['second-org-key'];
  second.sites = [];
  return { orgs: [org, second] };
}

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
