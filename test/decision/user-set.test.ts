import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeSorted, SortedUsers } from '../../src/domain/decision/user-set.js';

describe('user sets of the reverse lookup', () => {
  it('mergeSorted is the sorted union of sorted lists, each value once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 20 })),
        (raw) => {
          const lists = raw.map((list) => [...list].sort());
          const expected = [...new Set(lists.flat())].sort();
          expect(mergeSorted(lists)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
    const one = ['a', 'b'];
    const merged = mergeSorted([one]);
    expect(merged).toEqual(one);
    expect(merged).not.toBe(one);
    expect(mergeSorted([])).toEqual([]);
  });

  it('SortedUsers.has answers as a set does, by halves first and by a set after many lookups', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 3 })),
        fc.array(fc.string({ maxLength: 3 }), { minLength: 100, maxLength: 200 }),
        (members, asked) => {
          const users = new SortedUsers([...members].sort());
          const set = new Set(members);
          for (const accountId of [...asked, ...members]) {
            expect(users.has(accountId)).toBe(set.has(accountId));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
