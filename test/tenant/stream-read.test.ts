import { describe, expect, it } from 'vitest';
import {
  documentPageRecords,
  documentSkeleton,
  type PageRecord,
} from '../../src/tenant/page-records.js';
import { digestTenant, TenantFileError } from '../../src/tenant/parse.js';
import { readTenantStream } from '../../src/tenant/stream-read.js';
import { TenantDigest } from '../../src/tenant/page-records.js';
import { demoTenant } from '../support/harness.js';

/** The text in chunks of `size` bytes, as a file stream hands them over. */
async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function streamed(text: string, size = 7, skeleton = true) {
  const records: PageRecord[] = [];
  const document = await readTenantStream(chunked(text, size), 'world.json', {
    skeleton,
    onPage: (r) => records.push(r),
  });
  return { document, records };
}

describe('T21 a JSON tenant file read as a stream', () => {
  it('T21 yields the skeleton and every page record the whole document has, in the same order', async () => {
    const doc = demoTenant();
    for (const size of [1, 7, 4096]) {
      const { document, records } = await streamed(JSON.stringify(doc, null, 2), size);
      expect(document).toEqual(documentSkeleton(doc));
      expect(records).toEqual([...documentPageRecords(doc)]);
    }
  });

  it('T21 the digest from the stream equals the digest of the parsed document', async () => {
    const doc = demoTenant();
    const { document, records } = await streamed(JSON.stringify(doc));
    const digest = new TenantDigest().skeleton(document);
    for (const r of records) digest.page(r);
    expect(digest.hex()).toBe(digestTenant(doc));
  });

  it('T21 without the skeleton only pages are assembled', async () => {
    const doc = demoTenant();
    const { document, records } = await streamed(JSON.stringify(doc), 64, false);
    expect(records).toEqual([...documentPageRecords(doc)]);
    expect((document as { orgs: unknown[] }).orgs).toHaveLength(doc.orgs.length);
    expect(JSON.stringify(document)).not.toContain('"users"');
  });

  it('T21 children before the id: built, then recorded like the others; unicode survives a split', async () => {
    const text =
      '{"orgs":[{"id":"o","name":"O","sites":[{"spaces":[{"id":"s","pages":[' +
      '{"children":[{"id":"c1","title":"Ünïcødé 📄"},{"title":"c2","id":"c2","children":[{"id":"g","title":"g"}]}],"id":"p","title":"P"},' +
      '{"id":"q","title":"Q","children":[{"id":"r","title":"R"}]}]}]}]}]}';
    const doc = JSON.parse(text) as unknown;
    for (const size of [1, 3, 5]) {
      const { document, records } = await streamed(text, size);
      expect(document).toEqual(documentSkeleton(doc));
      expect(records).toEqual([...documentPageRecords(doc)]);
    }
    const { records } = await streamed(text);
    expect(records.map((r) => [r.page.id, r.parentId, r.position, r.childCount])).toEqual([
      ['c1', 'p', 0, 0],
      ['g', 'c2', 0, 0],
      ['c2', 'p', 1, 1],
      ['p', null, 0, 2],
      ['r', 'q', 0, 0],
      ['q', null, 1, 1],
    ]);
    expect(records[0]!.path).toBe('orgs[0].sites[0].spaces[0].pages[0].children[0]');
  });

  it('T21 what is not a page still comes out as a record, for the check to name', async () => {
    const text =
      '{"orgs":[{"sites":[{"spaces":[{"pages":[5,{"id":"p","children":[null,[1]]}]}]}]}]}';
    const { records } = await streamed(text);
    expect(records.map((r) => [r.path, r.page])).toEqual([
      ['orgs[0].sites[0].spaces[0].pages[0]', 5],
      ['orgs[0].sites[0].spaces[0].pages[1].children[0]', null],
      ['orgs[0].sites[0].spaces[0].pages[1].children[1]', [1]],
      ['orgs[0].sites[0].spaces[0].pages[1]', { id: 'p' }],
    ]);
    expect([...documentPageRecords(JSON.parse(text))]).toEqual(records);
  });

  it('T21 a key "__proto__" is kept as data, as JSON.parse keeps it', async () => {
    const text = '{"orgs":[],"__proto__":{"polluted":true}}';
    const { document } = await streamed(text);
    expect(document).toEqual(JSON.parse(text));
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it.each([
    ['cut short', '{"orgs":[{"id":"o"'],
    ['a trailing comma', '{"orgs":[1,]}'],
    ['a missing colon', '{"orgs" []}'],
    ['text after the document', '{"orgs":[]} {"orgs":[]}'],
    ['not JSON at all', 'orgs: []'],
    ['a bad escape', '{"orgs":["\\x"]}'],
    ['an empty file', ''],
  ])('T21 %s: a TenantFileError that says the file is not valid JSON', async (_name, text) => {
    await expect(streamed(text, 3)).rejects.toThrow(TenantFileError);
    await expect(streamed(text, 3)).rejects.toThrow(/not valid JSON/);
  });

  it('T21 a key given twice where pages are placed is refused, by its path', async () => {
    const text = '{"orgs":[{"id":"o","sites":[{"spaces":[{"pages":[],"pages":[{"id":"p"}]}]}]}]}';
    await expect(streamed(text)).rejects.toThrow(
      'orgs[0].sites[0].spaces[0].pages: given twice in one object',
    );
    await expect(streamed('{"orgs":[],"orgs":[]}')).rejects.toThrow('orgs: given twice');
    // elsewhere a repeated key is JSON.parse's: the last one
    const { document } = await streamed('{"orgs":[{"id":"o","users":[],"name":"a","name":"b"}]}');
    expect(document).toEqual({ orgs: [{ id: 'o', users: [], name: 'b' }] });
  });

  it('T21 whitespace after the document is fine', async () => {
    const { document } = await streamed('{"orgs":[]}\n\n  \n', 2);
    expect(document).toEqual({ orgs: [] });
  });
});
