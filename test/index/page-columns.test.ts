import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageIdsBuilder, numericId } from '../../src/index/page-ids.js';
import { TitleColumnBuilder } from '../../src/index/title-column.js';

/**
 * The denser page columns (issue 16) answer as the arrays and map they replace: ids by slot and
 * slots by id (a later equal id takes the slot, as `Map.set` would), titles by slot.
 */
describe('page ids and titles as columns', () => {
  const id = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 16n }).map(String),
    fc.constantFrom('0', '007', '00', '-1', '1e3', ' 1', '999999999999999', '1000000000000000'),
    fc.string({ maxLength: 6 }),
  );

  it('I4 PageIds: every slot gives its id back and every id its last slot, numeric or not', () => {
    fc.assert(
      fc.property(
        fc.array(id, { maxLength: 300 }),
        fc.array(id, { maxLength: 20 }),
        (ids, asked) => {
          const builder = new PageIdsBuilder();
          for (const value of ids) builder.push(value);
          const built = builder.build();
          const slots = new Map<string, number>();
          ids.forEach((value, slot) => slots.set(value, slot));
          expect(built.count).toBe(ids.length);
          ids.forEach((value, slot) => {
            expect(built.id(slot)).toBe(value);
            expect(built.is(slot, value)).toBe(true);
          });
          for (const value of [...ids, ...asked])
            expect(built.slotOf(value)).toBe(slots.get(value) ?? -1);
        },
      ),
    );
  });

  it('I4 numericId: only canonical decimals below 10^15 are numbers', () => {
    expect(numericId('0')).toBe(0);
    expect(numericId('98330')).toBe(98330);
    expect(numericId('999999999999999')).toBe(999_999_999_999_999);
    for (const other of ['', '007', '1000000000000000', '-1', '1.5', 'abc', '１２']) {
      expect(numericId(other)).toBe(-1);
    }
  });

  it('I4 TitleColumn: titles across chunk boundaries, empty and non-ASCII, come back whole', () => {
    const titles = Array.from({ length: 20_000 }, (_, i) =>
      i % 97 === 0 ? '' : i % 5 === 0 ? `Seite ${i} ü 😀` : `Page ${i}`,
    );
    const builder = new TitleColumnBuilder();
    for (const title of titles) builder.push(title);
    const column = builder.build();
    titles.forEach((title, slot) => {
      expect(column.title(slot)).toBe(title);
      expect(column.is(slot, title)).toBe(true);
      expect(column.is(slot, `${title}x`)).toBe(false);
    });
    expect(column.toParts().chunks.length).toBe(3);
  });
});
