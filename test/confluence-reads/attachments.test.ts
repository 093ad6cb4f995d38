import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestApp } from '../support/harness.js';
import { openApiDocErrors } from '../support/openapi.js';
import { ARI, SPACE, as, caller, policy, startWith } from './helpers.js';

const LIST = (id: string, query = '') => `/wiki/rest/api/content/${id}/child/attachment${query}`;
const DOWNLOAD = (id: string, att: string) =>
  `/wiki/rest/api/content/${id}/child/attachment/${att}/download`;
const V2 = (id: string) => `/wiki/api/v2/attachments/${id}`;

describe.each(DIALECTS)('Confluence attachments on %s', (dialect) => {
  let t: TestApp;
  const call = caller(() => t);
  const download = policy('CONTAINER', 'attachmentDownload', 'block', [ARI.space(SPACE.eng)]);
  beforeAll(async () => {
    t = await startWith(dialect, [download]);
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
});
