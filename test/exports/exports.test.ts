import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/presenters/pdf.js';
import { DIALECTS, type TestApp } from '../support/harness.js';
import { ARI, LEVEL, SPACE, as, policy, request, startWith } from '../classification/helpers.js';
import { pdfText, pdfTitle } from './pdf-text.js';

const pdf = (id: string) => `/wiki/spaces/flyingpdf/pdfpageexport.action?pageId=${id}`;
const word = (id: string) => `/wiki/exportword?pageId=${id}`;

interface V1Error {
  statusCode: number;
  message: string;
  data: { authorized: boolean; valid: boolean };
}

describe.each(DIALECTS)('exports by URL on %s', (dialect) => {
  let t: TestApp;
  const call = request(() => t);
  beforeEach(async () => {
    t = await startWith(dialect, [
      policy('ORG', 'export', 'allow'),
      policy('CONTAINER', 'export', 'block', [ARI.space(SPACE.fin)], {
        name: 'No finance exports',
      }),
      policy('CLASSIFICATION', 'export', 'block', [ARI.level(LEVEL.highly)]),
    ]);
  });
  afterEach(async () => {
    await t.close();
  });

  it('E16 export = may view and export not blocked; blocked is 403 naming the policy', async () => {
    expect((await call('GET', pdf('98305'), as.ada)).statusCode).toBe(200);
    expect((await call('GET', word('98305'), as.ada)).statusCode).toBe(200);
    for (const url of [pdf('98321'), word('98321')]) {
      const res = await call('GET', url, as.fiona);
      expect(res.statusCode, url).toBe(403);
      const body = res.json() as V1Error;
      expect(body.statusCode).toBe(403);
      expect(body.data.authorized).toBe(false);
      expect(body.message).toBe(
        `Exporting "Budget 2027" is blocked by your organization's data security policy ("No finance exports")`,
      );
    }
    // classification: Q3 risks is Highly confidential
    expect((await call('GET', pdf('98308'), as.linus)).statusCode).toBe(403);
    // anonymous may export what anonymous may view (PUB), and nothing else
    expect((await call('GET', pdf('98330'), '')).statusCode).toBe(200);
    expect((await call('GET', pdf('98305'), '')).statusCode).toBe(404);
    // an app: its own access, plus the export rule
    expect((await call('GET', pdf('98305'), as.reports)).statusCode).toBe(200);
    // the finance tree is read-restricted to the finance group: hidden from the app, so 404
    expect((await call('GET', pdf('98321'), as.reports)).statusCode).toBe(404);
  });

  it('E17 hidden content is the same 404 as missing; an app without the read scope is 401', async () => {
    for (const id of ['98320', '99999']) {
      const res = await call('GET', pdf(id), as.pat);
      expect(res.statusCode, id).toBe(404);
      expect((res.json() as V1Error).message).toBe(`No content found with id: ${id}`);
      expect((await call('GET', word(id), as.pat)).statusCode).toBe(404);
    }
    await t.storage.db.updateTable('apps').set({ scopes: '[]' }).execute();
    await t.index.rebuild();
    const res = await call('GET', pdf('98305'), as.reports);
    expect(res.statusCode).toBe(401);
    expect((res.json() as V1Error).message).toMatch(/scope does not match/);
  });

  it('E18 a missing or malformed pageId is 400 in the Confluence v1 format', async () => {
    for (const url of [
      '/wiki/spaces/flyingpdf/pdfpageexport.action',
      '/wiki/spaces/flyingpdf/pdfpageexport.action?pageId=',
      '/wiki/exportword',
      pdf('98305%3Cscript%3E'),
      word('a%20b'),
    ]) {
      const res = await call('GET', url, as.ada);
      expect(res.statusCode, url).toBe(400);
      const body = res.json() as V1Error;
      expect(body).toMatchObject({ statusCode: 400, data: { valid: false } });
      expect(body.message).toMatch(/pageId/);
    }
  });

  it('E19 a real PDF and a Word-readable document with title, space, classification and body', async () => {
    const res = await call('GET', pdf('98308'), as.ada);
    expect(res.statusCode).toBe(403); // sanity: Highly confidential stays blocked
    const ok = await call('GET', pdf('98309'), as.ada);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    expect(ok.headers['content-disposition']).toBe(
      `attachment; filename="Onboarding guide.pdf"; filename*=UTF-8''Onboarding%20guide.pdf`,
    );
    const bytes = ok.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(pdfTitle(bytes)).toBe('Onboarding guide');
    const text = pdfText(bytes).join('\n');
    expect(text).toContain('Onboarding guide');
    expect(text).toContain('Start here.');
    expect(text).toContain('Engineering (ENG)');
    expect(text).toContain('Classification: Public');
    const doc = await call('GET', word('98305'), as.ada);
    expect(doc.headers['content-type']).toBe('application/msword; charset=utf-8');
    expect(doc.headers['content-disposition']).toMatch(
      /^attachment; filename="Engineering home.doc"/,
    );
    expect(doc.body).toMatch(
      /^<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"/,
    );
    expect(doc.body).toContain('<h1>Engineering home</h1>');
    expect(doc.body).toContain('<p>Welcome to Engineering.</p>');
    expect(doc.body).toContain('Classification: Confidential');
  });

  it('E20 bodies are reduced to escaped text: markup and macros never pass through', async () => {
    await t.storage.db
      .updateTable('content')
      .set({
        body: '<h2>Plan &amp; risks</h2><p>Use <strong>care</strong> &lt;here&gt;</p><script>alert(1)</script><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x < y]]></ac:plain-text-body></ac:structured-macro>',
      })
      .where('id', '=', '98305')
      .execute();
    const doc = (await call('GET', word('98305'), as.ada)).body;
    expect(doc).toContain('<p>Plan &amp; risks</p>');
    expect(doc).toContain('<p>Use care &lt;here&gt;</p>');
    expect(doc).toContain('<p>x &lt; y</p>');
    expect(doc).not.toContain('alert');
    const uncompressed = await renderPdf(
      {
        title: 'T',
        spaceName: 'S',
        spaceKey: 'K',
        classification: null,
        blocks: ['Plan & risks'],
      },
      { compress: false },
    );
    expect(uncompressed.toString('latin1')).not.toContain('/FlateDecode');
    expect(pdfText(uncompressed)).toContain('Plan & risks');
  });
});
