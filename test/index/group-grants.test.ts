import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decision/engine.js';
import { GroupBits } from '../../src/domain/group-bits.js';
import { isRestricted } from '../../src/domain/world.js';
import { hypothesisOf } from '../../src/index/hypothetical.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { bigTenantStorage } from '../support/big-tenant.js';
import { DIALECTS } from '../support/harness.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';

/**
 * I5: a space's group grants as bits over the org's group numbers (issue 16: a decision tests a
 * bit per group of the account instead of a map entry and a string) answer as the maps they
 * stand for.
 */
describe('group bits', () => {
  it('I5 GroupBits holds exactly the numbers it was made of', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 5_000 }), { maxLength: 80 }),
        fc.array(fc.nat({ max: 6_000 }), { maxLength: 40 }),
        (numbers, asked) => {
          const bits = GroupBits.of(numbers);
          const set = new Set(numbers);
          for (const n of [...numbers, ...asked, 0, 31, 32, 5_000]) {
            expect(bits.has(n)).toBe(set.has(n));
          }
          const more = asked[0] ?? 0;
          const grown = bits.with(more);
          for (const n of [...numbers, ...asked])
            expect(grown.has(n)).toBe(set.has(n) || n === more);
        },
      ),
    );
  });
});

describe.each(DIALECTS)('group grants on %s', (dialect) => {
  const storage = bigTenantStorage(dialect);
  beforeAll(async () => {
    const { db } = storage().storage;
    // A group no one belongs to that a space grants, and a grant to a group that does not exist.
    const space = await db
      .selectFrom('spaces')
      .select('id')
      .where('org_id', '=', ORG)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('space_permissions')
      .values(
        ['nobody-belongs', 'no-such-group'].map((group, i) => ({
          org_id: ORG,
          space_id: space.id,
          subject_type: 'group',
          subject_id: group,
          operation: i === 0 ? 'read' : 'update',
          position: 90 + i,
        })),
      )
      .execute();
  });

  it('I5 every space grants by number what its maps grant by id, and accounts keep their groups', async () => {
    const world = (await WorldIndex.load(storage().storage)).org(ORG)!;
    const numbers = world.groupNumbers;
    expect(new Set(numbers.values()).size).toBe(numbers.size);
    expect([...numbers.values()].sort((a, b) => a - b)).toEqual(
      [...numbers.keys()].map((_, i) => i),
    );
    for (const [accountId, groups] of world.userGroups) {
      expect(world.userGroupNumbers.get(accountId)).toEqual(groups.map((g) => numbers.get(g)));
    }
    expect(world.userGroupNumbers.size).toBe(world.userGroups.size);
    let granted = 0;
    for (const space of world.spaces.values()) {
      const { groups, groupGrants } = space.permissions;
      for (const operation of ['read', 'update', 'administer', 'export']) {
        for (const [groupId, n] of numbers) {
          const holds = groups.get(groupId)?.has(operation) === true;
          expect(groupGrants.get(operation)?.has(n) === true, `${groupId} ${operation}`).toBe(
            holds,
          );
          if (holds) granted++;
        }
      }
      for (const groupId of groups.keys()) expect(numbers.has(groupId)).toBe(true);
    }
    expect(granted).toBeGreaterThan(2);
    expect(numbers.has('nobody-belongs')).toBe(true);
  });

  it('I5 a hypothetical grant to a group reaches its members and a group that had no number', async () => {
    const index = await WorldIndex.load(storage().storage);
    const snapshot = index.snapshot().org(ORG)!;
    const world = snapshot.world;
    const hypothesize = hypothesisOf(snapshot);
    // a page, and a member of some group who may not read its space
    let asked: { slot: number; accountId: string; groupId: string } | null = null;
    for (let slot = 0; slot < world.pages.count && asked === null; slot++) {
      for (const [accountId, groups] of world.userGroups) {
        const user = world.users.get(accountId);
        if (!user || user.siteAdmin || groups.length === 0) continue;
        const request = {
          subject: { type: 'user' as const, accountId, adminKey: false },
          action: 'read' as const,
          resource: { type: 'page' as const, id: world.pages.id(slot) },
        };
        const { decision, reasons } = decide(snapshot.facts, request);
        const denied = decision === 'deny' && reasons[0]?.text === 'no space read permission';
        const open =
          world.pages.readRestrictedAbove(slot) === -1 &&
          !isRestricted(world.pages.restrictions(slot).read);
        if (denied && open && !world.pages.isBlogPost(slot)) {
          asked = { slot, accountId, groupId: groups[0]! };
          break;
        }
      }
    }
    expect(asked).not.toBeNull();
    const { slot, accountId, groupId } = asked!;
    const spaceId = world.pages.spaceId(slot);
    const request = {
      subject: { type: 'user' as const, accountId, adminKey: false },
      action: 'read' as const,
      resource: { type: 'page' as const, id: world.pages.id(slot) },
    };
    const grant = (id: string) => [
      {
        kind: 'space.grant' as const,
        spaceId,
        operation: 'read' as const,
        subject: { type: 'group' as const, groupId: id },
      },
    ];
    const after = decide(hypothesize(grant(groupId)), request);
    expect(after.decision).toBe('allow');
    expect(after.reasons[0]).toEqual({ rule: 'R6', text: 'space read permission' });
    const unnumbered = hypothesize(grant('a-group-no-one-names'));
    expect(unnumbered.groupNumber('a-group-no-one-names')).toBe(world.groupNumbers.size);
    expect(decide(unnumbered, request)).toEqual({
      decision: 'deny',
      reasons: [{ rule: 'R6', text: 'no space read permission' }],
    });
  });
});
