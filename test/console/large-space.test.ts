import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTenant, startTestApp, type TestApp } from '../support/harness.js';
import { CLOUD, KEY, signIn } from './helpers.js';

const PAGES = 10_000;

/** A 10,000-page space: the tree is paged, 50 nodes at a time, however large the space. */
describe('the console over a 10,000-page space', () => {
  let t: TestApp;
  beforeAll(async () => {
    const tenant = demoTenant();
    const space = tenant.orgs![0]!.sites![0]!.spaces!.find((s) => s.id === '10005')!;
    space.pages = [
      ...(space.pages ?? []),
      ...Array.from({ length: PAGES }, (_, i) => ({
        id: String(500_000 + i),
        title: `Bulk page ${i}`,
      })),
    ];
    t = await startTestApp('sqlite', tenant);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('K27 a space of 10,000 root pages shows 50 nodes and a link to the next 50, which appends in place', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const first = await admin.get(`/console/world/${CLOUD}/spaces/10005`);
    expect(first.status).toBe(200);
    const nodes = (html: string) => (html.match(/href="\/console\/content\//g) ?? []).length;
    expect(nodes(first.body)).toBe(50);
    const next = /href="([^"]+\?cursor=[^"]+)" data-more="([^"]+)"/.exec(first.body);
    expect(next).not.toBeNull();
    const more = await admin.get(`${next![1]!.replace(/&amp;/g, '&')}&fragment=1`);
    expect(more.status).toBe(200);
    expect(more.body).not.toContain('<html');
    expect(nodes(more.body)).toBe(50);
    expect(more.body).toContain('data-items');
    expect(more.body).toMatch(/data-more="tree-space-10005-p/);
  });
});
