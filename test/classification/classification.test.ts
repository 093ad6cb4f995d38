import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withoutLatestImport } from '../support/round-trip.js';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { admin, levelAri } from '../admin/helpers.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import {
  LEVEL,
  SPACE,
  as,
  ADMIN_KEY,
  policy,
  ARI,
  request,
  startWith,
  v2Error,
} from './helpers.js';

const V2 = '/wiki/api/v2';
const pageLevel = (id: string) => `${V2}/pages/${id}/classification-level`;
const blogLevel = (id: string) => `${V2}/blogposts/${id}/classification-level`;
const spaceDefault = (id: string) => `${V2}/spaces/${id}/classification-level/default`;
const pdf = (id: string) => `/wiki/spaces/flyingpdf/pdfpageexport.action?pageId=${id}`;

interface PageNode {
  id: string;
  classification?: string | null;
  children?: PageNode[];
}

function findPage(spaces: { pages?: PageNode[] }[], id: string): PageNode | undefined {
  const walk = (pages: PageNode[] = []): PageNode | undefined => {
    for (const page of pages) {
      const found = page.id === id ? page : walk(page.children);
      if (found) return found;
    }
    return undefined;
  };
  for (const space of spaces) {
    const found = walk(space.pages);
    if (found) return found;
  }
  return undefined;
}

