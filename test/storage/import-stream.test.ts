import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { importTenantFile } from '../../src/commands/import-tenant-file.js';
import { legacyDigestTenant, TenantFileError } from '../../src/tenant/parse.js';
import { recordTenantLoad } from '../../src/storage/repos/world.js';
import type { TenantFile } from '../../src/tenant/schema.js';
import { tenantWithBigSpace } from '../support/big-tenant.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../support/harness.js';
import { withoutLatestImport } from '../support/round-trip.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-import-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function fileOf(document: unknown, ext = 'json', text?: string): string {
  const path = join(dir, `tenant-${files++}.${ext}`);
  writeFileSync(
    path,
    text ?? (ext === 'json' ? JSON.stringify(document, null, 2) : stringify(document)),
  );
  return path;
}

/** A page deep in the big space, by its path in the file. */
function deepPage(file: TenantFile) {
  const space = file.orgs[0]!.sites![0]!.spaces!.find((s) => s.key === 'BIG')!;
  let page = space.pages!.find((p) => p.children?.length)!;
  while (page.children?.length) page = page.children[page.children.length - 1]!;
  return page;
}

describe.each(DIALECTS)('streamed import on %s', (dialect) => {
  let t: TestStorage;
  beforeEach(async () => {
    t = await openTestStorage(dialect);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('T21 a streamed file gives the state the whole document gives; the same file again writes nothing', async () => {
    const tenant = tenantWithBigSpace();
    const progress: [number, number][] = [];
    const path = fileOf(tenant);
    const read: [number, number][] = [];
    const result = await importTenantFile(
      t.storage,
      path,
      (done, total) => progress.push([done, total]),
      (done, total) => read.push([done, total]),
    );
    // the first pass reports the bytes read, up to the file's size
    expect(read.at(-1)).toEqual([statSync(path).size, statSync(path).size]);
    expect(result.loaded).toBe(true);
    const streamed = await exportTenant(t.storage);
    const whole = await openTestStorage(dialect);
    try {
      const counted = await importTenant(whole.storage, tenant, path);
      expect(withoutLatestImport(streamed)).toEqual(
        withoutLatestImport(await exportTenant(whole.storage)),
      );
      expect(result.rows).toBe(counted.rows);
    } finally {
      await whole.dispose();
    }
    // progress rises to its total, which counts each page once
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
    expect(progress.every(([d], i) => i === 0 || d > progress[i - 1]![0])).toBe(true);
    // T5: the same document, as JSON again or as YAML, is already loaded
    expect(await importTenantFile(t.storage, fileOf(tenant))).toMatchObject({ loaded: false });
    expect(await importTenantFile(t.storage, fileOf(tenant, 'yaml'))).toMatchObject({
      loaded: false,
    });
    expect(await importTenant(t.storage, tenant, 'object')).toMatchObject({ loaded: false });
  });

  it('T21 a database that recorded the older digest of a file does not load it again', async () => {
    const tenant = tenantWithBigSpace();
    await t.storage.db
      .transaction()
      .execute((trx) =>
        recordTenantLoad(trx, legacyDigestTenant(tenant), new Date().toISOString()),
      );
    expect(await importTenantFile(t.storage, fileOf(tenant))).toMatchObject({ loaded: false });
    expect(await importTenant(t.storage, tenant, 'object')).toMatchObject({ loaded: false });
    expect((await exportTenant(t.storage)).orgs).toEqual([]);
  });

  it('T21 an export imported by stream round-trips (T7)', async () => {
    await importTenant(t.storage, tenantWithBigSpace(), 'big');
    const first = await exportTenant(t.storage);
    const copy = await openTestStorage(dialect);
    try {
      await importTenantFile(copy.storage, fileOf(first));
      expect(withoutLatestImport(await exportTenant(copy.storage))).toEqual(first);
    } finally {
      await copy.dispose();
    }
  });

  it('T21 a bad page deep in the file: its path named, and nothing written', async () => {
    await importTenant(t.storage, tenantWithBigSpace(), 'before');
    const before = await exportTenant(t.storage);
    const bad = tenantWithBigSpace();
    bad.orgs[0]!.name = 'Renamed';
    const page = deepPage(bad);
    page.restrictions = { read: { users: ['no-such-account'], groups: ['no-such-group'] } };
    (page as { colour?: string }).colour = 'red';
    const other = deepPage(bad);
    expect(other).toBe(page);
    const error = await importTenantFile(t.storage, fileOf(bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenantFileError);
    const problems = (error as TenantFileError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^orgs\[0\]\.sites\[0\]\.spaces\[3\]\.pages\[\d+\](\.children\[\d+\])+\.colour: /,
    );
    const wholeStructural = await importTenant(t.storage, bad, 'whole').catch((e: unknown) => e);
    expect((wholeStructural as TenantFileError).problems).toEqual(problems);
    // references: a well-formed page that names no one of the org
    delete (page as { colour?: string }).colour;
    const refs = await importTenantFile(t.storage, fileOf(bad)).catch((e: unknown) => e);
    expect((refs as TenantFileError).problems).toEqual([
      expect.stringMatching(
        /\.restrictions\.read\.users\[0\]: unknown accountId "no-such-account"/,
      ),
      expect.stringMatching(/\.restrictions\.read\.groups\[0\]: unknown group "no-such-group"/),
    ]);
    // the same problems the whole-document check names, at the same paths
    const whole = await importTenant(t.storage, bad, 'whole').catch((e: unknown) => e);
    expect((whole as TenantFileError).problems).toEqual((refs as TenantFileError).problems);
    expect(await exportTenant(t.storage)).toEqual(before);
  });

  it('T21 duplicate page ids across the stream are named with both paths', async () => {
    const bad = tenantWithBigSpace();
    deepPage(bad).id = bad.orgs[0]!.sites![0]!.spaces![0]!.pages![0]!.id;
    const streamed = await importTenantFile(t.storage, fileOf(bad)).catch((e: unknown) => e);
    const whole = await importTenant(t.storage, bad, 'whole').catch((e: unknown) => e);
    // the first claim is named by its path, found by reading the pages again
    expect((streamed as TenantFileError).problems).toEqual([
      expect.stringMatching(
        /^orgs\[0\]\.sites\[0\]\.spaces\[3\]\.pages.*\.id: duplicate id ".*" \(first at orgs\[0\]\.sites\[0\]\.spaces\[0\]\.pages\[0\]\.id\)$/,
      ),
    ]);
    expect((streamed as TenantFileError).problems).toEqual((whole as TenantFileError).problems);
  });

  it('T21 not JSON, unreadable, or a skeleton problem: refused before anything is written', async () => {
    await expect(importTenantFile(t.storage, fileOf(null, 'json', '{"orgs": ['))).rejects.toThrow(
      /not valid JSON/,
    );
    await expect(importTenantFile(t.storage, join(dir, 'missing.json'))).rejects.toThrow(
      /cannot read/,
    );
    await expect(importTenantFile(t.storage, dir)).rejects.toThrow(/cannot read/);
    const bad = tenantWithBigSpace();
    bad.orgs[0]!.users![0]!.accountId = 7 as unknown as string;
    await expect(importTenantFile(t.storage, fileOf(bad))).rejects.toThrow(/users\[0\]\.accountId/);
    expect((await exportTenant(t.storage)).orgs).toEqual([]);
  });
});
