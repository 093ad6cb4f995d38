import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, basic, listenTestApp, type TestApp } from '../support/harness.js';

const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
const ADMIN = {
  authorization: 'Bearer gh-demo-admin-key-0001',
  'content-type': 'application/json',
};
const ADA = { authorization: basic('ada@acme.test', 'ada-token') };
const GRACE = { authorization: basic('grace@acme.test', 'grace-token') };
const EXPORTER = { authorization: 'Bearer exporter-app-token' };

/**
 * J39: the data security policy cookbook end to end, as a new user runs it against a real socket —
 * discovery (cloudId, spaceId, projectId, a tagId from each product), drafts, resources, publish —
 * and what the published policies change for Jira and Confluence callers.
 */
describe.each(DIALECTS)('the cookbook flow on %s', (dialect) => {
  let t: TestApp & { url: string };
  beforeAll(async () => {
    t = await listenTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}${path}`, { headers, redirect: 'manual' });
    return { status: res.status, body: (await res.text()) as string };
  };
  const json = async <T>(path: string, headers: Record<string, string> = {}) => {
    const res = await get(path, headers);
    expect(res.status, `${path}: ${res.body}`).toBe(200);
    return JSON.parse(res.body) as T;
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, `${path}: ${text}`).toBeLessThan(300);
    return text === '' ? {} : (JSON.parse(text) as { data?: { id: string } });
  };
  const draft = async (level: string, rule: Record<string, { effect: string }>, subject?: object) =>
    (
      await post(`/admin/control/v2/orgs/${ORG}/policies`, {
        data: {
          type: 'policy',
          attributes: {
            type: 'data-security',
            name: `${level} ${Object.keys(rule).join(' ')}`,
            status: 'draft',
            metadata: { policyCoverageLevel: level },
            rule,
            ...(subject ? { subject } : {}),
          },
        },
      })
    ).data!.id;
  const addResources = (id: string, aris: string[]) =>
    post(
      `/admin/control/v2/orgs/${ORG}/policies/${id}/resources`,
      aris.map((resourceAri) => ({ operation: 'ADD', resourceAri })),
    );
  const publish = (ruleName: string, ops: [string, string][]) =>
    post(`/admin/control/v2/orgs/${ORG}/policies/publishDraftPolicies`, {
      type: 'data-security',
      ruleName,
      policyOperations: ops.map(([policyId, policyCoverageLevel]) => ({
        policyId,
        action: 'UPDATE',
        policyCoverageLevel,
      })),
    });

  it('J39 discovery to publish: the published policies change what Jira and Confluence callers get', async () => {
    // Discovery, exactly as the cookbook does it.
    const { cloudId } = await json<{ cloudId: string }>('/_edge/tenant_info');
    const spaces = await json<{ results: { id: string; key: string }[] }>(
      '/wiki/api/v2/spaces?keys=ENG',
      ADA,
    );
    const spaceId = spaces.results[0]!.id;
    const projects = await json<{ id: string; key: string }[]>('/rest/api/3/project', ADA);
    const projectId = projects.find((p) => p.key === 'OPS')!.id;
    const confluenceLevels = await json<{ id: string; name: string }[]>(
      '/wiki/api/v2/classification-levels',
      ADA,
    );
    const confidential = confluenceLevels.find((l) => l.name === 'Confidential')!.id;
    const jiraLevels = await json<{ classifications: { id: string; name: string }[] }>(
      '/rest/api/3/classification-levels',
      ADA,
    );
    const highlyAri = jiraLevels.classifications.find((l) => l.name === 'Highly confidential')!.id;
    expect(highlyAri).toMatch(/^ari:cloud:platform::classification-tag\//);

    const spaceAri = `ari:cloud:confluence:${cloudId}:space/${spaceId}`;
    const projectAri = `ari:cloud:jira:${cloudId}:project/${projectId}`;

    // Before: Ada exports the Engineering home page; Grace exports OPS-3 and SEC-1; the app reads OPS-3.
    const confluenceExport = () => get('/wiki/exportword?pageId=98305', ADA);
    const jiraExport = (key: string) =>
      get(`/si/jira.issueviews:issue-word/${key}/${key}.doc`, GRACE);
    expect((await confluenceExport()).status).toBe(200);
    expect((await jiraExport('OPS-3')).status).toBe(200);
    expect((await jiraExport('SEC-1')).status).toBe(200);
    expect((await get('/rest/api/3/issue/OPS-3', EXPORTER)).status).toBe(200);
    expect((await get('/wiki/api/v2/pages/98305', EXPORTER)).status).toBe(200);

    // export: ORG allow; CONTAINER block on the space and the project; CLASSIFICATION block on a Jira tag.
    const orgExport = await draft('ORG', { export: { effect: 'allow' } });
    const containers = await draft('CONTAINER', { export: { effect: 'block' } });
    await addResources(containers, [spaceAri, projectAri]);
    const levels = await draft('CLASSIFICATION', { export: { effect: 'block' } });
    await addResources(levels, [
      highlyAri,
      `ari:cloud:platform::classification-tag/${confidential}`,
    ]);
    await publish('export', [
      [orgExport, 'ORG'],
      [containers, 'CONTAINER'],
      [levels, 'CLASSIFICATION'],
    ]);
    // appAccess: all apps allowed org-wide, blocked from the Jira project.
    const allApps = { subjectType: 'marketplaceApp', subjectId: 'all_apps' };
    const orgApps = await draft('ORG', { appAccess: { effect: 'allow' } }, allApps);
    const projectApps = await draft('CONTAINER', { appAccess: { effect: 'block' } }, allApps);
    await addResources(projectApps, [projectAri]);
    await publish('appAccess', [
      [orgApps, 'ORG'],
      [projectApps, 'CONTAINER'],
    ]);

    // After: both products enforce what was published.
    expect((await confluenceExport()).status).toBe(403);
    const opsExport = await jiraExport('OPS-3');
    expect(opsExport.status).toBe(403);
    expect(JSON.parse(opsExport.body)).toMatchObject({
      errorMessages: [expect.stringContaining('CONTAINER export')],
    });
    expect((await jiraExport('SEC-1')).status).toBe(403);
    expect((await get('/rest/api/3/issue/OPS-3', EXPORTER)).status).toBe(404);
    expect((await get('/rest/api/3/issue/OPS-3', GRACE)).status).toBe(200);
    expect((await get('/wiki/api/v2/pages/98305', EXPORTER)).status).toBe(200);
    const policies = await json<{ anyContentBlocked: boolean }>(
      '/rest/api/3/data-policy',
      EXPORTER,
    );
    expect(policies.anyContentBlocked).toBe(true);
  });
});
