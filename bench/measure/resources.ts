import { session } from '../../src/domain/decision/engine.js';
import { permittedContent, permittedContentAfter } from '../../src/domain/decision/lists.js';
import type { DecisionFacts } from '../../src/domain/decision/types.js';
import { result, type Result } from '../results.js';
import type { Log } from '../setup.js';
import { alternatingMedianMs } from '../timing.js';

const PAGE = 100;

/**
 * `list-resources` across every space (issue 16): the first 100 pages a user may read, and paging
 * through all of them 100 at a time (each page resumed at its cursor, `permittedContentAfter`),
 * against one walk of the whole list (`permittedContent`); and the two lists compared.
 */
export async function measureResourcePages(
  facts: DecisionFacts,
  accountId: string,
  repeats: number,
  log: Log,
  at = '',
): Promise<Result[]> {
  const who = session(facts, { type: 'user', accountId });
  const full = () => [...permittedContent(who, 'read')];
  const paged = () => {
    const listed: number[] = [];
    let page = take(permittedContent(who, 'read'));
    while (page.length > 0) {
      listed.push(...page);
      if (page.length < PAGE) break;
      page = take(permittedContentAfter(who, 'read', page[page.length - 1]!));
    }
    return listed;
  };
  const one = full();
  const all = paged();
  const disagree = one.length !== all.length || one.some((slot, i) => all[i] !== slot);
  log(`list-resources of ${accountId}${at}: ${one.length} pages (paged ${all.length})`);
  const [firstMs, allMs, fullMs] = (await alternatingMedianMs(
    [
      () => Promise.resolve(take(permittedContent(who, 'read')).length),
      () => Promise.resolve(paged().length),
      () => Promise.resolve(full().length),
    ],
    repeats,
  )) as [number, number, number];
  return [
    result(
      `list-resources first 100 pages across spaces${at}`,
      'ms',
      firstMs,
      fullMs,
      '≤ 5 ms',
      (_r, v) => v <= 5,
    ),
    result(
      `list-resources every page across spaces${at} vs one full walk`,
      'ms',
      allMs,
      fullMs,
      '≤ 2×',
      (r) => r <= 2,
    ),
    result(
      `list-resources disagreements of paging with one walk${at}`,
      'lists',
      disagree ? 1 : 0,
      null,
      '0',
      (_r, v) => v === 0,
    ),
  ];
}

function take(slots: Iterable<number>): number[] {
  const page: number[] = [];
  for (const slot of slots) {
    page.push(slot);
    if (page.length === PAGE) break;
  }
  return page;
}
