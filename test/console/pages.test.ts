import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleFeatures } from '../../src/http/routes/console/features.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { CLOUD, KEY, LEVEL_CONFIDENTIAL, ORG, byId, signIn } from './helpers.js';

const ADA = '5b10ac8d82e05b22cc7d4ef5';
const LEVEL_PUBLIC = '3d0f8a39-5b9e-4c44-9f06-0d5a8c2b7e11';
const policiesUrl = `/admin/control/v2/orgs/${ORG}/policies`;

/** The console's rules (docs/console.md, K7–K16) over `app.inject`, on both dialects. */
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

  let overrideId = '';
  it('K8 an Admin API refusal is shown in its words next to the field it names; nothing is created', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const refused = await admin.post('/console/policies', {
      name: 'Override first',
      rule: 'export',
      effect: 'block',
      level: 'CLASSIFICATION',
    });
    expect(refused.status).toBe(400);
    expect(byId(refused.body, 'level-error')).toContain(
      'does not contain the rule being overridden',
    );
    const subject = await admin.post('/console/policies', {
      name: 'Apps',
      rule: 'export',
      effect: 'block',
      level: 'ORG',
      subject: 'all_apps',
    });
    expect(byId(subject.body, 'subject-error')).toContain('subject');
  });

  it('K9 resources are added and removed through the Admin API; the page names them with their applicationStatus', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const created = await admin.post('/console/policies', {
      name: 'Org export',
      rule: 'export',
      effect: 'allow',
      level: 'ORG',
    });
    expect(created.status).toBe(303);
    const override = await admin.post('/console/policies', {
      name: 'No export of Confidential',
      rule: 'export',
      effect: 'block',
      level: 'CLASSIFICATION',
    });
    overrideId = override.location!.split('/').pop()!;
    const added = await admin.post(`/console/policies/${overrideId}/resources`, {
      operation: 'ADD',
      resourceAri: `ari:cloud:platform::classification-tag/${LEVEL_CONFIDENTIAL}`,
    });
    expect(added.status).toBe(303);
    const page = await admin.get(`/console/policies/${overrideId}`);
    expect(page.body).toContain('Resource added.');
    const table = page.body.slice(page.body.indexOf('Resources of the policy'));
    expect(table).toContain('Confidential');
    expect(table).toContain('applied');
    const bad = await admin.post(`/console/policies/${overrideId}/resources`, {
      operation: 'ADD',
      resourceAriText: 'ari:nonsense',
    });
    expect(bad.status).toBe(400);
    expect(byId(bad.body, 'resource-error')).toMatch(/ARI/);
  });

  it('K7 the grid shows rules × coverage levels with each policy’s status, effect and resource count', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const grid = await admin.get('/console/policies');
    const rows = grid.body.slice(grid.body.indexOf('<tbody'));
    expect(rows).toContain('Org export');
    expect(rows).toMatch(/No export of Confidential[\s\S]*draft[\s\S]*block[\s\S]*1 resource\b/);
    for (const level of ['ORG', 'WORKSPACE', 'CONTAINER', 'CLASSIFICATION'])
      expect(grid.body).toContain(`>${level}</th>`);
  });

  it('K9 (K8) a draft is edited through PUT and deleted through DELETE', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const edited = await admin.post(`/console/policies/${overrideId}`, {
      name: 'No export of Confidential (edited)',
      rule: 'export',
      effect: 'block',
      level: 'CLASSIFICATION',
    });
    expect(edited.status).toBe(303);
    const got = await adminJson('GET', `${policiesUrl}/${overrideId}`);
    expect(JSON.stringify(got)).toContain('No export of Confidential (edited)');
    const removed = await admin.post(`/console/policies/${overrideId}/resources`, {
      operation: 'REMOVE',
      resourceAri: `ari:cloud:platform::classification-tag/${LEVEL_CONFIDENTIAL}`,
    });
    expect(removed.status).toBe(303);
    expect((await admin.post(`/console/policies/${overrideId}/delete`, {})).status).toBe(303);
    expect((await admin.get(`/console/policies/${overrideId}`)).body).toContain('badge deleted');
    expect((await admin.get('/console/policies/no-such-policy')).status).toBe(404);
  });

  it('K10 (K11) publish the chosen drafts (after the rehearsal when served); the decision panel shows the check API’s answer', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const create = async (fields: Record<string, string>) =>
      (await admin.post('/console/policies', fields)).location!.split('/').pop()!;
    const orgPolicy = await create({
      name: 'Org export 2',
      rule: 'publicLinks',
      effect: 'allow',
      level: 'ORG',
    });
    const override = await create({
      name: 'No links of Public',
      rule: 'publicLinks',
      effect: 'block',
      level: 'CLASSIFICATION',
    });
    await admin.post(`/console/policies/${override}/resources`, {
      operation: 'ADD',
      resourceAri: `ari:cloud:platform::classification-tag/${LEVEL_PUBLIC}`,
    });
    const chooser = await admin.get('/console/publish?rule=publicLinks');
    expect(chooser.body).toContain('No links of Public');
    expect((await admin.get('/console/publish?rule=nope')).status).toBe(400);
    expect((await admin.post('/console/publish/rehearse', { rule: 'publicLinks' })).status).toBe(
      400,
    );
    const ops = [`${orgPolicy}|ORG`, `${override}|CLASSIFICATION`];
    const rehearsed = await admin.post('/console/publish/rehearse', {
      rule: 'publicLinks',
      op: ops,
    });
    expect(rehearsed.status).toBe(200);
    if (consoleFeatures(t.app).rehearsal)
      expect(byId(rehearsed.body, 'rehearsal')).toContain('turned off for good');
    else expect(rehearsed.body).toContain('does not serve rehearsals');
    const decisionOf = async () => {
      const page = await admin.get(
        `/console/content/${CLOUD}/98330?subject=anonymous&action=viewPublicLink`,
      );
      const check = await adminJson('POST', `/gatehouse/v1/orgs/${ORG}/check`, {
        subject: { type: 'anonymous' },
        action: 'viewPublicLink',
        resource: { type: 'page', id: '98330' },
      });
      expect(byId(page.body, 'decision')).toBe(
        check['decision'] === 'allow' ? 'Allowed' : 'Denied',
      );
      for (const r of check['reasons'] as { text: string }[])
        expect(page.body).toContain(r.text.replace(/"/g, '&quot;'));
      return { page: page.body, decision: check['decision'] };
    };
    const before = await decisionOf();
    const published = await admin.post('/console/publish', { rule: 'publicLinks', op: ops });
    expect(published.status).toBe(303);
    const after = await decisionOf();
    expect(after.decision).toBe('deny');
    expect(before.decision).not.toBe(after.decision);
    if (consoleFeatures(t.app).suggestions) expect(byId(after.page, 'to-allow')).not.toBe('');
    else expect(byId(after.page, 'to-allow')).toContain('offers no suggestions');
    const twice = await admin.post('/console/publish', {
      rule: 'publicLinks',
      op: ['no-such-policy|ORG'],
    });
    expect(twice.status).toBe(400);
    expect(twice.body).toContain('Publishing failed');
    const badSubject = await admin.get(
      `/console/content/${CLOUD}/98305?subject=robot:1&action=read`,
    );
    expect(badSubject.body).toContain('Choose a user, an app or anonymous');
  });

  it('K12 the world tree is paged through the v2 page lists; children come as fragments', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const world = await admin.get('/console/world');
    expect(world.body).toContain('Engineering');
    const space = await admin.get(`/console/world/${CLOUD}/spaces/10005`);
    expect(space.status).toBe(200);
    expect(space.body).toContain(`data-children="/console/world/${CLOUD}/pages/98305/children"`);
    expect(space.body).toMatch(/Engineering home[\s\S]*Confidential[\s\S]*\(inherited\)/);
    const fragment = await admin.get(`/console/world/${CLOUD}/pages/98305/children?fragment=1`);
    expect(fragment.body).not.toContain('<html');
    expect(fragment.body).toContain('Roadmap');
    expect((await admin.get(`/console/world/${CLOUD}/spaces/424242`)).status).toBe(404);
    expect((await admin.get('/console/world/not-a-site/spaces/10005')).status).toBe(404);
  });

  it('K13 restrictions are edited through the Confluence API as the site admin; its refusal is shown in words', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const saved = await admin.post(`/console/content/${CLOUD}/98306/restrictions`, {
      'read-users': ADA,
      'read-groups': 'engineering',
    });
    expect(saved.status).toBe(303);
    const restriction = await t.app.inject({
      url: `/wiki/rest/api/content/98306/restriction/byOperation/read/user?accountId=${ADA}`,
      headers: {
        authorization: `Basic ${Buffer.from('ada@acme.test:ada-token').toString('base64')}`,
      },
    });
    expect(restriction.statusCode).toBe(200);
    const bad = await admin.post(`/console/content/${CLOUD}/98306/restrictions`, {
      'read-users': 'no-such-account',
    });
    expect(bad.status).toBe(400);
    expect(byId(bad.body, 'restriction-error')).toContain('no-such-account');
  });

  it('K14 a user sees what the API lets them see: a page hidden from them is missing in the console too', async () => {
    const pat = await signIn(t.app, 'user', 'pat@acme.test:pat-token');
    expect((await pat.get(`/console/content/${CLOUD}/98306`)).status).toBe(404);
    const tree = await pat.get(`/console/world/${CLOUD}/pages/98305/children`);
    expect(tree.body).not.toContain('Roadmap');
  });

  it('K15 the levels page: each level, the spaces defaulting to it and the pages carrying it', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const page = await admin.get('/console/levels');
    const row = page.body.split('<tr').find((r) => r.includes('c-RED"')) ?? '';
    expect(row).toContain('Engineering');
    expect(row).toMatch(/<td>\d+<\/td>\s*<td>[1-9]\d*<\/td>/);
    expect(page.body).toContain('org default');
  });

  it('K16 the audit log lists the org’s events newest first, filtered; a bad time is a 400 in the API’s words', async () => {
    const admin = await signIn(t.app, 'admin', KEY);
    const page = await admin.get('/console/audit');
    if (!consoleFeatures(t.app).auditLog) {
      expect(page.body).toContain('does not serve the org audit log');
      return;
    }
    expect(page.status).toBe(200);
    const filtered = await admin.get('/console/audit?action=policy_created');
    expect(byId(filtered.body, 'events')).toContain('policy_created');
    expect(byId(filtered.body, 'events')).not.toContain('policy_published');
    expect((await admin.get('/console/audit?from=yesterday')).status).toBe(400);
  });
});
