import { describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import {
  membershipBatches,
  orgRowBatches,
  spacePermissionBatches,
} from '../../src/storage/repos/world-stream.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import type { DialectName } from '../../src/storage/storage.js';
import { DIALECTS, openTestStorage } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

/** Texts a JSON column read must hand back exactly as stored. */
const AWKWARD = [
  'plain',
  'quote " and \\ backslash',
  'ünïcödé ✓ 🚀',
  'tab\tnew\nline',
  '\u0001',
  '',
];

/** Two orgs whose users are inserted interleaved, so neither org's rows are one rowid range. */
async function twoOrgs(storage: Storage, users: number): Promise<void> {
  await importTenant(storage, smallTenant('org-a', 'a-'), 'a');
  await importTenant(storage, smallTenant('org-b', 'b-'), 'b');
  const rows = [];
  for (let i = 0; i < users; i++) {
    for (const org of ['org-a', 'org-b']) {
      rows.push({
        org_id: org,
        account_id: `${org}-extra-${i}`,
        email: i % 3 === 0 ? null : `${org}-${i}@example.test`,
        display_name: AWKWARD[i % AWKWARD.length]!,
        api_token: null,
        site_admin: i % 2,
        position: 100 + i,
      });
    }
  }
  await storage.db.insertInto('users').values(rows).execute();
  const members = rows
    .filter((r) => r.org_id === 'org-a')
    .map((r, i) => ({
      org_id: 'org-a',
      group_id: i % 2 === 0 ? 'a-g-eng' : 'a-g-ops',
      account_id: r.account_id,
      position: i + 10,
    }));
  await storage.db.insertInto('group_members').values(members).execute();
}

/** The rows as a plain query gives them (the reference a scan must equal). */
async function plainUsers(storage: Storage, orgId: string) {
  return storage.db.selectFrom('users').selectAll().where('org_id', '=', orgId).execute();
}

async function scanned<T>(batches: AsyncGenerator<T[]>): Promise<{ rows: T[]; batches: number }> {
  const rows: T[] = [];
  let count = 0;
  for await (const batch of batches) {
    rows.push(...batch);
    count++;
  }
  return { rows, batches: count };
}

/** Opens a throwaway storage of `dialect` holding two orgs (`twoOrgs`) for `check`. */
async function onTwoOrgs(
  dialect: DialectName,
  users: number,
  check: (storage: Storage) => Promise<void>,
): Promise<void> {
  const test = await openTestStorage(dialect);
  try {
    await twoOrgs(test.storage, users);
    await check(test.storage);
  } finally {
    await test.dispose();
  }
}

/** A scan of the users of `orgId`, these columns as arrays. */
const usersQuery = (orgId: string, columns: string[], batchSize: number, rowByRow = false) => ({
  table: 'users',
  orgColumn: 'org_id',
  orgId,
  columns,
  batchSize,
  rowByRow,
});

const byAccount = (a: { account_id: string }, b: { account_id: string }) =>
  a.account_id < b.account_id ? -1 : a.account_id > b.account_id ? 1 : 0;

describe.each(DIALECTS)('reading an org table for the index on %s (scanOrgRows)', (dialect) => {
  it('S1 every column of every row of the org, as stored, and none of another org', () =>
    onTwoOrgs(dialect, 40, async (storage) => {
      const { rows } = await scanned(orgRowBatches(storage.db, 'users', 'org-a'));
      const expected = await plainUsers(storage, 'org-a');
      expect(rows.length).toBe(42);
      expect([...rows].sort(byAccount)).toEqual([...expected].sort(byAccount));
      expect(rows.map((r) => r.display_name)).toEqual(expect.arrayContaining(AWKWARD));
    }));

  it('S2 batches of at most the batch size, the named columns as arrays in order', () =>
    onTwoOrgs(dialect, 40, async (storage) => {
      const query = usersQuery('org-b', ['account_id', 'email', 'site_admin'], 7);
      const seen: unknown[][] = [];
      for await (const batch of storage.adapter.scanOrgRows(query)) {
        expect(batch.length).toBeLessThanOrEqual(7);
        seen.push(...(batch as unknown[][]));
      }
      const expected = (await plainUsers(storage, 'org-b')).map((r) => [
        r.account_id,
        r.email,
        r.site_admin,
      ]);
      const key = (row: unknown[]) => String(row[0]);
      expect(seen.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        expected.sort((a, b) => key(a).localeCompare(key(b))),
      );
    }));

  it('S3 an org without rows in the table gives no rows', () =>
    onTwoOrgs(dialect, 3, async (storage) => {
      expect((await scanned(orgRowBatches(storage.db, 'users', 'org-none'))).rows).toEqual([]);
      expect((await scanned(membershipBatches(storage.db, 'org-b'))).rows).toEqual([
        ['b-g-eng', ['b-u-ada']],
      ]);
    }));

  it('S4 memberships and space permissions by group hold exactly the rows of the table', () =>
    onTwoOrgs(dialect, 30, async (storage) => {
      const memberships = (await scanned(membershipBatches(storage.db, 'org-a'))).rows.flatMap(
        ([groupId, accountIds]) => accountIds.map((accountId) => `${groupId} ${accountId}`),
      );
      const memberRows = await storage.db
        .selectFrom('group_members')
        .select(['group_id', 'account_id'])
        .where('org_id', '=', 'org-a')
        .execute();
      expect(memberships.sort()).toEqual(
        memberRows.map((r) => `${r.group_id} ${r.account_id}`).sort(),
      );
      const grants = (await scanned(spacePermissionBatches(storage.db, 'org-a'))).rows.flatMap(
        ([spaceId, type, operation, ids]) =>
          ids.map((id) => `${spaceId} ${type} ${id} ${operation}`),
      );
      const grantRows = await storage.db
        .selectFrom('space_permissions')
        .select(['space_id', 'subject_type', 'subject_id', 'operation'])
        .where('org_id', '=', 'org-a')
        .execute();
      expect(grants.length).toBeGreaterThan(0);
      expect(grants.sort()).toEqual(
        grantRows
          .map((r) => `${r.space_id} ${r.subject_type} ${r.subject_id} ${r.operation}`)
          .sort(),
      );
    }));

  it('S6 a write that commits while the scan reads is not half seen: the scan reads one snapshot', () =>
    onTwoOrgs(dialect, 30, async (storage) => {
      const query = usersQuery('org-a', ['account_id'], 5);
      const seen: string[] = [];
      let wrote = false;
      for await (const batch of storage.adapter.scanOrgRows(query)) {
        seen.push(...(batch as string[][]).map((row) => row[0]!));
        if (!wrote) {
          wrote = true;
          await storage.db.deleteFrom('users').where('org_id', '=', 'org-a').execute();
        }
      }
      expect(seen.length).toBe(32);
    }));

  it('S7 row by row gives the same rows in the same order as column by column', () =>
    onTwoOrgs(dialect, 40, async (storage) => {
      await storage.db.deleteFrom('users').where('account_id', 'like', '%-extra-1%').execute();
      await twoOrgs2(storage);
      const read = async (rowByRow: boolean) => {
        const query = usersQuery('org-a', ['account_id', 'display_name'], 6, rowByRow);
        return (await scanned(storage.adapter.scanOrgRows(query))).rows;
      };
      const columns = await read(false);
      expect(columns.length).toBeGreaterThan(30);
      expect(await read(true)).toEqual(columns);
    }));

  it("S8 an org whose rows lie scattered among another org's is read whole, in the same order both ways", async () =>
    onTwoOrgs(dialect, 5, async (storage) => {
      // org-b grows by far more rows than org-a has, after org-a's and between them
      for (let round = 0; round < 3; round++) {
        const rows = Array.from({ length: 30 }, (_, i) => ({
          org_id: 'org-b',
          account_id: `org-b-more-${round}-${i}`,
          email: null,
          display_name: 'b',
          api_token: null,
          site_admin: 0,
          position: 1000 + round * 100 + i,
        }));
        await storage.db.insertInto('users').values(rows).execute();
        await storage.db
          .insertInto('users')
          .values({ ...rows[0]!, org_id: 'org-a', account_id: `org-a-late-${round}` })
          .execute();
      }
      const read = async (rowByRow: boolean) =>
        (
          await scanned(
            storage.adapter.scanOrgRows(usersQuery('org-a', ['account_id'], 4, rowByRow)),
          )
        ).rows;
      const columns = await read(false);
      const expected = (await plainUsers(storage, 'org-a')).map((r) => [r.account_id]);
      expect(columns.length).toBe(10);
      expect([...columns].sort()).toEqual([...expected].sort());
      expect(await read(true)).toEqual(columns);
    }));
});

/** Rows added after some were deleted: the rowids of the org have gaps and come late. */
async function twoOrgs2(storage: Storage): Promise<void> {
  const rows = ['org-b', 'org-a', 'org-a'].map((org, i) => ({
    org_id: org,
    account_id: `${org}-late-${i}`,
    email: null,
    display_name: 'late',
    api_token: null,
    site_admin: 0,
    position: 500 + i,
  }));
  await storage.db.insertInto('users').values(rows).execute();
}

describe('reading an org table for the index on an in-memory SQLite database', () => {
  it('S5 reads the org in one batch on the main connection', async () => {
    const storage = await openStorage({ kind: 'sqlite', file: ':memory:' });
    try {
      await twoOrgs(storage, 25);
      const { rows, batches } = await scanned(orgRowBatches(storage.db, 'users', 'org-a'));
      expect(batches).toBe(1);
      expect([...rows].sort(byAccount)).toEqual(
        [...(await plainUsers(storage, 'org-a'))].sort(byAccount),
      );
    } finally {
      await storage.close();
    }
  });
});