describe.each(DIALECTS)('classification (Confluence v2) on %s', (dialect) => {
  let t: TestApp;
  const call = request(() => t);
  const levelOf = async (url: string, who = as.ada) => {
    const res = await call('GET', url, who);
    return res.statusCode === 200 ? (res.json() as { id: string }).id : res.statusCode;
  };
  beforeEach(async () => {
    t = await startWith(dialect, [
      policy('ORG', 'export', 'allow'),
      policy('CLASSIFICATION', 'export', 'block', [ARI.level(LEVEL.highly)]),
    ]);
  });
  afterEach(async () => {
    await t.close();
  });

  it('E1 lists every level of the org by order in the v2 shape; anonymous is 401', async () => {
    const res = await call('GET', `${V2}/classification-levels`, as.pat);
    expect(res.statusCode).toBe(200);
    const levels = res.json() as Record<string, unknown>[];
    expect(levels.map((l) => l.name)).toEqual([
      'Highly confidential',
      'Confidential',
      'Internal',
      'Public',
    ]);
    expect(levels[0]).toEqual({
      id: LEVEL.highly,
      status: 'PUBLISHED',
      order: 1,
      name: 'Highly confidential',
      guideline: 'Named people only. Never export.',
      color: 'RED_BOLD',
    });
    expect((await call('GET', `${V2}/classification-levels`, as.reports)).statusCode).toBe(200);
    const anonymous = await call('GET', `${V2}/classification-levels`, '');
    expect(anonymous.statusCode).toBe(401);
    expect(v2Error(anonymous).code).toBe('UNAUTHORIZED');
  });

  it('E2 reading a level needs view: hidden content is the same 404 as missing', async () => {
    expect(await levelOf(pageLevel('98308'), as.pat)).toBe(404);
    expect(await levelOf(pageLevel('99999'), as.pat)).toBe(404);
    expect(await levelOf(pageLevel('98308'), as.linus)).toBe(LEVEL.highly);
    // a blog post is not a page, and the reverse
    expect(await levelOf(pageLevel('98310'))).toBe(404);
    expect(await levelOf(blogLevel('98305'))).toBe(404);
  });

  it('E3 the level read is the effective one: own, else space default, else org default', async () => {
    expect(await levelOf(pageLevel('98309'))).toBe(LEVEL.public); // own
    expect(await levelOf(pageLevel('98305'))).toBe(LEVEL.confidential); // ENG default
    expect(await levelOf(pageLevel('98331'))).toBe(LEVEL.internal); // org default
    expect(await levelOf(blogLevel('98310'))).toBe(LEVEL.confidential);
  });

  it('E4 no level anywhere is 404; a space without default is 404', async () => {
    const { storage } = t;
    await storage.db.updateTable('orgs').set({ default_classification: null }).execute();
    await t.index.rebuild();
    const res = await call('GET', pageLevel('98331'), as.ada);
    expect(res.statusCode).toBe(404);
    expect(v2Error(res).detail).toMatch(/has no classification level/);
    const space = await call('GET', spaceDefault(SPACE.pub), as.ada);
    expect(space.statusCode).toBe(404);
    expect(v2Error(space).detail).toMatch(/no default classification level/);
  });

  it('E5 asking for a draft or archived version finds nothing', async () => {
    expect((await call('GET', `${pageLevel('98309')}?status=draft`, as.ada)).statusCode).toBe(404);
    expect((await call('GET', `${pageLevel('98309')}?status=current`, as.ada)).statusCode).toBe(
      200,
    );
    const draftPut = await call('PUT', pageLevel('98305'), as.ada, {
      id: LEVEL.public,
      status: 'draft',
    });
    expect(draftPut.statusCode).toBe(404);
    expect(await levelOf(pageLevel('98305'))).toBe(LEVEL.confidential);
  });

  it('E6 PUT sets the page level and reset returns it to the space default, at once', async () => {
    const orgId = t.index.snapshot().sites()[0]!.orgId;
    const before = t.index.org(orgId);
    // another instance on the same database follows through the change log
    const other = await WorldIndex.load(t.storage);
    const put = await call('PUT', pageLevel('98305'), as.ada, {
      id: LEVEL.public,
      status: 'current',
    });
    expect(put.statusCode).toBe(204);
    expect(put.body).toBe('');
    expect(await levelOf(pageLevel('98305'))).toBe(LEVEL.public);
    // applied incrementally: a new snapshot that shares every page the write did not touch,
    // while the snapshot a request took before the write still shows the old level
    const after = t.index.org(orgId)!;
    expect(after).not.toBe(before);
    expect(after.users).toBe(before!.users);
    expect(after.spaces).toBe(before!.spaces);
    expect(after.content.get('98306')).toEqual(before!.content.get('98306'));
    expect(after.content.get('98305')!.classification).toBe(LEVEL.public);
    expect(before!.content.get('98305')!.classification).not.toBe(LEVEL.public);
    const otherBefore = other.org(orgId)!;
    await other.sync();
    expect(other.org(orgId)!.users).toBe(otherBefore.users);
    expect(other.org(orgId)!.content.get('98305')!.classification).toBe(LEVEL.public);
    const space = await call('PUT', spaceDefault(SPACE.pub), as.ada, { id: LEVEL.public });
    expect(space.statusCode).toBe(204);
    await other.sync();
    expect(other.org(orgId)!.users).toBe(otherBefore.users);
    expect(other.org(orgId)!.spaces.get(SPACE.pub)!.defaultClassification).toBe(LEVEL.public);
    const reset = await call('POST', `${pageLevel('98305')}/reset`, as.ada, { status: 'current' });
    expect(reset.statusCode).toBe(204);
    expect(await levelOf(pageLevel('98305'))).toBe(LEVEL.confidential);
    const blog = await call('PUT', blogLevel('98310'), as.ada, {
      id: LEVEL.internal,
      status: 'current',
    });
    expect(blog.statusCode).toBe(204);
    expect(await levelOf(blogLevel('98310'))).toBe(LEVEL.internal);
  });

  it('E7 apps need the read scope to read and the write scope to change a level', async () => {
    expect(await levelOf(pageLevel('98305'), as.reports)).toBe(LEVEL.confidential);
    const denied = await call('PUT', pageLevel('98305'), as.reports, {
      id: LEVEL.public,
      status: 'current',
    });
    expect(denied.statusCode).toBe(401);
    expect(v2Error(denied).detail).toMatch(/scope does not match/);
    const allowed = await call('PUT', pageLevel('98305'), as.exporter, {
      id: LEVEL.public,
      status: 'current',
    });
    expect(allowed.statusCode).toBe(204);
  });

  it('E8 changing a level needs edit: a viewer who cannot edit and a stranger both get 404', async () => {
    const body = { id: LEVEL.public, status: 'current' };
    // Grace views 98307 but its update restriction names only Ada.
    expect((await call('GET', pageLevel('98307'), as.grace)).statusCode).toBe(200);
    expect((await call('PUT', pageLevel('98307'), as.grace, body)).statusCode).toBe(404);
    expect(
      (await call('POST', `${pageLevel('98307')}/reset`, as.grace, { status: 'current' }))
        .statusCode,
    ).toBe(404);
    expect((await call('PUT', pageLevel('98320'), as.pat, body)).statusCode).toBe(404);
    expect((await call('PUT', pageLevel('98307'), as.ada, body)).statusCode).toBe(204);
    // the admin key lets a site admin through
    expect((await call('PUT', pageLevel('98320'), as.sam, body, ADMIN_KEY)).statusCode).toBe(204);
  });

  it('E9 an unknown, draft or archived level is 400 and nothing is written', async () => {
    await t.storage.db
      .insertInto('classification_levels')
      .values([
        {
          id: 'lvl-draft',
          org_id: t.index.snapshot().sites()[0]!.orgId,
          name: 'Draft',
          description: null,
          guideline: null,
          color: null,
          status: 'DRAFT',
          rank: 5,
          position: 10,
        },
        {
          id: 'lvl-archived',
          org_id: t.index.snapshot().sites()[0]!.orgId,
          name: 'Old',
          description: null,
          guideline: null,
          color: null,
          status: 'ARCHIVED',
          rank: 6,
          position: 11,
        },
      ])
      .execute();
    await t.index.rebuild();
    for (const id of ['no-such-level', 'lvl-draft', 'lvl-archived']) {
      const res = await call('PUT', pageLevel('98305'), as.ada, { id, status: 'current' });
      expect(res.statusCode, id).toBe(400);
      expect(v2Error(res).code).toBe('INVALID_REQUEST_PARAMETER');
      expect(v2Error(res).detail).toContain(id);
      const space = await call('PUT', spaceDefault(SPACE.eng), as.ada, { id });
      expect(space.statusCode, id).toBe(400);
    }
    const listed = await call('GET', `${V2}/classification-levels`, as.ada);
    expect((listed.json() as { status: string }[]).map((l) => l.status)).toContain('ARCHIVED');
    expect((await call('PUT', pageLevel('98305'), as.ada, { status: 'current' })).statusCode).toBe(
      400,
    );
    expect(
      (await call('PUT', pageLevel('98305'), as.ada, { id: LEVEL.public, status: 'x' })).statusCode,
    ).toBe(400);
    expect(await levelOf(pageLevel('98305'))).toBe(LEVEL.confidential);
    const changes = await t.storage.db
      .selectFrom('change_log')
      .select('kind')
      .where('kind', 'in', ['content', 'space'])
      .execute();
    expect(changes).toEqual([]);
  });

  it('E10 classification changes change decisions at once (tenant and Admin API policies)', async () => {
    expect((await call('GET', pdf('98305'), as.ada)).statusCode).toBe(200);
    await call('PUT', pageLevel('98305'), as.ada, { id: LEVEL.highly, status: 'current' });
    const blocked = await call('GET', pdf('98305'), as.ada);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().message).toMatch(/data security policy/);
    await call('POST', `${pageLevel('98305')}/reset`, as.ada, { status: 'current' });
    expect((await call('GET', pdf('98305'), as.ada)).statusCode).toBe(200);
    // a CLASSIFICATION block published through the Admin API meets levels set through v2
    const api = admin(t);
    const block = await api.draft({
      level: 'CLASSIFICATION',
      rule: { export: { effect: 'block' } },
    });
    await api.resources(block, [{ operation: 'ADD', resourceAri: levelAri(LEVEL.internal) }]);
    const published = await api.publish('export', [
      { policyId: block, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
    ]);
    expect(published.statusCode).toBe(202);
    // 98331 has no level of its own and PUB no default: the org default (Internal) applies
    expect((await call('GET', pdf('98331'), as.ada)).statusCode).toBe(403);
    expect((await call('GET', pdf('98305'), as.ada)).statusCode).toBe(200);
    await call('PUT', pageLevel('98305'), as.ada, { id: LEVEL.internal, status: 'current' });
    expect((await call('GET', pdf('98305'), as.ada)).statusCode).toBe(403);
    await call('POST', `${pageLevel('98305')}/reset`, as.ada, { status: 'current' });
    expect((await call('GET', pdf('98305'), as.ada)).statusCode).toBe(200);
    // a space default reaches every page of the space without a level of its own
    const setDefault = await call('PUT', spaceDefault(SPACE.pub), as.ada, { id: LEVEL.public });
    expect(setDefault.statusCode).toBe(204);
    expect((await call('GET', pdf('98331'), as.ada)).statusCode).toBe(200);
    expect((await call('DELETE', spaceDefault(SPACE.pub), as.ada)).statusCode).toBe(204);
    expect((await call('GET', pdf('98331'), as.ada)).statusCode).toBe(403);
  });

  it('E11 space default: view to read it, Admin to change it (viewer 403, stranger 404)', async () => {
    const get = await call('GET', spaceDefault(SPACE.eng), as.pat);
    expect(get.statusCode).toBe(200);
    expect(get.json().id).toBe(LEVEL.confidential);
    expect((await call('GET', spaceDefault(SPACE.fin), as.pat)).statusCode).toBe(404);
    expect((await call('GET', spaceDefault('99999'), as.ada)).statusCode).toBe(404);
    const viewer = await call('PUT', spaceDefault(SPACE.eng), as.pat, { id: LEVEL.public });
    expect(viewer.statusCode).toBe(403);
    expect(v2Error(viewer).code).toBe('FORBIDDEN');
    expect((await call('DELETE', spaceDefault(SPACE.eng), as.pat)).statusCode).toBe(403);
    expect(
      (await call('PUT', spaceDefault(SPACE.fin), as.pat, { id: LEVEL.public })).statusCode,
    ).toBe(404);
    const put = await call('PUT', spaceDefault(SPACE.eng), as.ada, {
      id: LEVEL.public,
      status: 'current',
    });
    expect(put.statusCode).toBe(204);
    expect(await levelOf(spaceDefault(SPACE.eng))).toBe(LEVEL.public);
    expect(await levelOf(pageLevel('98305'))).toBe(LEVEL.public);
    expect(await levelOf(pageLevel('98308'), as.linus)).toBe(LEVEL.highly); // own level stays
    expect((await call('DELETE', spaceDefault(SPACE.eng), as.ada)).statusCode).toBe(204);
    expect(await levelOf(spaceDefault(SPACE.eng))).toBe(404);
    expect(await levelOf(pageLevel('98305'))).toBe(LEVEL.internal); // org default
  });

  it('E12 classification writes reach the tenant export, and the export imports back', async () => {
    await call('PUT', pageLevel('98331'), as.ada, { id: LEVEL.confidential, status: 'current' });
    await call('PUT', spaceDefault(SPACE.fin), as.fiona, { id: LEVEL.internal });
    await call('POST', `${pageLevel('98309')}/reset`, as.ada, { status: 'current' });
    const file = await exportTenant(t.storage);
    const text = JSON.stringify(file);
    const spaces = (file.orgs[0]!.sites ?? []).flatMap((s) => s.spaces ?? []);
    expect(spaces.find((s) => s.id === SPACE.fin)!.defaultClassification).toBe(LEVEL.internal);
    expect(findPage(spaces, '98331')?.classification).toBe(LEVEL.confidential);
    expect(findPage(spaces, '98309')).toBeDefined();
    expect(findPage(spaces, '98309')?.classification ?? null).toBeNull();
    const again = await startTestApp(dialect, null);
    try {
      await importTenant(again.storage, file, 'round trip');
      expect(JSON.stringify(withoutLatestImport(await exportTenant(again.storage)))).toBe(text);
    } finally {
      await again.close();
    }
  });
});
