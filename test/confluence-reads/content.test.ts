import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world } from '../decision/fixtures.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { openApiDocErrors } from '../support/openapi.js';
import { ADMIN_KEY, ARI, SPACE, as, caller, policy, startWith } from './helpers.js';

const V1 = (id: string) => `/wiki/rest/api/content/${id}`;
const PAGE = (id: string) => `/wiki/api/v2/pages/${id}`;
const BLOG = (id: string) => `/wiki/api/v2/blogposts/${id}`;

describe.each(DIALECTS)('Confluence content reads on %s', (dialect) => {
  let t: TestApp;
  const call = caller(() => t);
  beforeAll(async () => {
    // Apps are blocked from ENG by appAccess; the exporter is allowed again in PUB explicitly.
    t = await startWith(dialect, [
      policy('ORG', 'appAccess', 'allow'),
      policy('CONTAINER', 'appAccess', 'block', [ARI.space(SPACE.eng)]),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  const status = async (url: string, who: string, headers: Record<string, string> = {}) =>
    (await call('GET', url, who, undefined, headers)).statusCode;

  it('C1 the caller is the subject: users, the admin key only for site admins, anonymous', async () => {
    expect(await status(V1('98306'), as.linus)).toBe(200);
    expect(await status(V1('98306'), as.pat)).toBe(404);
    expect(await status(V1('98306'), as.sam)).toBe(404);
    expect(await status(V1('98306'), as.sam, ADMIN_KEY)).toBe(200);
    expect(await status(PAGE('98306'), as.sam, ADMIN_KEY)).toBe(200);
    expect(await status(V1('98306'), as.pat, ADMIN_KEY)).toBe(404);
    expect(await status(V1('98330'), as.anonymous)).toBe(200);
    expect(await status(PAGE('98332'), as.anonymous)).toBe(404);
  });

  it('C2 an app without the read scope is refused with 401 before any lookup', async () => {
    const noScope = await startTestApp(
      dialect,
      world([], (tenant) => {
        tenant.orgs[0]!.apps!.find((a) => a.key === 'com.acme.reports')!.scopes = [];
      }),
    );
    try {
      const res = await noScope.app.inject({
        method: 'GET',
        url: PAGE('98330'),
        headers: { authorization: as.reports },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().errors[0].detail).toContain('scope');
      expect(await status(PAGE('98330'), as.reports)).toBe(200);
    } finally {
      await noScope.close();
    }
  });

  it('C3 no history is kept: version 1, created at the epoch', async () => {
    const v2 = (await call('GET', PAGE('98305'), as.ada)).json();
    expect(v2.version).toEqual({
      createdAt: '1970-01-01T00:00:00.000Z',
      message: '',
      number: 1,
      minorEdit: false,
    });
    const v1 = (await call('GET', V1('98305'), as.ada)).json();
    expect(v1.version.number).toBe(1);
    expect(v1.version.when).toBe('1970-01-01T00:00:00.000Z');
  });

  it('C4 hidden is the same 404 as missing, on v1 and v2, for pages, blog posts and attachments', async () => {
    const hidden = await call('GET', V1('98306'), as.pat);
    const missing = await call('GET', V1('99999'), as.pat);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().message).toBe('No content found with id: 98306');
    expect(missing.json().message).toBe('No content found with id: 99999');
    expect(Object.keys(hidden.json()).sort()).toEqual(Object.keys(missing.json()).sort());
    const v2 = await call('GET', PAGE('98306'), as.pat);
    expect(v2.statusCode).toBe(404);
    expect(v2.json().errors[0]).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // A blog post is not a page and a page is not a blog post.
    expect(await status(PAGE('98310'), as.ada)).toBe(404);
    expect(await status(BLOG('98305'), as.ada)).toBe(404);
    expect(await status(BLOG('98310'), as.ada)).toBe(200);
    // An attachment of a hidden page is hidden too.
    expect(await status(V1('att10002'), as.pat)).toBe(404);
    expect(await status(V1('att10002'), as.linus)).toBe(200);
    // Finance is not a space Pat may read.
    expect(await status(PAGE('98321'), as.pat)).toBe(404);
  });

  it('C5 the v1 content object: default space and version, expansions, OpenAPI Content', async () => {
    const plain = (await call('GET', V1('98307'), as.ada)).json();
    expect(plain).toMatchObject({ id: '98307', type: 'page', status: 'current', title: 'Q3 plan' });
    expect(plain.space).toMatchObject({ id: 10005, key: 'ENG', name: 'Engineering' });
    expect(plain.ancestors).toBeUndefined();
    expect(plain._expandable).toMatchObject({ ancestors: '', body: '' });
    expect(openApiDocErrors('confluence-v1', 'Content', plain)).toEqual([]);

    const full = (
      await call('GET', `${V1('98307')}?expand=ancestors,body.storage,container`, as.ada)
    ).json();
    expect(full.ancestors.map((a: { id: string }) => a.id)).toEqual(['98305', '98306']);
    expect(full.body.storage.representation).toBe('storage');
    expect(full.body.storage.value).toMatch(/^<p>/);
    expect(full._expandable.ancestors).toBeUndefined();
    expect(openApiDocErrors('confluence-v1', 'Content', full)).toEqual([]);

    const restricted = (
      await call(
        'GET',
        `${V1('98306')}?expand=restrictions.read.restrictions.user,restrictions.update.restrictions.group`,
        as.linus,
      )
    ).json();
    expect(
      restricted.restrictions.read.restrictions.user.results.map(
        (u: { accountId: string }) => u.accountId,
      ),
    ).toEqual(['5b10ac8d82e05b22cc7d4ef7']);
    expect(restricted.restrictions.read.restrictions.group.results[0].name).toBe('engineering');
    expect(restricted._expandable.restrictions).toBeUndefined();
    expect(openApiDocErrors('confluence-v1', 'Content', restricted)).toEqual([]);

    const blog = (await call('GET', V1('98310'), as.ada)).json();
    expect(blog.type).toBe('blogpost');
    expect(openApiDocErrors('confluence-v1', 'Content', blog)).toEqual([]);

    const attachment = (await call('GET', `${V1('att10001')}?expand=container`, as.ada)).json();
    expect(attachment).toMatchObject({
      id: 'att10001',
      type: 'attachment',
      container: { id: '98305' },
      metadata: { mediaType: 'image/png' },
      _links: { download: '/rest/api/content/98305/child/attachment/att10001/download' },
    });
    expect(openApiDocErrors('confluence-v1', 'Content', attachment)).toEqual([]);
  });

  it('C6 v2 pages and blog posts: parent only for child pages, body-format=storage', async () => {
    const root = (await call('GET', PAGE('98305'), as.ada)).json();
    expect(root).toMatchObject({ id: '98305', spaceId: '10005', status: 'current', position: 0 });
    expect(root.parentId).toBeUndefined();
    expect(root.body).toBeUndefined();
    const child = (await call('GET', `${PAGE('98307')}?body-format=storage`, as.ada)).json();
    expect(child).toMatchObject({ parentId: '98306', parentType: 'page' });
    expect(child.body.storage.representation).toBe('storage');
    expect(child.body.storage.value).toMatch(/^<p>/);
    expect(openApiDocErrors('confluence-v2', 'PageSingle', root)).toEqual([]);
    expect(openApiDocErrors('confluence-v2', 'PageSingle', child)).toEqual([]);
    const blog = (await call('GET', `${BLOG('98310')}?body-format=storage`, as.ada)).json();
    expect(blog).toMatchObject({ id: '98310', spaceId: '10005', title: expect.any(String) });
    expect(blog.body.storage.value).toMatch(/^<p>/);
    expect((await call('GET', `${PAGE('98305')}?body-format=wiki`, as.ada)).statusCode).toBe(400);
  });

  it('C16 an app blocked by appAccess gets 404; elsewhere its app user and scopes decide', async () => {
    expect(await status(PAGE('98305'), as.exporter)).toBe(404);
    expect(await status(V1('98305'), as.exporter)).toBe(404);
    expect(await status(`/wiki/api/v2/spaces/${SPACE.eng}/pages`, as.exporter)).toBe(404);
    expect(await status(PAGE('98330'), as.exporter)).toBe(200);
    // PUB: the staff-only page is restricted to a group the app user is not in (R9).
    expect(await status(PAGE('98332'), as.exporter)).toBe(404);
    const listed = (
      await call('GET', `/wiki/api/v2/spaces/${SPACE.pub}/pages`, as.exporter)
    ).json();
    expect(listed.results.map((p: { id: string }) => p.id)).toEqual(['98330', '98331']);
  });

  it('C17 the admin key bypasses restrictions and space permissions on every read, never policies', async () => {
    const list = await call(
      'GET',
      `/wiki/api/v2/spaces/${SPACE.fin}/pages`,
      as.sam,
      undefined,
      ADMIN_KEY,
    );
    expect(list.json().results.map((p: { id: string }) => p.id)).toEqual([
      '98320',
      '98321',
      '98322',
    ]);
    expect(await status(`/wiki/api/v2/spaces/${SPACE.fin}/pages`, as.sam)).toBe(404);
    expect(await status('/wiki/api/v2/pages/98320/operations', as.sam, ADMIN_KEY)).toBe(200);
  });
});
