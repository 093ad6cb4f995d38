import { afterAll, beforeAll } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import type { DialectName } from '../../src/storage/dialects/dialect.js';
import type { TenantFile, TenantPage } from '../../src/tenant/schema.js';
import { demoTenant, openTestStorage, type TestStorage } from './harness.js';

/** A space of `count` pages in a deep, uneven tree; some restricted, with files and links. */
export function bigSpace(count: number): TenantPage[] {
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

/** The demo tenant with a space of 1,234 pages, an empty space and a second org. */
export function tenantWithBigSpace(): TenantFile {
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

/**
 * A test storage of `dialect` holding `tenantWithBigSpace()`, opened before the suite's tests and
 * disposed after them: call it in a `describe`, and the function it returns gives the storage.
 */
export function bigTenantStorage(dialect: DialectName): () => TestStorage {
  let test: TestStorage | undefined;
  beforeAll(async () => {
    test = await openTestStorage(dialect);
    await importTenant(test.storage, tenantWithBigSpace(), 'big');
  });
  afterAll(async () => {
    await test?.dispose();
  });
  return () => test!;
}
