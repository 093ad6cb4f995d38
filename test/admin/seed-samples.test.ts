import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { BASE, V1, admin } from './helpers.js';

/** The request bodies of the seed document (data-security-policies-api.txt), as printed there. */
const SAMPLE = {
  orgExport: {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: 'Org-wide default export',
        status: 'draft',
        metadata: { policyCoverageLevel: 'ORG' },
        rule: { export: { effect: 'allow' } },
      },
    },
  },
  orgAllRules: {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: 'Org Wide policy with all rules',
        subject: { subjectType: 'marketplaceApp', subjectId: 'all_apps' },
        rule: {
          export: { effect: 'allow' },
          publicLinks: { effect: 'allow' },
          anonymousAccess: { effect: 'allow' },
          appAccess: { effect: 'allow' },
        },
        status: 'draft',
        metadata: { policyCoverageLevel: 'ORG', description: 'Org wide with all rules allow' },
      },
    },
  },
  classification: {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: 'test policy',
        status: 'draft',
        metadata: { policyCoverageLevel: 'CLASSIFICATION', description: 'Some description' },
        rule: { export: { effect: 'block' } },
      },
    },
  },
  containerAllApps: {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: 'test policy',
        status: 'draft',
        metadata: { policyCoverageLevel: 'CONTAINER', description: 'Some description' },
        rule: { appAccess: { effect: 'block' } },
        subject: { subjectId: 'all_apps', subjectType: 'marketplaceApp' },
      },
    },
  },
  orgAllApps: {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: 'test policy',
        status: 'draft',
        metadata: { policyCoverageLevel: 'ORG', description: 'Some description' },
        rule: { appAccess: { effect: 'allow' } },
        subject: { subjectId: 'all_apps', subjectType: 'marketplaceApp' },
      },
    },
  },
  orgSpecificApp: {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: 'test policy',
        status: 'draft',
        metadata: { policyCoverageLevel: 'ORG', description: 'Some description' },
        rule: { appAccess: { effect: 'allow' } },
        subject: {
          subjectId: 'ari:cloud:ecosystem::connect-app/specific-app',
          subjectType: 'marketplaceApp',
        },
      },
    },
  },
  containerSpecificApp: {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: 'test policy',
        status: 'draft',
        metadata: { policyCoverageLevel: 'CONTAINER', description: 'Some description' },
        rule: { appAccess: { effect: 'block' } },
        subject: {
          subjectId: 'ari:cloud:ecosystem::connect-app/specific-app',
          subjectType: 'marketplaceApp',
        },
      },
    },
  },
  containerResources: [
    {
      operation: 'ADD',
      resourceAri: 'ari:cloud:confluence:ee3c3183-3d6e-4077-8053-676d62c40929:space/10005',
    },
    {
      operation: 'ADD',
      resourceAri: 'ari:cloud:jira:ee3c3183-3d6e-4077-8053-676d62c40929:project/10004',
    },
  ],
  classificationResources: [
    {
      operation: 'ADD',
      resourceAri: 'ari:cloud:platform::classification-tag/28a6d272-0d95-4a81-baea-a0660f490afc',
    },
  ],
  update: {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: 'test policy',
        rule: { export: { effect: 'block' } },
        status: 'draft',
        metadata: { policyCoverageLevel: 'CLASSIFICATION', description: 'A new description' },
      },
    },
  },
};

/** A script written from the cookbook runs unchanged (the demo tenant holds the seed's ids). */
describe.each(DIALECTS)('the seed samples, verbatim, on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof admin>;
  beforeEach(async () => {
    t = await startTestApp(dialect);
    api = admin(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const create = async (body: object) => {
    const res = await api.call('POST', BASE, body);
    expect(res.statusCode, res.body).toBe(202);
    return (res.json() as { data: { id: string } }).data.id;
  };
  const publish = async (ruleName: string, ops: [string, string, string][]) => {
    const res = await api.call('POST', `${BASE}/publishDraftPolicies`, {
      type: 'data-security',
      ruleName,
      policyOperations: ops.map(([policyId, action, policyCoverageLevel]) => ({
        policyId,
        action,
        policyCoverageLevel,
      })),
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json();
  };

  it('the appAccess and classification samples: create, resources, update, publish, delete', async () => {
    const org = await create(SAMPLE.orgAllRules);
    const containerAll = await create(SAMPLE.containerAllApps);
    const orgApp = await create(SAMPLE.orgSpecificApp);
    const containerApp = await create(SAMPLE.containerSpecificApp);
    const classification = await create(SAMPLE.classification);
    for (const id of [containerAll, containerApp]) {
      expect((await api.resources(id, SAMPLE.containerResources)).statusCode).toBe(204);
    }
    expect((await api.resources(classification, SAMPLE.classificationResources)).statusCode).toBe(
      204,
    );
    const updated = await api.call('PUT', `${BASE}/${classification}`, SAMPLE.update);
    expect(updated.statusCode, updated.body).toBe(202);

    // the publish sample: ORG UPDATE, CONTAINER UPDATE, CONTAINER DELETE
    const ticket = await publish('appAccess', [
      [org, 'UPDATE', 'ORG'],
      [orgApp, 'UPDATE', 'ORG'],
      [containerApp, 'UPDATE', 'CONTAINER'],
      [containerAll, 'DELETE', 'CONTAINER'],
    ]);
    expect(ticket.messages[0].ticket.scope).toBe('USER');
    // the delete sample names the (now published) ORG policy with UPDATE again
    await publish('appAccess', [
      [org, 'UPDATE', 'ORG'],
      [orgApp, 'UPDATE', 'ORG'],
      [containerApp, 'DELETE', 'CONTAINER'],
    ]);
    await publish('export', [[classification, 'UPDATE', 'CLASSIFICATION']]);
    const status = async (id: string) =>
      (await api.get(id)).json().data.attributes.status as string;
    expect(await status(org)).toBe('published');
    expect(await status(classification)).toBe('published');
    expect(await status(containerApp)).toBe('deleted');
    expect(await status(containerAll)).toBe('deleted');
    expect((await api.call('DELETE', `${V1}/${classification}`)).statusCode).toBe(202);
  });

  it('the export samples: an ORG draft for one rule, then an appAccess default beside it', async () => {
    await create(SAMPLE.orgExport);
    await create(SAMPLE.orgAllApps);
    const override = await create(SAMPLE.classification);
    expect((await api.resources(override, SAMPLE.classificationResources)).statusCode).toBe(204);
  });
});
