import { afterEach, describe, expect, it } from 'vitest';
import type { TenantPolicy } from '../../src/tenant/schema.js';
import { admin, spaceAri } from '../admin/helpers.js';
import { DIALECTS, basic, type TestApp } from '../support/harness.js';
import { ARI, LEVEL, SPACE, as, policy, request, startWith } from '../classification/helpers.js';

const LINK = '/wiki/external/pl-7f3c1d2a';

describe.each(DIALECTS)('public links on %s', (dialect) => {
  let t: TestApp;
  const call = request(() => t);
  const start = async (policies: TenantPolicy[] = []) => {
    t = await startWith(dialect, policies);
  };
  const status = async (who = '') => (await call('GET', LINK, who)).statusCode;
  afterEach(async () => {
    await t.close();
  });

  it('E21 a public link serves the page to anyone, with no login, while the engine allows it', async () => {
    await start();
    const res = await call('GET', LINK, '');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<title>Product overview</title>');
    expect(res.body).toContain('<p>What Acme makes.</p>');
    // any caller sees the same page; page restrictions do not apply to public links
    expect(await status(as.pat)).toBe(200);
    await t.storage.db
      .insertInto('content_restrictions')
      .values({
        org_id: t.index.snapshot().sites()[0]!.orgId,
        content_id: '98330',
        operation: 'read',
        subject_type: 'user',
        subject_id: '5b10ac8d82e05b22cc7d4ef5',
      })
      .execute();
    await t.index.rebuild();
    expect(await status(as.pat)).toBe(200);
    // wrong credentials are still refused as credentials, never treated as anonymous
    expect(await status(basic('pat@acme.test', 'wrong'))).toBe(401);
    const unknown = await call('GET', '/wiki/external/no-such-link', '');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/^This content can't be found/);
    await t.storage.db.updateTable('public_links').set({ enabled: 0 }).execute();
    await t.index.rebuild();
    expect(await status()).toBe(404);
  });

  it('E22 a publicLinks block covering the page hides it: 404, whatever the other rules say', async () => {
    await start([
      policy('ORG', 'publicLinks', 'allow'),
      policy('CLASSIFICATION', 'publicLinks', 'block', [ARI.level(LEVEL.public)]),
    ]);
    expect(await status()).toBe(404);
    await t.close();
    await start([policy('ORG', 'publicLinks', 'block')]);
    expect(await status()).toBe(404);
    await t.close();
    await start([
      policy('ORG', 'publicLinks', 'block'),
      policy('CONTAINER', 'publicLinks', 'allow', [ARI.space(SPACE.pub)]),
    ]);
    expect(await status()).toBe(200);
  });

  it('E23 (D13) publishing a block turns the link off for good: a later allow does not bring it back', async () => {
    await start();
    const api = admin(t);
    const org = await api.draft({ level: 'ORG', rule: { publicLinks: { effect: 'allow' } } });
    await api.publish('publicLinks', [
      { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
    ]);
    expect(await status()).toBe(200);
    const block = await api.draft({
      level: 'CONTAINER',
      rule: { publicLinks: { effect: 'block' } },
    });
    expect(
      (await api.resources(block, [{ operation: 'ADD', resourceAri: spaceAri(SPACE.pub) }]))
        .statusCode,
    ).toBe(204);
    const published = await api.publish('publicLinks', [
      { policyId: block, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
    ]);
    expect(published.statusCode).toBe(202);
    expect(await status()).toBe(404);
    const removed = await api.publish('publicLinks', [
      { policyId: block, action: 'DELETE', policyCoverageLevel: 'CONTAINER' },
    ]);
    expect(removed.statusCode).toBe(202);
    // the rule allows again, but the link stays off
    expect(await status()).toBe(404);
    const row = await t.storage.db
      .selectFrom('public_links')
      .select('enabled')
      .where('id', '=', 'pl-7f3c1d2a')
      .executeTakeFirstOrThrow();
    expect(row.enabled).toBe(0);
  });
});
