import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { TenantFileError } from '../../src/tenant/parse.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../support/harness.js';
import { withoutLatestImport } from '../support/round-trip.js';
import { smallTenant } from '../support/small-tenant.js';

describe.each(DIALECTS)('tenant import and export on %s', (dialect) => {
  let test: TestStorage;
  beforeEach(async () => {
    test = await openTestStorage(dialect);
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('T7 round-trips: export → import into an empty database → export gives the same document', async () => {
    await importTenant(test.storage, smallTenant(), 'small');
    const first = await exportTenant(test.storage);
    const other = await openTestStorage(dialect);
    try {
      await importTenant(other.storage, first, 'export');
      expect(withoutLatestImport(await exportTenant(other.storage))).toEqual(first);
    } finally {
      await other.dispose();
    }
    expect(first.orgs[0]!.sites![0]!.spaces![0]!.pages![0]!.children![0]!.children![0]!.id).toBe(
      '3',
    );
  });

  it('T5 is idempotent: loading the same document twice writes nothing the second time', async () => {
    const first = await importTenant(test.storage, smallTenant(), 'small');
    const again = await importTenant(test.storage, smallTenant(), 'small');
    expect(first.loaded).toBe(true);
    expect(again).toMatchObject({ loaded: false, rows: 0 });
    const revisions = await test.storage.db.selectFrom('change_log').selectAll().execute();
    expect(revisions).toHaveLength(1);
  });

  it('T6 a changed file replaces the org it describes and leaves other orgs alone', async () => {
    await importTenant(test.storage, smallTenant('org-a', 'a-'), 'a');
    await importTenant(test.storage, smallTenant('org-b', 'b-'), 'b');
    const changed = smallTenant('org-a', 'a-');
    changed.orgs[0]!.sites![0]!.spaces![0]!.pages![0]!.title = 'Renamed';
    await importTenant(test.storage, changed, 'a2');
    const state = await exportTenant(test.storage);
    expect(state.orgs.map((o) => o.id)).toEqual(['org-a', 'org-b']);
    const titles = await test.storage.db
      .selectFrom('content')
      .select('title')
      .where('id', '=', 'a-1')
      .execute();
    expect(titles).toEqual([{ title: 'Renamed' }]);
  });

  it('a broken file loads nothing and names every bad path', async () => {
    const broken = smallTenant();
    const space = broken.orgs[0]!.sites![0]!.spaces![0]!;
    space.pages![1]!.id = '1';
    space.pages![0]!.classification = 'no-such-level';
    const error = await importTenant(test.storage, broken, 'broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenantFileError);
    expect((error as TenantFileError).problems).toEqual([
      'orgs[0].sites[0].spaces[0].pages[0].classification: unknown classification level "no-such-level" (not a level of org org-small)',
      'orgs[0].sites[0].spaces[0].pages[1].id: duplicate id "1" (first at orgs[0].sites[0].spaces[0].pages[0].id)',
    ]);
    expect(await test.storage.db.selectFrom('orgs').selectAll().execute()).toEqual([]);
  });

  it('T2 refuses site names, cloudIds and Admin API keys of another org, loading nothing', async () => {
    await importTenant(test.storage, smallTenant('org-a'), 'a');
    const error = await importTenant(test.storage, smallTenant('org-b'), 'b').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TenantFileError);
    expect((error as TenantFileError).problems).toEqual([
      'orgs[0].sites[0].cloudId: "cloud-1" already belongs to org org-a in the database',
      'orgs[0].sites[0].name: "small" already belongs to org org-a in the database',
      'orgs[0].adminApiKeys[0]: "admin-key-small" already belongs to org org-a in the database',
    ]);
    const orgs = await test.storage.db.selectFrom('orgs').select('id').execute();
    expect(orgs).toEqual([{ id: 'org-a' }]);
  });

  it('T2 keeps every other id per org: a second org may repeat page, user and group ids', async () => {
    await importTenant(test.storage, smallTenant('org-a'), 'a');
    const second = smallTenant('org-b');
    const org = second.orgs[0]!;
    org.adminApiKeys = ['admin-key-b'];
    org.sites![0]!.cloudId = 'cloud-b';
    org.sites![0]!.name = 'small-b';
    org.sites![0]!.spaces![0]!.pages![0]!.title = 'Home of B';
    await importTenant(test.storage, second, 'b');
    const index = await WorldIndex.load(test.storage);
    expect(index.org('org-a')?.content.get('1')?.title).toBe('Home');
    expect(index.org('org-b')?.content.get('1')?.title).toBe('Home of B');
    const snapshot = index.snapshot();
    expect(snapshot.userForBasic('org-b', 'ada@small.test', 'ada-token')?.orgId).toBe('org-b');
    expect(snapshot.appForToken('org-a', 'reader-token')?.orgId).toBe('org-a');
    const state = await exportTenant(test.storage);
    expect(state.orgs.map((o) => o.sites![0]!.spaces![0]!.pages![0]!.title)).toEqual([
      'Home',
      'Home of B',
    ]);
  });

  it('an index in another process follows an import through the change log', async () => {
    const index = await WorldIndex.load(test.storage);
    expect([...index.allOrgs()]).toHaveLength(0);
    await importTenant(test.storage, smallTenant(), 'small');
    await index.sync();
    const org = index.org('org-small');
    expect(org?.content.get('2')?.parentId).toBe('1');
    expect(org?.content.get('1')?.restrictions.read.groups.has('g-eng')).toBe(true);
    const snapshot = index.snapshot();
    expect(snapshot.orgForAdminKey('admin-key-small')).toBe('org-small');
    expect(snapshot.userForBasic('org-small', 'ADA@small.test', 'ada-token')?.accountId).toBe(
      'u-ada',
    );
    expect(snapshot.userForBasic('org-small', 'ada@small.test', 'wrong')).toBeUndefined();
  });
});
