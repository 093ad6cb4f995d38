import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgWorld } from '../../src/index/org-world.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { bigTenantStorage } from '../support/big-tenant.js';
import { DIALECTS } from '../support/harness.js';
import { dump } from '../support/world-dump.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';

/**
 * A rebuild keeps the previous world's objects for whatever the database still holds unchanged
 * (issue 16: no second copy of an unchanged org) — and after any change it holds exactly what a
 * fresh load reads.
 */
describe.each(DIALECTS)('a rebuild on %s', (dialect) => {
  const storage = bigTenantStorage(dialect);
  let index: WorldIndex;
  const db = () => storage().storage.db;
  const world = () => index.org(ORG)!;

  beforeAll(async () => {
    index = await WorldIndex.load(storage().storage);
  });

  async function rebuiltEqualsFresh(): Promise<OrgWorld> {
    const before = world();
    await index.rebuild();
    const fresh = await WorldIndex.load(storage().storage);
    expect(dump(world())).toEqual(dump(fresh.org(ORG)!));
    attachmentsFindTheirPages(world());
    return before;
  }

  it('I1 of an unchanged org keeps its pages, users, groups and attachments as they were', async () => {
    const before = await rebuiltEqualsFresh();
    const after = world();
    expect(after).not.toBe(before);
    expect(after.pages).toBe(before.pages);
    expect(after.content).toBe(before.content);
    expect(after.users).toBe(before.users);
    expect(after.usersByEmail).toBe(before.usersByEmail);
    expect(after.userTokens).toBe(before.userTokens);
    expect(after.userGroups).toBe(before.userGroups);
    expect(after.userGroupNumbers).toBe(before.userGroupNumbers);
    expect(after.groupNumbers).toBe(before.groupNumbers);
    expect(after.attachments).toBe(before.attachments);
    for (const group of after.groups.values()) expect(group).toBe(before.groups.get(group.id));
  });

  it('I2 after a title changes in the middle holds the new title and keeps the rest', async () => {
    await db()
      .updateTable('content')
      .set({ title: 'Renamed' })
      .where('id', '=', '900600')
      .execute();
    const before = await rebuiltEqualsFresh();
    const { pages } = world();
    expect(pages).not.toBe(before.pages);
    expect(pages.title(pages.slotOf('900600'))).toBe('Renamed');
    const other = pages.slotOf('901000');
    expect(pages.title(other)).toBe(before.pages.title(before.pages.slotOf('901000')));
    expect(world().users).toBe(before.users);
  });

  it('I2 after pages are added, moved, reordered, classified and removed', async () => {
    await db()
      .insertInto('content')
      .values({
        org_id: ORG,
        id: '990001',
        space_id: '77001',
        parent_id: '900010',
        type: 'page',
        title: 'New',
        body: null,
        classification: null,
        position: 0,
      })
      .execute();
    await db()
      .updateTable('content')
      .set({ parent_id: '900001' })
      .where('id', '=', '900900')
      .execute();
    await db().updateTable('content').set({ position: 99 }).where('id', '=', '900005').execute();
    await rebuiltEqualsFresh();
    const level = [...world().levels.keys()][0]!;
    await db()
      .updateTable('content')
      .set({ classification: level })
      .where('id', '=', '900002')
      .execute();
    await rebuiltEqualsFresh();
    expect(world().pages.ownLevel(world().pages.slotOf('900002'))).toBe(level);
    await db().deleteFrom('content').where('id', '=', '990001').execute();
    await rebuiltEqualsFresh();
    expect(world().pages.slotOf('990001')).toBe(-1);
  });

  it('I2 after a page is restricted and another page’s lists are cleared keeps the other lists', async () => {
    const before = world();
    const kept = before.pages.restrictions(before.pages.slotOf('900014'));
    await db()
      .insertInto('content_restrictions')
      .values({
        org_id: ORG,
        content_id: '900003',
        operation: 'update',
        subject_type: 'group',
        subject_id: [...before.groups.keys()][0]!,
      })
      .execute();
    await db().deleteFrom('content_restrictions').where('content_id', '=', '900007').execute();
    await rebuiltEqualsFresh();
    const { pages } = world();
    expect(pages.restrictions(pages.slotOf('900014'))).toBe(kept);
    expect(pages.restrictions(pages.slotOf('900003')).update.groups.size).toBe(1);
    expect(pages.restrictions(pages.slotOf('900007')).read.users.size).toBe(0);
  });

  it('I2 after users, memberships and groups change', async () => {
    const [first, second] = [...world().users.values()];
    await db()
      .updateTable('users')
      .set({ display_name: 'Someone Else' })
      .where('account_id', '=', second!.accountId)
      .execute();
    let before = await rebuiltEqualsFresh();
    expect(world().users).not.toBe(before.users);
    expect(world().users.get(first!.accountId)).toBe(before.users.get(first!.accountId));
    await db()
      .updateTable('users')
      .set({ email: 'changed@example.com', api_token: 'a-new-token' })
      .where('account_id', '=', first!.accountId)
      .execute();
    await rebuiltEqualsFresh();
    const group = [...world().groups.values()].find(
      (g) => !g.userMembers.includes(first!.accountId),
    )!;
    await db()
      .insertInto('group_members')
      .values({ org_id: ORG, group_id: group.id, account_id: first!.accountId, position: 99 })
      .execute();
    await rebuiltEqualsFresh();
    expect(world().groups.get(group.id)!.userMembers).toContain(first!.accountId);
    await db()
      .deleteFrom('group_members')
      .where('group_id', '=', group.id)
      .where('account_id', '=', first!.accountId)
      .execute();
    await rebuiltEqualsFresh();
    await db()
      .updateTable('groups')
      .set({ name: 'renamed-group' })
      .where('id', '=', group.id)
      .execute();
    before = await rebuiltEqualsFresh();
    expect(world().groupsByName.get('renamed-group')?.userMembers).toBe(
      before.groups.get(group.id)!.userMembers,
    );
  });

  it('I2 after space permissions change, with a group only a space names', async () => {
    const space = [...world().spaces.values()][0]!;
    await db()
      .insertInto('space_permissions')
      .values({
        org_id: ORG,
        space_id: space.id,
        subject_type: 'group',
        subject_id: 'group-only-a-space-names',
        operation: 'read',
        position: 99,
      })
      .execute();
    const before = await rebuiltEqualsFresh();
    const numbers = world().groupNumbers;
    expect(numbers.get('group-only-a-space-names')).toBe(before.groupNumbers.size);
    expect(numbers).not.toBe(before.groupNumbers);
    // the numbering the memberships use is kept, and so are their lists
    expect(world().userGroupNumbers).toBe(before.userGroupNumbers);
    for (const [id, n] of before.groupNumbers) expect(numbers.get(id)).toBe(n);
    const read = world().spaces.get(space.id)!.permissions.groupGrants.get('read')!;
    expect(read.has(numbers.get('group-only-a-space-names')!)).toBe(true);
    await db().deleteFrom('space_permissions').where('space_id', '=', space.id).execute();
    await rebuiltEqualsFresh();
    expect(world().spaces.get(space.id)!.permissions.groupGrants.size).toBe(0);
  });

  const moveAttachment = (id: string, contentId: string) =>
    db().updateTable('attachments').set({ content_id: contentId }).where('id', '=', id).execute();

  it('I7 every attachment finds its page by its own id, after a load and after attachments move', async () => {
    attachmentsFindTheirPages(world());
    expect(world().attachments.size).toBeGreaterThan(10);
    await moveAttachment('att11', '900012');
    await db()
      .insertInto('attachments')
      .values({
        org_id: ORG,
        id: 'att-orphan',
        content_id: 'no-such-page',
        title: 'lost.pdf',
        media_type: null,
        file_size: null,
        position: 0,
      })
      .execute();
    await rebuiltEqualsFresh();
    expect(world().pages.attachmentSlot('att11')).toBe(world().pages.slotOf('900012'));
    expect(world().pages.attachmentSlot('att-orphan')).toBe(-1);
    await db().deleteFrom('attachments').where('id', '=', 'att-orphan').execute();
    await moveAttachment('att11', '900011');
    await rebuiltEqualsFresh();
    expect(world().pages.attachmentSlot('att11')).toBe(world().pages.slotOf('900011'));
  });

  it('I2 after attachments change title or order and public links appear', async () => {
    await db()
      .updateTable('attachments')
      .set({ title: 'renamed.pdf' })
      .where('id', '=', 'att11')
      .execute();
    await rebuiltEqualsFresh();
    await db()
      .insertInto('attachments')
      .values({
        org_id: ORG,
        id: 'att11b',
        content_id: '900011',
        title: 'first.pdf',
        media_type: null,
        file_size: null,
        position: -1,
      })
      .execute();
    await rebuiltEqualsFresh();
    expect(world().pages.content(world().pages.slotOf('900011')).attachments).toEqual([
      'att11b',
      'att11',
    ]);
    await db().updateTable('attachments').set({ position: 5 }).where('id', '=', 'att11b').execute();
    await rebuiltEqualsFresh();
    await db()
      .insertInto('public_links')
      .values({ org_id: ORG, id: 'link-new', content_id: '900004', enabled: 1 })
      .execute();
    await rebuiltEqualsFresh();
    expect(world().pages.linkOf(world().pages.slotOf('900004'))).toBe('link-new');
  });

  it('I2 after a page names a parent the org lacks, and again once it is back', async () => {
    await db()
      .updateTable('content')
      .set({ parent_id: 'nowhere' })
      .where('id', '=', '900020')
      .execute();
    await rebuiltEqualsFresh();
    await rebuiltEqualsFresh();
    await db().updateTable('content').set({ parent_id: null }).where('id', '=', '900020').execute();
    await rebuiltEqualsFresh();
    const { pages } = world();
    expect(Array.from(pages.rootsOf('77001'))).toContain(pages.slotOf('900020'));
  });
});

/** I7: `attachmentSlot` of each attachment is its page's slot (-1 for a page the org lacks). */
function attachmentsFindTheirPages(world: OrgWorld): void {
  for (const attachment of world.attachments.values()) {
    expect(world.pages.attachmentSlot(attachment.id)).toBe(
      world.pages.slotOf(attachment.contentId),
    );
  }
  expect(world.pages.attachmentSlot('no-such-attachment')).toBe(-1);
}
