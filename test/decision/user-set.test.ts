import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MergedUsers, mergeSorted, SortedUsers } from '../../src/domain/decision/user-set.js';

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

  it('MergedUsers pages and counts as the merged list does, and answers has() by its member', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.string({ maxLength: 2 }), { maxLength: 15 }), { maxLength: 12 }),
        fc.array(fc.string({ maxLength: 2 }), { minLength: 70, maxLength: 90 }),
        fc.integer({ min: 1, max: 7 }),
        (raw, asked, limit) => {
          const lists = raw.map((list) => [...list].sort());
          const expected = mergeSorted(lists);
          const set = new Set(expected);
          const users = new MergedUsers(lists, (v) => set.has(v));
          // paged from the start, each page resumed after the last one
          const paged: string[] = [];
          let after: string | undefined;
          for (;;) {
            const page = users.page(after, limit);
            paged.push(...page);
            if (page.length < limit) break;
            after = page[page.length - 1];
          }
          expect(paged).toEqual(expected);
          for (const accountId of asked) expect(users.has(accountId)).toBe(set.has(accountId));
          expect(users.count).toBe(expected.length);
          expect(users.all()).toEqual(expected);
          expect(users.page(undefined, 3)).toEqual(expected.slice(0, 3));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('MergedUsers answers any sequence of pages as the merged list does (a page over-fetched by one, resumed, jumped)', () => {
    const expectedPage = (merged: readonly string[], after: string | undefined, limit: number) =>
      merged.filter((v) => after === undefined || v > after).slice(0, limit);
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 40 }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.array(
          fc.record({
            step: fc.constantFrom('next', 'overfetched', 'jump', 'start'),
            jump: fc.string({ maxLength: 3 }),
            limit: fc.integer({ min: 1, max: 9 }),
          }),
          { maxLength: 40 },
        ),
        (raw, steps) => {
          const lists = raw.map((list) => [...list].sort());
          const merged = mergeSorted(lists);
          const users = new MergedUsers(lists, () => false);
          let previous: string[] = [];
          for (const { step, jump, limit } of steps) {
            const after =
              step === 'start'
                ? undefined
                : step === 'jump'
                  ? jump
                  : step === 'next'
                    ? previous[previous.length - 1]
                    : previous[previous.length - 2];
            const page = users.page(after, limit);
            expect(page).toEqual(expectedPage(merged, after, limit));
            previous = page;
          }
        },
      ),
      { numRuns: 300 },
    );
    // `member` answers `has`
    const users = new MergedUsers([['a', 'c'], ['b']], (v) => v === 'a' || v === 'b' || v === 'c');
    expect(users.has('b')).toBe(true);
    expect(users.has('d')).toBe(false);
  });
});
