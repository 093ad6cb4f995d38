import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { CLOUD, FORM, KEY, ORG, byId, formBody, signIn } from './helpers.js';

const ADA = '5b10ac8d82e05b22cc7d4ef5';
const policiesUrl = `/admin/control/v2/orgs/${ORG}/policies`;

/** The console's rules (docs/console.md, K1–K6, K17–K19) over `app.inject`, on both dialects. */
describe.each(DIALECTS)('the console on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const adminJson = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return JSON.parse(res.body) as Record<string, unknown>;
  };

  it('K1 signed out, a page redirects to sign-in (keeping where you were going); sign-in and the assets are public', async () => {
    const res = await t.app.inject({ url: '/console/policies?x=1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console/sign-in?next=%2Fconsole%2Fpolicies%3Fx%3D1');
    expect((await t.app.inject({ url: '/console/sign-in' })).statusCode).toBe(200);
    const css = await t.app.inject({ url: '/console/assets/console.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect((await t.app.inject({ url: '/console/assets/console.js' })).statusCode).toBe(200);
    const post = await t.app.inject({
      method: 'POST',
      url: '/console/policies',
      headers: FORM,
      payload: 'name=x',
    });
    expect(post.statusCode).toBe(401);
  });

  it('K2 an Admin API key signs in: an HttpOnly, SameSite=Strict session cookie for /console only', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/console/sign-in',
      headers: FORM,
      payload: formBody({ kind: 'admin', credential: KEY, next: '/console/levels' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console/levels');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(
      /^gatehouse_console=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict/,
    );
    expect(cookie).not.toContain(KEY);
    // `next` never leaves the console
    const away = await t.app.inject({
      method: 'POST',
      url: '/console/sign-in',
      headers: FORM,
      payload: formBody({ kind: 'admin', credential: KEY, next: '//evil.example/' }),
    });
    expect(away.headers.location).toBe('/console');
  });

  it('K3 every refused credential gets the same 401 words: nothing says whether an org or user exists', async () => {
    const tries = [
      { kind: 'admin', credential: 'no-such-key' },
      { kind: 'admin', credential: ORG },
      { kind: 'user', credential: 'ada@acme.test:wrong-token' },
      { kind: 'user', credential: 'nobody@acme.test:ada-token' },
      { kind: 'user', credential: 'no-colon' },
    ];
    const answers = await Promise.all(
      tries.map((fields) =>
        t.app.inject({
          method: 'POST',
          url: '/console/sign-in',
          headers: FORM,
          payload: formBody(fields),
        }),
      ),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(byId(res.body, 'sign-in-error')).toBe(
        'Sign-in failed: that Admin API key or email:apiToken was not accepted.',
      );
    }
    const empty = await t.app.inject({
      method: 'POST',
      url: '/console/sign-in',
      headers: FORM,
      payload: 'kind=admin&credential=',
    });
    expect(empty.statusCode).toBe(400);
  });

  it('K4 a user email:apiToken signs in read-only: world and content, no admin pages, no restriction edits', async () => {
    const pat = await signIn(t.app, 'user', 'pat@acme.test:pat-token');
    expect((await pat.get('/console')).location).toBe('/console/world');
    const world = await pat.get('/console/world');
    expect(world.status).toBe(200);
    expect(world.body).toContain('Pat Public (read-only)');
    for (const url of [
      '/console/policies',
      '/console/publish',
      '/console/audit',
      '/console/policies/new',
    ]) {
      const res = await pat.get(url);
      expect(res.status).toBe(403);
      expect(res.body).toContain('needs an org admin');
    }
    const content = await pat.get(`/console/content/${CLOUD}/98305`);
    expect(content.status).toBe(200);
    expect(content.body).not.toContain('Save restrictions');
    expect(byId(content.body, 'operations')).toContain('read');
    const write = await pat.post(`/console/content/${CLOUD}/98305/restrictions`, {
      'read-users': ADA,
    });
    expect(write.status).toBe(403);
  });

  it('K5 every write needs the session’s CSRF token: without it or with another, 403 and nothing changes', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const before = await adminJson('GET', `${policiesUrl}?status=draft`);
    for (const csrf of [null, 'wrong', (await signIn(t.app, 'admin', KEY)).csrf]) {
      const res = await admin.post(
        '/console/policies',
        { name: 'CSRF', rule: 'export', effect: 'allow', level: 'ORG' },
        { csrf },
      );
      expect(res.status).toBe(403);
      expect(res.body).toContain('CSRF token missing or wrong');
    }
    expect(await adminJson('GET', `${policiesUrl}?status=draft`)).toEqual(before);
  });

  it('K6 signing out ends the session: the old cookie opens nothing', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const out = await admin.post('/console/sign-out', {});
    expect(out.status).toBe(303);
    expect((await admin.get('/console/policies')).status).toBe(303);
    expect((await admin.get('/console/policies')).location).toContain('/console/sign-in');
  });

  it('K17 bad input is a clear 4xx HTML page, never a 500', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const missing = await admin.get('/console/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('There is no console page /console/no-such-page');
    const json = await t.app.inject({
      method: 'POST',
      url: '/console/policies',
      headers: { cookie: admin.cookie, 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(json.statusCode).toBe(415);
    expect(json.headers['content-type']).toContain('text/html');
    const big = await admin.post('/console/policies', { name: 'x'.repeat(300_000) });
    expect(big.status).toBe(413);
    const noName = await admin.post('/console/policies', {
      name: '',
      rule: 'export',
      effect: 'allow',
      level: 'ORG',
    });
    expect(noName.status).toBe(400);
    const badRule = await admin.post('/console/policies', {
      name: 'x',
      rule: 'nope',
      effect: 'allow',
      level: 'ORG',
    });
    expect(badRule.status).toBe(400);
    expect(byId(badRule.body, 'rule-error')).not.toBe('');
    const badKind = await t.app.inject({
      method: 'POST',
      url: '/console/sign-in',
      headers: FORM,
      payload: 'kind=root',
    });
    expect(badKind.statusCode).toBe(400);
  });

  it('K18 every page allows only its own origin (CSP) and loads only Gatehouse’s own assets', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const res = await t.app.inject({ url: '/console/policies', headers: { cookie: admin.cookie } });
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('K19 the start page links to the console first, and the console stays out of the OpenAPI document', async () => {
    const root = await t.app.inject({ url: '/', headers: { accept: 'application/json' } });
    const links = (JSON.parse(root.body) as { links: { href: string }[] }).links;
    expect(links[0]!.href).toBe('/console');
    const doc = await t.app.inject({ url: '/openapi.json' });
    expect(
      Object.keys((JSON.parse(doc.body) as { paths: object }).paths).some((p) =>
        p.startsWith('/console'),
      ),
    ).toBe(false);
  });
});
