import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';
import {
  BASE,
  EXPORTER,
  LEVEL_CONFIDENTIAL,
  admin,
  adminError,
  allApps,
  levelAri,
  siteAri,
  spaceAri,
} from './helpers.js';

const SEED = {
  noOrg: 'The draft org-wide policy does not contain the rule being overridden',
  redundant: 'Redundant draft override rule found',
  coverage: 'Invalid policyCoverageLevel',
};

describe.each(DIALECTS)('policy rules P1–P12 (drafts, resources) on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof admin>;
  beforeEach(async () => {
    t = await startTestApp(dialect);
    api = admin(t);
  });
  afterEach(async () => {
    await t.close();
  });
  it('P1 POST creates drafts only', async () => {
    const res = await api.create({ level: 'ORG' });
    expect(res.statusCode).toBe(202);
    expect(res.json().data.attributes.status).toBe('draft');
    const published = await api.create({ level: 'ORG', status: 'published' });
    expect(published.statusCode).toBe(400);
    expect(adminError(published)).toMatchObject({
      code: 'ADMIN-400-1',
      detail: expect.stringMatching(/status: only drafts/),
    });
  });

  it('P2 unknown rules and effects are refused naming the field', async () => {
    const rule = await api.create({ level: 'ORG', rule: { print: { effect: 'block' } } });
    expect(rule.statusCode).toBe(400);
    expect(adminError(rule).detail).toMatch(/^rule\.print: unknown rule/);
    const effect = await api.create({ level: 'ORG', rule: { export: { effect: 'maybe' } } });
    expect(adminError(effect).detail).toBe('rule.export.effect: expected "block" or "allow"');
  });

  it('P3 an unknown coverage level is ADMIN-400-24 "Invalid policyCoverageLevel"; none means UNASSIGNED', async () => {
    const res = await api.create({ level: 'ORG_WIDE' });
    expect(res.statusCode).toBe(400);
    expect(adminError(res)).toEqual(
      expect.objectContaining({ code: 'ADMIN-400-24', detail: SEED.coverage }),
    );
    const unassigned = await api.create({});
    expect(unassigned.json().data.attributes.metadata.policyCoverageLevel).toBe('UNASSIGNED');
  });

  it('P4 ORG policies may carry several rules, others exactly one', async () => {
    const org = await api.create({
      level: 'ORG',
      rule: {
        export: { effect: 'allow' },
        publicLinks: { effect: 'allow' },
        appAccess: { effect: 'allow' },
      },
      subject: allApps,
    });
    expect(org.statusCode).toBe(202);
    const two = await api.create({
      level: 'CONTAINER',
      rule: { export: { effect: 'block' }, publicLinks: { effect: 'block' } },
    });
    expect(two.statusCode).toBe(400);
    expect(adminError(two).detail).toMatch(/exactly one rule/);
  });

  it('P5 appAccess only at ORG and CONTAINER, always with a subject', async () => {
    const workspace = await api.create({
      level: 'WORKSPACE',
      rule: { appAccess: { effect: 'block' } },
      subject: allApps,
    });
    expect(adminError(workspace).detail).toMatch(/appAccess policies are ORG or CONTAINER/);
    const noSubject = await api.create({ level: 'ORG', rule: { appAccess: { effect: 'allow' } } });
    expect(adminError(noSubject).detail).toMatch(/^subject: an appAccess policy needs a subject/);
    const badSubject = await api.create({
      level: 'ORG',
      rule: { appAccess: { effect: 'allow' } },
      subject: { subjectType: 'marketplaceApp', subjectId: 'some-app' },
    });
    expect(adminError(badSubject).detail).toMatch(/^subject\.subjectId/);
    const ok = await api.create({
      level: 'ORG',
      rule: { appAccess: { effect: 'allow' } },
      subject: { subjectType: 'marketplaceApp', subjectId: EXPORTER },
    });
    expect(ok.statusCode).toBe(202);
    expect(ok.json().data.attributes.subject).toEqual({
      subjectType: 'marketplaceApp',
      subjectId: EXPORTER,
    });
  });

  it('P6 other rules take no subject', async () => {
    const res = await api.create({
      level: 'ORG',
      rule: { export: { effect: 'allow' } },
      subject: allApps,
    });
    expect(adminError(res).detail).toBe('subject: only appAccess policies take a subject');
  });

  it('P7 an override draft needs an ORG policy carrying its rule', async () => {
    const res = await api.create({
      level: 'CLASSIFICATION',
      rule: { export: { effect: 'block' } },
    });
    expect(res.statusCode).toBe(400);
    expect(adminError(res)).toMatchObject({ code: 'ADMIN-400-24', detail: SEED.noOrg });
    await api.draft({ level: 'ORG', rule: { export: { effect: 'allow' } } });
    expect(
      (await api.create({ level: 'CLASSIFICATION', rule: { export: { effect: 'block' } } }))
        .statusCode,
    ).toBe(202);
  });

  it('P8 a CONTAINER appAccess draft needs the ORG policy of the same subject', async () => {
    await api.draft({ level: 'ORG', rule: { appAccess: { effect: 'allow' } }, subject: allApps });
    const app = { subjectType: 'marketplaceApp', subjectId: EXPORTER };
    const res = await api.create({
      level: 'CONTAINER',
      rule: { appAccess: { effect: 'block' } },
      subject: app,
    });
    expect(adminError(res)).toMatchObject({ code: 'ADMIN-400-24', detail: SEED.noOrg });
    await api.draft({ level: 'ORG', rule: { appAccess: { effect: 'allow' } }, subject: app });
    expect(
      (
        await api.create({
          level: 'CONTAINER',
          rule: { appAccess: { effect: 'block' } },
          subject: app,
        })
      ).statusCode,
    ).toBe(202);
  });

  it('P9 a second draft for the same control is redundant; deleted drafts do not count', async () => {
    await api.draft({ level: 'ORG' });
    const first = await api.draft({ level: 'WORKSPACE', rule: { export: { effect: 'block' } } });
    const second = await api.create({ level: 'WORKSPACE', rule: { export: { effect: 'allow' } } });
    expect(adminError(second)).toMatchObject({ code: 'ADMIN-400-24', detail: SEED.redundant });
    expect((await api.remove(first)).statusCode).toBe(202);
    expect(
      (await api.create({ level: 'WORKSPACE', rule: { export: { effect: 'allow' } } })).statusCode,
    ).toBe(202);
  });

  it('P10 PUT changes name, description, effect of drafts; coverage only from UNASSIGNED', async () => {
    await api.draft({ level: 'ORG' });
    const id = await api.draft({});
    const assign = await api.call('PUT', `${BASE}/${id}`, {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: 'renamed',
          status: 'draft',
          metadata: { policyCoverageLevel: 'CONTAINER', description: 'new' },
          rule: { export: { effect: 'block' } },
        },
      },
    });
    expect(assign.statusCode).toBe(202);
    expect(assign.json().data.attributes).toMatchObject({
      name: 'renamed',
      rule: { export: { effect: 'block' } },
      metadata: { policyCoverageLevel: 'CONTAINER', description: 'new' },
    });
    const move = await api.call('PUT', `${BASE}/${id}`, {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: 'x',
          status: 'draft',
          metadata: { policyCoverageLevel: 'WORKSPACE' },
          rule: { export: { effect: 'block' } },
        },
      },
    });
    expect(adminError(move).detail).toMatch(/coverage is fixed once set/);
    const rule = await api.call('PUT', `${BASE}/${id}`, {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: 'x',
          status: 'draft',
          metadata: { policyCoverageLevel: 'CONTAINER' },
          rule: { publicLinks: { effect: 'block' } },
        },
      },
    });
    expect(adminError(rule).detail).toMatch(/rules of a policy cannot change/);
    const org = await api.draft({ level: 'ORG', rule: { publicLinks: { effect: 'allow' } } });
    await api.publish('publicLinks', [
      { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
    ]);
    const published = await api.call('PUT', `${BASE}/${org}`, {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: 'x',
          status: 'draft',
          metadata: { policyCoverageLevel: 'ORG' },
          rule: { publicLinks: { effect: 'block' } },
        },
      },
    });
    expect(adminError(published).detail).toMatch(/Only draft policies can be updated/);
  });

  it('P11 resource batches apply all or nothing, idempotently', async () => {
    await api.draft({ level: 'ORG' });
    const id = await api.draft({ level: 'CONTAINER', rule: { export: { effect: 'block' } } });
    const bad = await api.resources(id, [
      { operation: 'ADD', resourceAri: spaceAri('10005') },
      { operation: 'ADD', resourceAri: spaceAri('99999') },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(adminError(bad).detail).toMatch(
      /^\[1\]\.resourceAri: .* names nothing in this organization/,
    );
    const list = async () =>
      (await api.call('GET', `${BASE}/${id}/resources`)).json().data as {
        attributes: { resourceId: string; applicationStatus: string };
      }[];
    expect(await list()).toEqual([]);
    const ok = await api.resources(id, [
      { operation: 'ADD', resourceAri: spaceAri('10005') },
      { operation: 'ADD', resourceAri: spaceAri('10005') },
      {
        operation: 'ADD',
        resourceAri: `ari:cloud:jira:ee3c3183-3d6e-4077-8053-676d62c40929:project/10004`,
      },
      { operation: 'REMOVE', resourceAri: spaceAri('10006') },
    ]);
    expect(ok.statusCode).toBe(204);
    const resources = await list();
    expect(resources.map((r) => r.attributes.resourceId).sort()).toEqual([
      'ari:cloud:confluence:ee3c3183-3d6e-4077-8053-676d62c40929:space/10005',
      'ari:cloud:jira:ee3c3183-3d6e-4077-8053-676d62c40929:project/10004',
    ]);
    expect(resources.every((r) => r.attributes.applicationStatus === 'applied')).toBe(true);
    const tooMany = await api.resources(
      id,
      Array.from({ length: 10_000 }, () => ({ operation: 'ADD', resourceAri: siteAri })),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(adminError(tooMany).detail).toMatch(/more than 1000 items/);
  });

  it('P12 resource ARIs must fit the coverage level and name a thing of this org', async () => {
    await api.draft({ level: 'ORG' });
    const workspace = await api.draft({
      level: 'WORKSPACE',
      rule: { export: { effect: 'block' } },
    });
    const kind = await api.resources(workspace, [
      { operation: 'ADD', resourceAri: spaceAri('10005') },
    ]);
    expect(adminError(kind).detail).toMatch(/is a space; WORKSPACE policies take site ARIs/);
    await importTenant(t.storage, smallTenant(), 'another org');
    await t.index.sync();
    const foreign = await api.resources(workspace, [
      { operation: 'ADD', resourceAri: siteAri },
      { operation: 'ADD', resourceAri: 'ari:cloud:confluence::site/cloud-1' },
    ]);
    expect(adminError(foreign).detail).toBe(
      '[1].resourceAri: "ari:cloud:confluence::site/cloud-1" belongs to another organization',
    );
    const nothing = await api.resources(workspace, [
      { operation: 'ADD', resourceAri: 'ari:cloud:confluence::site/no-such-cloud' },
    ]);
    expect(adminError(nothing).detail).toMatch(/names nothing in this organization/);
    expect((await api.call('GET', `${BASE}/${workspace}/resources`)).json().data).toEqual([]);
    const classification = await api.draft({
      level: 'CLASSIFICATION',
      rule: { export: { effect: 'block' } },
    });
    const garbage = await api.resources(classification, [
      { operation: 'ADD', resourceAri: 'not-an-ari' },
    ]);
    expect(adminError(garbage).detail).toMatch(/is not a resource ARI/);
    const ok = await api.resources(classification, [
      { operation: 'ADD', resourceAri: levelAri(LEVEL_CONFIDENTIAL) },
    ]);
    expect(ok.statusCode).toBe(204);
    const unknown = await api.resources(classification, [
      { operation: 'ADD', resourceAri: levelAri('nope') },
    ]);
    expect(adminError(unknown).detail).toMatch(/names nothing in this organization/);
    const org = await api.call('GET', `${BASE}?policyCoverageLevel=ORG`);
    const orgId = org.json().data[0].id as string;
    const none = await api.resources(orgId, [{ operation: 'ADD', resourceAri: siteAri }]);
    expect(adminError(none).detail).toMatch(/ORG policies take no resources/);
  });
});
