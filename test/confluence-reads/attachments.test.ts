import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world } from '../decision/fixtures.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { openApiDocErrors } from '../support/openapi.js';
import { ARI, SPACE, as, caller, policy } from './helpers.js';

const LIST = (id: string, query = '') => `/wiki/rest/api/content/${id}/child/attachment${query}`;
const DOWNLOAD = (id: string, att: string) =>
  `/wiki/rest/api/content/${id}/child/attachment/${att}/download`;
const V2 = (id: string) => `/wiki/api/v2/attachments/${id}`;

describe.each(DIALECTS)('Confluence attachments on %s', (dialect) => {
  let t: TestApp;
  const call = caller(() => t);
  const download = policy('CONTAINER', 'attachmentDownload', 'block', [ARI.space(SPACE.eng)]);
  beforeAll(async () => {
    t = await startTestApp(
      dialect,
      world([download], (tenant) => {
        const home = tenant.orgs[0]!.sites![0]!.spaces![2]!.pages![0]!;
        home.attachments!.push(
          { id: 'att-extra-1', title: 'extra.pdf', mediaType: 'application/pdf' },
          { id: 'att-extra-2', title: 'extra.png', mediaType: 'image/png' },
        );
      }),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('C13 listing and metadata follow the page’s view right, even where downloads are blocked', async () => {
    const list = await call('GET', LIST('98305'), as.pat);
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body).toMatchObject({ start: 0, limit: 25, size: 1 });
    expect(body.results[0]).toMatchObject({
      id: 'att10001',
      type: 'attachment',
      title: expect.any(String),
      extensions: { mediaType: 'image/png' },
    });
    expect(openApiDocErrors('confluence-v1', 'ContentArray', body)).toEqual([]);
    expect((await call('GET', LIST('98306'), as.pat)).statusCode).toBe(404);
    expect((await call('GET', LIST('98306'), as.linus)).json().size).toBe(1);
    expect(
      (await call('GET', LIST('98305', '?mediaType=application/pdf'), as.pat)).json().size,
    ).toBe(0);
    expect((await call('GET', LIST('98305', '?limit=0'), as.pat)).json().results).toEqual([]);

    const v2 = await call('GET', V2('att10001'), as.pat);
    expect(v2.statusCode).toBe(200);
    expect(v2.json()).toMatchObject({
      id: 'att10001',
      pageId: '98305',
      mediaType: 'image/png',
      downloadLink: '/rest/api/content/98305/child/attachment/att10001/download',
    });
    expect((await call('GET', V2('att10002'), as.pat)).statusCode).toBe(404);
    expect((await call('GET', V2('att10002'), as.linus)).statusCode).toBe(200);
    expect((await call('GET', V2('nope'), as.linus)).json().errors[0].code).toBe('NOT_FOUND');
  });

  it('C14 a download serves deterministic placeholder bytes with the media type and file name', async () => {
    const first = await call('GET', DOWNLOAD('98330', 'att10004'), as.pat);
    const again = await call('GET', DOWNLOAD('98330', 'att10004'), as.anonymous);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['content-disposition']).toMatch(
      /^attachment; filename=".+"; filename\*=UTF-8''/,
    );
    expect(first.body).toContain('att10004');
    expect(again.body).toBe(first.body);
  });

  it('C15 cannot view → 404; view but attachmentDownload blocks → 403 naming the policy', async () => {
    const blocked = await call('GET', DOWNLOAD('98305', 'att10001'), as.pat);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().message).toContain("organization's data security policy");
    expect(blocked.json().message).toContain(download.id);
    expect((await call('GET', DOWNLOAD('98306', 'att10002'), as.pat)).statusCode).toBe(404);
    expect((await call('GET', DOWNLOAD('98306', 'att10002'), as.linus)).statusCode).toBe(403);
    // An attachment addressed through another page does not exist there.
    expect((await call('GET', DOWNLOAD('98305', 'att10004'), as.pat)).statusCode).toBe(404);
    // Apps: their app user must see the page; the policy then applies to them too.
    expect((await call('GET', DOWNLOAD('98305', 'att10001'), as.reports)).statusCode).toBe(403);
    expect((await call('GET', DOWNLOAD('98330', 'att10004'), as.reports)).statusCode).toBe(200);
  });

  it('C17 the admin key opens hidden pages, not a blocked download', async () => {
    const headers = { 'atl-confluence-with-admin-key': 'true' };
    expect((await call('GET', LIST('98306'), as.sam)).statusCode).toBe(404);
    expect((await call('GET', LIST('98306'), as.sam, undefined, headers)).statusCode).toBe(200);
    const res = await call('GET', DOWNLOAD('98306', 'att10002'), as.sam, undefined, headers);
    expect(res.statusCode).toBe(403);
  });

  it('C13 the v1 list pages with start and limit; next keeps the filters', async () => {
    const first = (
      await call('GET', LIST('98330', '?limit=1&mediaType=application/pdf'), as.pat)
    ).json();
    expect(first.results.map((a: { id: string }) => a.id)).toEqual(['att10004']);
    expect(first._links.next).toBe(
      '/rest/api/content/98330/child/attachment?limit=1&start=1&mediaType=application%2Fpdf',
    );
    const second = (await call('GET', `/wiki${first._links.next}`, as.pat)).json();
    expect(second.results.map((a: { id: string }) => a.id)).toEqual(['att-extra-1']);
    expect(second._links.next).toBeUndefined();
    expect(
      (await call('GET', LIST('98330', '?limit=0'), as.pat)).json()._links.next,
    ).toBeUndefined();
  });
});
