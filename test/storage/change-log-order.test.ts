import { describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { appendChanges } from '../../src/storage/repos/change-log.js';
import { writeLists } from '../../src/storage/repos/restrictions.js';
import { sealedSet, NO_SUBJECTS } from '../../src/domain/world.js';
import { DIALECTS, openTestStorage } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

const lists = (accountId: string) => ({
  read: { users: sealedSet([accountId]), groups: sealedSet<string>() },
  update: NO_SUBJECTS,
});

/**
 * A revision is taken when a change is appended, not when it commits. Appends are serialized until
 * commit, so a later revision can never commit first — otherwise an index that replayed it would
 * skip the earlier one for good.
 */
describe.each(DIALECTS)('change-log order on %s', (dialect) => {
  it('a write that appended first and commits last is not skipped by an index that synced between', async () => {
    const test = await openTestStorage(dialect);
    try {
      const { storage } = test;
      await importTenant(storage, smallTenant(), 'small');
      const index = await WorldIndex.load(storage);
      let appended!: () => void;
      const firstAppended = new Promise<void>((resolve) => (appended = resolve));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = storage.transaction(async (trx) => {
        await writeLists(trx, 'org-small', '1', lists('u-bob'));
        await appendChanges(trx, [{ orgId: 'org-small', kind: 'restrictions', entityId: '1' }]);
        appended();
        await held;
      });
      await firstAppended;
      const second = storage.transaction(async (trx) => {
        await writeLists(trx, 'org-small', '2', lists('u-ada'));
        await appendChanges(trx, [{ orgId: 'org-small', kind: 'restrictions', entityId: '2' }]);
      });
      // SQLite serializes writers anyway; PostgreSQL would let the second commit first.
      const secondCommitted = await Promise.race([
        second.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 300)),
      ]);
      if (secondCommitted) await index.sync();
      release();
      await first;
      await second;
      await index.sync();
      const org = index.org('org-small')!;
      expect([...org.content.get('1')!.restrictions.read.users]).toEqual(['u-bob']);
      expect([...org.content.get('2')!.restrictions.read.users]).toEqual(['u-ada']);
    } finally {
      await test.dispose();
    }
  });
});
