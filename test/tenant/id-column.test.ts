import { describe, expect, it } from 'vitest';
import { IdColumn } from '../../src/tenant/id-column.js';

describe('the id column of a streamed export (T20)', () => {
  it.each([
    ['numbers', ['98305', '7', '0', '123456789012345', '10']],
    ['numbers, then ids that are not', ['98305', '007', 'home', '1e3', ' 5', '12', '-1']],
    ['strings from the start', ['b', 'a', 'ü', 'A', '10', '9']],
  ])('%s: every id back as given, and found by halves', (_name, list) => {
    const column = new IdColumn();
    for (let i = 0; i < 1500; i++) column.push(i < list.length ? list[i]! : `${1000 + i}`);
    const ids = Array.from({ length: column.length }, (_, slot) => column.at(slot));
    expect(ids.slice(0, list.length)).toEqual(list);
    const sorted = column.sortedSlots();
    for (const [slot, id] of ids.entries()) expect(column.find(sorted, id)).toBe(slot);
    for (const missing of ['999999', '05', 'nope', ''])
      expect(column.find(sorted, missing)).toBe(-1);
  });
});
