import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefersJson } from '../../src/http/routes/root.js';
import { demoTenant, startTestApp, type TestApp } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('GET / with the demo tenant', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a browser gets a small self-contained page: the APIs, /openapi.json, the docs, the demo credentials', async () => {
    const res = await t.app.inject({ url: '/', headers: { accept: BROWSER } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body;
    for (const text of [
      '<code>/admin/control/</code>',
      '<code>/wiki/rest/api/</code>',
      '<code>/wiki/api/v2/</code>',
      '<code>/gatehouse/v1/</code>',
      'href="/openapi.json"',
      'href="/healthz"',
      '<code>docs/tenant-file.md</code>',
      '<code>README.md</code>',
      'Demo credentials',
    ]) {
      expect(html).toContain(text);
    }
    // every credential of the demo org, as the README uses them
    const org = demoTenant().orgs[0]!;
    for (const key of org.adminApiKeys ?? []) expect(html).toContain(`Bearer ${key}`);
    for (const user of org.users ?? []) expect(html).toContain(`-u ${user.email}:${user.apiToken}`);
    for (const app of org.apps ?? []) expect(html).toContain(`Bearer ${app.token}`);
    // nothing is fetched from elsewhere: no scripts, stylesheets or images
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=/i);
  });

  it('a client that asks for JSON gets the same as a document', async () => {
    const res = await t.app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.vary).toBe('accept');
    const body = res.json() as {
      apiFamilies: { base: string; operations: number }[];
      links: { href: string }[];
      docs: { path: string }[];
      demo: { orgId: string; adminApiKeys: string[]; users: { email: string }[] } | null;
    };
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, object>;
    };
    const documented = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    // every documented operation but the start page and health is in one family
    const counted = body.apiFamilies.reduce((n, f) => n + f.operations, 0);
    expect(counted).toBe(documented - 3);
    expect(body.apiFamilies.map((f) => f.base)).toEqual([
      '/admin/control/',
      '/admin/v1/',
      '/wiki/rest/api/',
      '/wiki/api/v2/',
      '/wiki/',
      '/rest/api/3/',
      '/si/',
      '/sr/',
      '/_edge/',
      '/gatehouse/v1/',
    ]);
    expect(body.links.map((l) => l.href)).toContain('/openapi.json');
    expect(body.docs.map((d) => d.path)).toContain('docs/tenant-file.md');
    expect(body.demo?.orgId).toBe('c74e07d8-ddc2-4583-a8bc-5d5405a3907a');
    expect(body.demo?.adminApiKeys).toEqual(['gh-demo-admin-key-0001']);
    expect(body.demo?.users.map((u) => u.email)).toContain('pat@acme.test');
  });

  it('Accept q-values decide between HTML and JSON', () => {
    expect(prefersJson(undefined)).toBe(false);
    expect(prefersJson('*/*')).toBe(false);
    expect(prefersJson(BROWSER)).toBe(false);
    expect(prefersJson('application/json')).toBe(true);
    expect(prefersJson('text/html;q=0.5, application/json')).toBe(true);
    expect(prefersJson('text/html, application/json;q=0.9')).toBe(false);
    expect(prefersJson('application/json;q=0')).toBe(false);
  });
});

describe('GET / without the demo tenant', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', smallTenant());
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows no credentials', async () => {
    const html = (await t.app.inject({ url: '/' })).body;
    expect(html).toContain('href="/openapi.json"');
    expect(html).not.toContain('Demo credentials');
    expect(html).not.toMatch(/-token|Bearer [a-z]/);
    const json = (await t.app.inject({ url: '/', headers: { accept: 'application/json' } })).json();
    expect(json.demo).toBeNull();
  });
});
