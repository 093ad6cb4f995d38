import { createV1Client, createV2Client, isForbiddenError, isNotFoundError } from 'confluence.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER, world } from '../decision/fixtures.js';
import { DIALECTS, listenTestApp, type TestApp } from '../support/harness.js';
import { ARI, SPACE, policy } from './helpers.js';

type Client = ReturnType<typeof createV2Client>;

/** confluence.js, unmodified, over a real socket, with its response validation on. */
describe.each(DIALECTS)('confluence.js v2 page reads against Gatehouse on %s', (dialect) => {
  let t: TestApp & { url: string };
  let ada: Client;
  let pat: Client;
  let exporter: Client;
  const basic = (name: string) =>
    createV2Client({
      host: t.url,
      auth: { type: 'basic', email: `${name}@acme.test`, apiToken: `${name}-token` },
    });
  beforeAll(async () => {
    t = await listenTestApp(
      dialect,
      world([
        policy('CONTAINER', 'appAccess', 'block', [ARI.space(SPACE.eng)]),
        policy('CONTAINER', 'attachmentDownload', 'block', [ARI.space(SPACE.eng)]),
      ]),
    );
    ada = basic('ada');
    pat = basic('pat');
    exporter = createV2Client({
      host: t.url,
      auth: { type: 'bearer', token: 'exporter-app-token' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('page.getPageById and blogPost.getBlogPostById, with the stored body', async () => {
    const page = await ada.page.getPageById({ id: 98307, bodyFormat: 'storage' });
    expect(page).toMatchObject({
      id: '98307',
      title: 'Q3 plan',
      spaceId: '10005',
      parentId: '98306',
    });
    expect(page.body?.storage?.value).toMatch(/^<p>/);
    expect(page.createdAt).toBeInstanceOf(Date);
    const post = await ada.blogPost.getBlogPostById({ id: 98310 });
    expect(post.id).toBe('98310');
    const hidden = await pat.page.getPageById({ id: 98306 }).catch((e: unknown) => e);
    expect(isNotFoundError(hidden)).toBe(true);
  });

  it('page.getPagesInSpace follows the cursor and leaves hidden subtrees out', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ada.page.getPagesInSpace({ id: Number(SPACE.eng), limit: 2, cursor });
      seen.push(...(page.results ?? []).map((p) => p.id!));
      const next = page._links?.next;
      cursor = next ? new URL(next, t.url).searchParams.get('cursor')! : undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual(['98305', '98306', '98307', '98308', '98309']);
    const forPat = await pat.page.getPagesInSpace({ id: Number(SPACE.eng) });
    expect(forPat.results?.map((p) => p.id)).toEqual(['98305', '98309']);
  });

  it('children.getChildPages, attachment.getAttachmentById, operation.getPageOperations', async () => {
    const children = await pat.children.getChildPages({ id: 98305 });
    expect(children.results?.map((c) => c.id)).toEqual(['98309']);
    const attachment = await pat.attachment.getAttachmentById({ id: 'att10001' });
    expect(attachment).toMatchObject({ pageId: '98305', mediaType: 'image/png' });
    const operations = await ada.operation.getPageOperations({ id: 98307 });
    expect(operations.operations?.map((o) => o.operation)).toContain('update');
    const blog = await pat.operation.getBlogPostOperations({ id: 98310 });
    expect(blog.operations?.map((o) => o.operation)).toEqual(['read', 'export']);
  });

  it('an app blocked by appAccess: 404 in the blocked space, lists elsewhere', async () => {
    const blocked = await exporter.page.getPageById({ id: 98305 }).catch((e: unknown) => e);
    expect(isNotFoundError(blocked)).toBe(true);
    const pub = await exporter.page.getPagesInSpace({ id: Number(SPACE.pub) });
    expect(pub.results?.map((p) => p.id)).toEqual(['98330', '98331']);
  });

  it('v1: contentPermissions.checkContentPermission and contentAttachments.downloadAttatchment', async () => {
    const v1 = createV1Client({
      host: t.url,
      auth: { type: 'basic', email: 'sam@acme.test', apiToken: 'sam-token' },
    });
    const checked = await v1.contentPermissions.checkContentPermission({
      id: '98306',
      subject: { type: 'user', identifier: USER.pat },
      operation: 'read',
    });
    expect(checked.hasPermission).toBe(false);
    expect(checked.errors?.[0]).toMatchObject({
      translation: 'User does not have permission to the content',
    });
    const file = await v1.contentAttachments.downloadAttatchment({
      id: '98330',
      attachmentId: 'att10004',
    });
    const bytes = ArrayBuffer.isView(file)
      ? Buffer.from(file.buffer, file.byteOffset, file.byteLength)
      : Buffer.from(new Uint8Array(file));
    expect(bytes.toString('utf8')).toContain('att10004');
    const blocked = await v1.contentAttachments
      .downloadAttatchment({ id: '98305', attachmentId: 'att10001' })
      .catch((e: unknown) => e);
    expect(isForbiddenError(blocked)).toBe(true);
  });
});
