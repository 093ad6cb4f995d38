import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { BASE, EXPORTER, V1, admin, adminError, allApps, spaceAri } from './helpers.js';

describe.each(DIALECTS)(
  'policy rules P13–P24 (publish, delete, lists, shapes) on %s',
  (dialect) => {
    let t: TestApp;
    let api: ReturnType<typeof admin>;
    beforeEach(async () => {
      t = await startTestApp(dialect);
      api = admin(t);
    });
    afterEach(async () => {
      await t.close();
    });

    /** ORG draft for `rule`, published, and its id. */
    async function publishedOrg(rule: string, effect = 'allow', subject?: typeof allApps) {
      const id = await api.draft({
        level: 'ORG',
        rule: { [rule]: { effect } },
        ...(subject ? { subject } : {}),
      });
      const res = await api.publish(rule, [
        { policyId: id, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]);
      expect(res.statusCode, res.body).toBe(202);
      return id;
    }

    it('P13 the published all_apps ORG appAccess policy cannot be deleted by either path', async () => {
      const id = await publishedOrg('appAccess', 'allow', allApps);
      const v1 = await api.remove(id);
      expect(v1.statusCode).toBe(400);
      expect(adminError(v1).detail).toMatch(/cannot be deleted/);
      const batch = await api.publish('appAccess', [
        { policyId: id, action: 'DELETE', policyCoverageLevel: 'ORG' },
      ]);
      expect(batch.statusCode).toBe(400);
      expect((await api.get(id)).json().data.attributes.status).toBe('published');
    });

    it('P14 a published ORG policy cannot go while published overrides remain, unless in the same batch', async () => {
      const org = await publishedOrg('export');
      const override = await api.draft({
        level: 'WORKSPACE',
        rule: { export: { effect: 'block' } },
      });
      await api.publish('export', [
        { policyId: override, action: 'UPDATE', policyCoverageLevel: 'WORKSPACE' },
      ]);
      const alone = await api.remove(org);
      expect(alone.statusCode).toBe(400);
      expect(adminError(alone).detail).toMatch(/while published overrides of export remain/);
      const batchAlone = await api.publish('export', [
        { policyId: org, action: 'DELETE', policyCoverageLevel: 'ORG' },
      ]);
      expect(batchAlone.statusCode).toBe(400);
      expect(adminError(batchAlone).detail).toMatch(/while published overrides of export remain/);
      expect((await api.get(org)).json().data.attributes.status).toBe('published');
      const both = await api.publish('export', [
        { policyId: org, action: 'DELETE', policyCoverageLevel: 'ORG' },
        { policyId: override, action: 'DELETE', policyCoverageLevel: 'WORKSPACE' },
      ]);
      expect(both.statusCode).toBe(202);
    });

    it('P15 publishing a draft replaces the equivalent published policy', async () => {
      const first = await publishedOrg('export', 'allow');
      const second = await api.draft({ level: 'ORG', rule: { export: { effect: 'block' } } });
      const res = await api.publish('export', [
        { policyId: second, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]);
      expect(res.statusCode).toBe(202);
      expect((await api.get(first)).json().data.attributes.status).toBe('deleted');
      expect((await api.get(second)).json().data.attributes.status).toBe('published');
    });

    it('P15 UPDATE of an already published policy leaves it as it is (the cookbook delete example)', async () => {
      const all = await api.draft({
        level: 'ORG',
        rule: { appAccess: { effect: 'allow' } },
        subject: allApps,
      });
      const container = await api.draft({
        level: 'CONTAINER',
        rule: { appAccess: { effect: 'block' } },
        subject: allApps,
      });
      const first = await api.publish('appAccess', [
        { policyId: all, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId: container, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
      ]);
      expect(first.statusCode, first.body).toBe(202);
      const before = (await api.get(all)).json().data.attributes;
      const second = await api.publish('appAccess', [
        { policyId: all, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId: container, action: 'DELETE', policyCoverageLevel: 'CONTAINER' },
      ]);
      expect(second.statusCode, second.body).toBe(202);
      expect((await api.get(all)).json().data.attributes).toEqual(before);
      expect((await api.get(container)).json().data.attributes.status).toBe('deleted');
    });

    it('P16 DELETE in a batch retires a draft or a published policy', async () => {
      await publishedOrg('export');
      const draft = await api.draft({ level: 'CONTAINER', rule: { export: { effect: 'block' } } });
      const res = await api.publish('export', [
        { policyId: draft, action: 'DELETE', policyCoverageLevel: 'CONTAINER' },
      ]);
      expect(res.statusCode).toBe(202);
      expect((await api.get(draft)).json().data.attributes.status).toBe('deleted');
    });

    it('P17 a batch is checked whole and applies all or nothing', async () => {
      const org = await api.draft({ level: 'ORG' });
      const container = await api.draft({
        level: 'CONTAINER',
        rule: { export: { effect: 'block' } },
      });
      const twice = await api.publish('export', [
        { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]);
      expect(adminError(twice).detail).toBe(
        `policyOperations[1].policyId: policy ${org} is named twice in the batch`,
      );
      const wrongLevel = await api.publish('export', [
        { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId: container, action: 'UPDATE', policyCoverageLevel: 'WORKSPACE' },
      ]);
      expect(adminError(wrongLevel).detail).toMatch(/^policyOperations\[1\]\.policyCoverageLevel/);
      const wrongRule = await api.publish('publicLinks', [
        { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]);
      expect(adminError(wrongRule).detail).toMatch(/does not carry the rule publicLinks/);
      const unknownRule = await api.publish('print', [
        { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]);
      expect(adminError(unknownRule).detail).toMatch(
        /^body\.ruleName: must be equal to one of the allowed values \(export, /,
      );
      expect((await api.get(org)).json().data.attributes.status).toBe('draft');
      const ok = await api.publish('export', [
        { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId: container, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
      ]);
      expect(ok.statusCode).toBe(202);
      expect(ok.json()).toEqual({
        messages: [
          {
            messageId: expect.any(String),
            ticket: {
              id: expect.any(String),
              containerAri: `ari:cloud:platform::org/c74e07d8-ddc2-4583-a8bc-5d5405a3907a`,
              scope: 'USER',
            },
          },
        ],
      });
    });

    it('P18 an appAccess batch names the all_apps ORG policy and the app ORG policy', async () => {
      const all = await api.draft({
        level: 'ORG',
        rule: { appAccess: { effect: 'allow' } },
        subject: allApps,
      });
      const app = { subjectType: 'marketplaceApp', subjectId: EXPORTER };
      const appOrg = await api.draft({
        level: 'ORG',
        rule: { appAccess: { effect: 'allow' } },
        subject: app,
      });
      const container = await api.draft({
        level: 'CONTAINER',
        rule: { appAccess: { effect: 'block' } },
        subject: app,
      });
      const withoutDefault = await api.publish('appAccess', [
        { policyId: appOrg, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]);
      expect(adminError(withoutDefault).detail).toMatch(
        /must include an operation on the default \(all_apps\) ORG policy/,
      );
      const withoutAppOrg = await api.publish('appAccess', [
        { policyId: all, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId: container, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
      ]);
      expect(adminError(withoutAppOrg).detail).toMatch(/include the ORG appAccess policy of/);
      const ok = await api.publish('appAccess', [
        { policyId: all, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId: appOrg, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId: container, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
      ]);
      expect(ok.statusCode).toBe(202);
    });

    it('P19 an override publishes only with a published ORG policy for its rule', async () => {
      const org = await api.draft({ level: 'ORG' });
      const override = await api.draft({
        level: 'CLASSIFICATION',
        rule: { export: { effect: 'block' } },
      });
      const res = await api.publish('export', [
        { policyId: override, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
      ]);
      expect(adminError(res).detail).toMatch(/no published org-wide policy carries export/);
      const both = await api.publish('export', [
        { policyId: override, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
        { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]);
      expect(both.statusCode).toBe(202);
    });

    it('P20 DELETE answers 202, the draft stays readable as deleted, a second delete is 400', async () => {
      const id = await api.draft({ level: 'ORG' });
      const res = await api.remove(id);
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe('');
      expect((await api.get(id)).json().data.attributes.status).toBe('deleted');
      const again = await api.remove(id);
      expect(again.statusCode).toBe(400);
      expect(adminError(again).detail).toBe(`Policy ${id} is deleted`);
      const publish = await api.publish('export', [
        { policyId: id, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      ]);
      expect(publish.statusCode).toBe(400);
    });

    it('P21 no key is 401; a key of another org gets the unknown-policy 404', async () => {
      const id = await api.draft({ level: 'ORG' });
      const none = await t.app.inject({ url: `${BASE}/${id}` });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toEqual({ code: 401, message: expect.any(String) });
      const bad = await t.app.inject({
        url: `${BASE}/${id}`,
        headers: { authorization: 'Bearer wrong-key-000' },
      });
      expect(bad.statusCode).toBe(401);
      const otherOrg = `/admin/control/v2/orgs/other-org/policies/${id}`;
      const cross = await api.call('GET', otherOrg);
      const unknown = await api.call('GET', `${BASE}/00000000-0000-4000-8000-000000000000`);
      expect(cross.statusCode).toBe(404);
      expect(cross.json()).toEqual({ code: 404, message: `Policy ${id} not found` });
      expect(unknown.json()).toEqual({
        code: 404,
        message: 'Policy 00000000-0000-4000-8000-000000000000 not found',
      });
      const crossDelete = await api.call(
        'DELETE',
        `/admin/control/v1/orgs/other-org/policies/${id}`,
      );
      expect(crossDelete.statusCode).toBe(404);
    });

    it('P22 concurrent publishes never leave two published policies for one control', async () => {
      const first = await publishedOrg('export', 'allow');
      const draft = await api.draft({ level: 'ORG', rule: { export: { effect: 'block' } } });
      const op = [{ policyId: draft, action: 'UPDATE', policyCoverageLevel: 'ORG' }];
      const results = await Promise.all([
        api.publish('export', op),
        api.publish('export', op),
        api.publish('export', op),
      ]);
      // the first publishes and replaces; the others find it published and leave it (P15)
      expect(results.map((r) => r.statusCode)).toEqual([202, 202, 202]);
      const published = await api.call(
        'GET',
        `${BASE}?status=published&rule=export&policyCoverageLevel=ORG`,
      );
      expect(published.json().data.map((p: { id: string }) => p.id)).toEqual([draft]);
      expect((await api.get(first)).json().data.attributes.status).toBe('deleted');
    });

    it('P23 lists are cursor-paged and filterable', async () => {
      await api.draft({ level: 'ORG', rule: { export: { effect: 'allow' } } });
      await api.draft({ level: 'ORG', rule: { publicLinks: { effect: 'allow' } } });
      await api.draft({ level: 'ORG', rule: { anonymousAccess: { effect: 'allow' } } });
      const deleted = await api.draft({
        level: 'ORG',
        rule: { attachmentDownload: { effect: 'allow' } },
      });
      await api.remove(deleted);
      const first = (await api.call('GET', `${BASE}?limit=2`)).json();
      expect(first.data).toHaveLength(2);
      expect(first.meta).toMatchObject({ page_size: 2, prev: null, next: expect.any(String) });
      expect(first.links.next).toContain('cursor=');
      const second = (await api.call('GET', `${BASE}?limit=2&cursor=${first.meta.next}`)).json();
      expect(second.data).toHaveLength(1);
      expect(second.meta.next).toBeNull();
      expect(second.meta.prev).toEqual(expect.any(String));
      const back = (await api.call('GET', `${BASE}?limit=2&cursor=${second.meta.prev}`)).json();
      expect(back.data.map((p: { id: string }) => p.id)).toEqual(
        first.data.map((p: { id: string }) => p.id),
      );
      const byRule = (await api.call('GET', `${BASE}?rule=publicLinks`)).json();
      expect(byRule.data).toHaveLength(1);
      const gone = (await api.call('GET', `${BASE}?status=deleted`)).json();
      expect(gone.data.map((p: { id: string }) => p.id)).toEqual([deleted]);
      const bad = await api.call('GET', `${BASE}?cursor=garbage`);
      expect(bad.statusCode).toBe(400);
    });

    it('P23 resources are cursor-paged forwards and back with the seed envelope', async () => {
      await api.draft({ level: 'ORG' });
      const id = await api.draft({ level: 'CONTAINER', rule: { export: { effect: 'block' } } });
      const aris = [
        spaceAri('10005'),
        spaceAri('10006'),
        spaceAri('10007'),
        'ari:cloud:jira:ee3c3183-3d6e-4077-8053-676d62c40929:project/10004',
      ];
      for (const ari of aris) await api.resources(id, [{ operation: 'ADD', resourceAri: ari }]);
      const url = `${BASE}/${id}/resources`;
      const ids = (page: { data: { attributes: { resourceId: string } }[] }) =>
        page.data.map((r) => r.attributes.resourceId);
      const first = (await api.call('GET', `${url}?limit=3`)).json();
      expect(ids(first)).toEqual(aris.slice(0, 3));
      expect(first.meta).toEqual({ page_size: 3, next: expect.any(String), prev: null });
      expect(first.links).toMatchObject({ prev: null, page_size: '3' });
      expect(first.links.next).toBe(`${url}?limit=3&cursor=${first.meta.next}`);
      const second = (await api.call('GET', first.links.next)).json();
      expect(ids(second)).toEqual(aris.slice(3));
      expect(second.meta).toEqual({ page_size: 1, next: null, prev: expect.any(String) });
      const back = (await api.call('GET', second.links.prev)).json();
      expect(ids(back)).toEqual(aris.slice(0, 3));
      expect(back.meta.prev).toBeNull();
      expect((await api.call('GET', `${url}?cursor=garbage`)).statusCode).toBe(400);
    });

    it('P24 a policy has the seed response shape', async () => {
      const res = await api.create({ level: 'ORG' });
      const data = res.json().data;
      expect(Object.keys(data).sort()).toEqual([
        'attributes',
        'id',
        'links',
        'message',
        'relations',
        'type',
      ]);
      expect(data.type).toBe('policy');
      expect(data.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(Object.keys(data.attributes).sort()).toEqual(
        [
          'createdAt',
          'id',
          'metadata',
          'name',
          'ownerId',
          'queryData',
          'rule',
          'status',
          'type',
          'updatedAt',
        ].sort(),
      );
      expect(Object.keys(data.attributes.metadata).sort()).toEqual(
        [
          'createdBy',
          'description',
          'hasHadCoverage',
          'lastUpdatedBy',
          'policyCoverageLevel',
          'systemTag',
        ].sort(),
      );
      expect(data.attributes.metadata.createdBy).toMatch(
        /^ari:cloud:identity::user\/[0-9a-f]{24}$/,
      );
      expect(data.attributes.queryData).toBeNull();
      expect(V1).toContain('/admin/control/v1/');
    });
  },
);
