import { AudienceIndex } from '../../src/domain/decision/audience.js';
import { isRestricted } from '../../src/domain/world.js';
import { permittedSubjects } from '../../src/domain/decision/lists.js';
import { subjectKey, subjectsPage } from '../../src/domain/decision/subject-pages.js';
import type { DecisionFacts } from '../../src/domain/decision/types.js';
import { result, type Result } from '../results.js';
import type { Log } from '../setup.js';
import { alternatingMedianMs } from '../timing.js';

const PAGE = 100;

/** Every subject of the page, a page at a time, over one audience (one snapshot's). */
function pageThrough(facts: DecisionFacts, audience: AudienceIndex, id: string): string[] {
  const keys: string[] = [];
  let after: string | undefined;
  for (;;) {
    const { page, more } = subjectsPage(
      facts,
      audience.of('read', { type: 'page', id }),
      after,
      PAGE,
    );
    for (const subject of page) keys.push(subjectKey(subject));
    if (!more) return keys;
    after = keys[keys.length - 1];
  }
}

/**
 * `list-subjects` (issue 16): the first page from a cold reverse lookup (a fresh snapshot's), and
 * paging through every subject of a page, against one brute-force computation of the whole set
 * (`permittedSubjects`: one decision per user, group and app) — on a restricted page and an
 * unrestricted one of `spaceId`. `at` names the world in the figures (the scale bench's size).
 */
export async function measureSubjects(
  facts: DecisionFacts,
  spaceId: string,
  repeats: number,
  log: Log,
  at = '',
): Promise<Result[]> {
  const pages = facts.pages;
  let restricted: string | undefined;
  let open: string | undefined;
  for (let slot = 0; slot < pages.count && (!restricted || !open); slot++) {
    if (pages.spaceId(slot) !== spaceId) continue;
    if (isRestricted(pages.restrictions(slot).read)) restricted ??= pages.id(slot);
    else open ??= pages.id(slot);
  }
  const ids = [open, restricted].filter((id): id is string => id !== undefined);
  const results: Result[] = [];
  for (const id of ids) {
    const label = `${id === restricted ? 'a read-restricted page' : 'an unrestricted page'}${at}`;
    const brute = permittedSubjects(facts, 'read', { type: 'page', id });
    const paged = pageThrough(facts, new AudienceIndex(facts), id);
    const seen = new Set(paged);
    const disagree = brute.length !== paged.length || brute.some((s) => !seen.has(subjectKey(s)));
    log(`list-subjects of ${label}: ${paged.length} subjects (brute force ${brute.length})`);
    const first = () =>
      Promise.resolve(
        subjectsPage(
          facts,
          new AudienceIndex(facts).of('read', { type: 'page', id }),
          undefined,
          PAGE,
        ).page.length,
      );
    const all = () => Promise.resolve(pageThrough(facts, new AudienceIndex(facts), id).length);
    const full = () =>
      Promise.resolve(permittedSubjects(facts, 'read', { type: 'page', id }).length);
    const [firstMs, allMs, fullMs] = (await alternatingMedianMs([first, all, full], repeats)) as [
      number,
      number,
      number,
    ];
    results.push(
      result(
        `list-subjects first page of ${label} (cold)`,
        'ms',
        firstMs,
        fullMs,
        '≤ 5 ms',
        (_r, v) => v <= 5,
      ),
      result(
        `list-subjects every page of ${label} vs one full computation`,
        'ms',
        allMs,
        fullMs,
        '≤ 2×',
        (r) => r <= 2,
      ),
      result(
        `list-subjects disagreements with brute force (${label})`,
        'subjects',
        disagree ? 1 : 0,
        null,
        '0',
        (_r, v) => v === 0,
      ),
    );
  }
  return results;
}
