import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, session } from '../../src/domain/decision/engine.js';
import type { Pages } from '../../src/domain/confluence/pages.js';
import {
  spaceWalk,
  permittedContent,
  permittedInTree,
  type TreeWalk,
} from '../../src/domain/decision/lists.js';
import type { DecisionFacts, Subject } from '../../src/domain/decision/types.js';
import { APP, ORG, USER } from '../decision/fixtures.js';
import { DIALECTS, type TestApp } from '../support/harness.js';
import { openApiDocErrors } from '../support/openapi.js';
import { SPACE, as, caller, startWith } from './helpers.js';

const SPACE_PAGES = (id: string, query = '') => `/wiki/api/v2/spaces/${id}/pages${query}`;
const CHILDREN = (id: string, query = '') => `/wiki/api/v2/pages/${id}/children${query}`;
const ids = (body: { results: { id: string }[] }) => body.results.map((r) => r.id);

describe.each(DIALECTS)('filtered Confluence lists on %s', (dialect) => {
  let t: TestApp;
  const call = caller(() => t);
  beforeAll(async () => {
    t = await startWith(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Follows `_links.next` to the end, checking each page's Link header agrees. */
  const all = async (url: string, who: string) => {
    const pages: string[][] = [];
    let next: string | undefined = url;
    while (next !== undefined) {
      const res = await call('GET', next, who);
      expect(res.statusCode, next).toBe(200);
      const body = res.json();
      pages.push(ids(body));
      expect(res.headers.link).toBe(
        body._links.next ? `<${body._links.next}>; rel="next"` : undefined,
      );
      next = body._links.next;
    }
    return pages;
  };

  it('C7 a space lists only the pages the caller may read; a restricted middle page hides its subtree', async () => {
    // ENG: 98305 → 98306 (read: linus + engineering) → 98307 → 98308; 98305 → 98309.
    const ada = (await call('GET', SPACE_PAGES(SPACE.eng), as.ada)).json();
    expect(ids(ada)).toEqual(['98305', '98306', '98307', '98308', '98309']);
    const pat = (await call('GET', SPACE_PAGES(SPACE.eng), as.pat)).json();
    expect(ids(pat)).toEqual(['98305', '98309']);
    expect(pat._links).toEqual({ base: expect.stringMatching(/\/wiki$/) });
    expect(ids((await call('GET', SPACE_PAGES(SPACE.eng, '?depth=root'), as.ada)).json())).toEqual([
      '98305',
    ]);
    // Blog posts are not pages; anonymous callers see PUB without its staff-only page.
    expect(ids((await call('GET', SPACE_PAGES(SPACE.pub), as.anonymous)).json())).toEqual([
      '98330',
      '98331',
    ]);
    expect((await call('GET', SPACE_PAGES(SPACE.fin), as.pat)).statusCode).toBe(404);
    expect((await call('GET', SPACE_PAGES('99999'), as.ada)).statusCode).toBe(404);
    for (const page of ada.results) {
      expect(openApiDocErrors('confluence-v2', 'PageSingle', page)).toEqual([]);
    }
  });

  it('C7 the walk never looks below a subtree the caller cannot read', () => {
    const facts = t.index.decisionFacts(ORG)!;
    const looked: string[] = [];
    // The pages, recording every item whose restrictions a decision reads.
    const pages: Pages = Object.assign(Object.create(facts.pages) as Pages, {
      restrictions: (slot: number) => {
        looked.push(facts.pages.id(slot));
        return facts.pages.restrictions(slot);
      },
    });
    const counting: DecisionFacts = { ...facts, pages };
    const subject: Subject = { type: 'user', accountId: USER.pat };
    const walk: TreeWalk = { roots: spaceWalk(facts, SPACE.eng), depth: 'all', type: 'page' };
    const seen = [...permittedInTree(session(counting, subject), 'read', walk)].map((s) =>
      facts.pages.id(s),
    );
    expect(seen).toEqual(['98305', '98309']);
    expect(looked).toContain('98306');
    expect(looked).not.toContain('98307');
    expect(looked).not.toContain('98308');
  });

  it('C7 resuming after any item continues the same walk', () => {
    const facts = t.index.decisionFacts(ORG)!;
    for (const accountId of [USER.ada, USER.pat, USER.grace]) {
      const subject: Subject = { type: 'user', accountId };
      for (const space of [SPACE.eng, SPACE.pub]) {
        const walk: TreeWalk = { roots: spaceWalk(facts, space), depth: 'all' };
        const ids = (slots: Iterable<number>) => [...slots].map((s) => facts.pages.id(s));
        const full = ids(permittedInTree(session(facts, subject), 'read', walk));
        full.forEach((id, i) => {
          const rest = ids(
            permittedInTree(session(facts, subject), 'read', { ...walk, after: id }),
          );
          expect(rest).toEqual(full.slice(i + 1));
        });
      }
    }
  });

  it('C7 the space list agrees with list-resources and the point check for every subject', () => {
    const facts = t.index.decisionFacts(ORG)!;
    const subjects: Subject[] = [
      ...Object.values(USER).map((accountId): Subject => ({ type: 'user', accountId })),
      { type: 'user', accountId: USER.sam, adminKey: true },
      ...Object.values(APP).map((ari): Subject => ({ type: 'app', ari })),
      { type: 'anonymous' },
    ];
    for (const subject of subjects) {
      for (const space of Object.values(SPACE)) {
        const walk: TreeWalk = { roots: spaceWalk(facts, space), depth: 'all', type: 'page' };
        const pages = facts.pages;
        const listed = [...permittedInTree(session(facts, subject), 'read', walk)].map((s) =>
          pages.id(s),
        );
        const expected = [...permittedContent(session(facts, subject), 'read', space)]
          .filter((s) => !pages.isBlogPost(s))
          .map((s) => pages.id(s));
        expect(listed, `${JSON.stringify(subject)} in ${space}`).toEqual(expected);
        const pointChecked = [...t.index.org(ORG)!.content.values()]
          .filter((c) => c.spaceId === space && c.type === 'page')
          .filter(
            (c) =>
              decide(facts, { subject, action: 'read', resource: { type: 'page', id: c.id } })
                .decision === 'allow',
          )
          .map((c) => c.id);
        expect([...listed].sort()).toEqual(pointChecked.sort());
      }
    }
  });

  it('C8 children lists the visible direct children only', async () => {
    const ada = (await call('GET', CHILDREN('98305'), as.ada)).json();
    expect(ada.results).toEqual([
      { id: '98306', status: 'current', title: 'Roadmap', spaceId: '10005', childPosition: 0 },
      expect.objectContaining({ id: '98309', childPosition: 1 }),
    ]);
    expect(ids((await call('GET', CHILDREN('98305'), as.pat)).json())).toEqual(['98309']);
    expect((await call('GET', CHILDREN('98306'), as.pat)).statusCode).toBe(404);
    expect(ids((await call('GET', CHILDREN('98306'), as.linus)).json())).toEqual(['98307']);
    expect(ids((await call('GET', CHILDREN('98308'), as.linus)).json())).toEqual([]);
    expect((await call('GET', CHILDREN('98310'), as.ada)).statusCode).toBe(404);
  });

  it('C9 cursor paging: limit, next link and Link header, every item once, in order', async () => {
    expect(await all(SPACE_PAGES(SPACE.eng, '?limit=2'), as.ada)).toEqual([
      ['98305', '98306'],
      ['98307', '98308'],
      ['98309'],
    ]);
    expect(await all(SPACE_PAGES(SPACE.eng, '?limit=1'), as.pat)).toEqual([['98305'], ['98309']]);
    expect(await all(CHILDREN('98305', '?limit=1'), as.ada)).toEqual([['98306'], ['98309']]);
    const first = (
      await call('GET', SPACE_PAGES(SPACE.eng, '?limit=1&depth=all&body-format=storage'), as.ada)
    ).json();
    expect(first._links.next).toMatch(
      /^\/wiki\/api\/v2\/spaces\/10005\/pages\?depth=all&body-format=storage&limit=1&cursor=/,
    );
    expect(first.results[0].body.storage.value).toMatch(/^<p>/);
  });

  it('C9 limit is capped at 250; foreign or forged cursors are a 400', async () => {
    const capped = await call('GET', SPACE_PAGES(SPACE.eng, '?limit=1000'), as.ada);
    expect(capped.statusCode).toBe(200);
    expect(ids(capped.json())).toHaveLength(5);
    const forged = await call('GET', SPACE_PAGES(SPACE.eng, '?cursor=not-a-cursor'), as.ada);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].detail).toContain('cursor');
    const pub = (await call('GET', SPACE_PAGES(SPACE.pub, '?limit=1'), as.ada)).json();
    const cursor = new URL(pub._links.next, 'http://x').searchParams.get('cursor')!;
    const foreign = await call('GET', SPACE_PAGES(SPACE.eng, `?cursor=${cursor}`), as.ada);
    expect(foreign.statusCode).toBe(400);
    expect((await call('GET', SPACE_PAGES(SPACE.eng, '?limit=0'), as.ada)).statusCode).toBe(400);
    expect((await call('GET', SPACE_PAGES(SPACE.eng, '?limit=abc'), as.ada)).statusCode).toBe(400);
    expect((await call('GET', SPACE_PAGES(SPACE.eng, '?depth=some'), as.ada)).statusCode).toBe(400);
  });
});
