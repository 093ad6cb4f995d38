import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JIRA_OPERATIONS } from '../../src/http/routes/jira/operations.js';
import { DIALECTS, demoTenant, startTestApp, type TestApp } from '../support/harness.js';
import { schemaErrors, vendoredDocument } from '../support/jira-openapi.js';
import { CLOUD, JIRA_ARI, PROJECT } from './fixtures.js';
import { call, publishOverride } from './helpers.js';

const NOT_FOUND = {
  errorMessages: ['Issue does not exist or you do not have permission to see it.'],
  errors: {},
};

/** The demo plus a Confluence-only site (no Jira). */
function tenant() {
  const file = demoTenant();
  file.orgs[0]!.sites!.push({ cloudId: 'cloud-wiki-only', name: 'wiki', products: ['confluence'] });
  return file;
}

describe.each(DIALECTS)('Jira access on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, tenant());
  });
  afterAll(async () => {
    await t.close();
  });
  const acme = { host: 'acme.localhost' };

  it('J19 Basic, Bearer or anonymous; bad credentials are 401; errors are Jira ErrorCollections', async () => {
    expect((await call(t, 'GET', '/rest/api/3/issue/OPS-3', 'pat', undefined, acme)).status).toBe(
      200,
    );
    expect(
      (await call(t, 'GET', '/rest/api/3/issue/OPS-3', 'exporter', undefined, acme)).status,
    ).toBe(200);
    expect(
      (await call(t, 'GET', '/rest/api/3/issue/OPS-3', 'anonymous', undefined, acme)).status,
    ).toBe(200);
    for (const authorization of [
      'Basic bm9ib2R5OndoYXRldmVy',
      'Bearer nope',
      'Basic',
      'Digest x',
    ]) {
      const res = await call(t, 'GET', '/rest/api/3/issue/OPS-3', 'anonymous', undefined, {
        ...acme,
        authorization,
      });
      expect(res.status, authorization).toBe(401);
      expect(schemaErrors('jira-v3', 'ErrorCollection', res.json())).toEqual([]);
      expect(res.json<{ errorMessages: string[] }>().errorMessages).toHaveLength(1);
    }
    const unimplemented = await call(
      t,
      'GET',
      '/rest/api/3/issue/OPS-3/transitions',
      'ada',
      undefined,
      acme,
    );
    expect(unimplemented.status).toBe(501);
    expect(unimplemented.json()).toEqual({
      errorMessages: ['Gatehouse does not implement GET /rest/api/3/issue/OPS-3/transitions'],
      errors: {},
    });
    expect((await call(t, 'POST', '/rest/api/2/issue', 'ada', {}, acme)).status).toBe(501);
    const myself = await call(t, 'GET', '/rest/api/3/myself', 'anonymous', undefined, acme);
    expect(myself.status).toBe(401);
    expect(myself.json<{ errorMessages: string[] }>().errorMessages[0]).toContain(
      'not authenticated',
    );
    const noJira = await call(t, 'GET', '/rest/api/3/project', 'ada', undefined, {
      host: 'wiki.localhost',
    });
    expect(noJira.status).toBe(404);
    expect(noJira.json()).toEqual({ errorMessages: ['The site wiki has no Jira'], errors: {} });
    const gateway = await call(
      t,
      'GET',
      `/ex/jira/${CLOUD}/rest/api/3/issue/OPS-3?fields=summary`,
      'grace',
    );
    expect(gateway.status).toBe(200);
    expect(gateway.json()).toMatchObject({
      self: `http://localhost:80/ex/jira/${CLOUD}/rest/api/3/issue/20003`,
    });
    expect(
      (await call(t, 'GET', '/ex/jira/no-such-cloud/rest/api/3/project', 'grace')).status,
    ).toBe(404);
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/rest/api/3/search/jql',
      headers: {
        ...acme,
        authorization: 'Bearer exporter-app-token',
        'content-type': 'application/json',
      },
      payload: '{"jql": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(Object.keys(badJson.json() as object).sort()).toEqual(['errorMessages', 'errors']);
  });

  it('J20 a hidden issue is the same 404 as a missing one: issue, attachments, exports; left out of searches', async () => {
    const paths = [
      '/rest/api/3/issue/OPS-1',
      '/rest/api/3/attachment/30001',
      '/rest/api/3/attachment/content/30001',
      '/si/jira.issueviews:issue-xml/OPS-1/OPS-1.xml',
    ];
    for (const path of paths) {
      const hidden = await call(t, 'GET', path, 'fiona', undefined, acme);
      expect(hidden.status, path).toBe(404);
      const missing = await call(
        t,
        'GET',
        path.replace(/OPS-1|30001/g, (m) => (m === 'OPS-1' ? 'OPS-77' : '39999')),
        'fiona',
        undefined,
        acme,
      );
      expect(missing.status, path).toBe(404);
      expect(hidden.text.replace(/30001/g, 'ID'), path).toBe(missing.text.replace(/39999/g, 'ID'));
      expect((await call(t, 'GET', path, 'grace', undefined, acme)).status, path).not.toBe(404);
    }
    expect(
      (await call(t, 'GET', '/rest/api/3/issue/OPS-1', 'fiona', undefined, acme)).json(),
    ).toEqual(NOT_FOUND);
    const search = await call(
      t,
      'GET',
      '/rest/api/3/search/jql?jql=project%20%3D%20OPS',
      'fiona',
      undefined,
      acme,
    );
    expect(search.json<{ issues: { id: string }[] }>().issues.map((i) => i.id)).toEqual([
      '20003',
      '20004',
    ]);
    const project = await call(t, 'GET', '/rest/api/3/project/SEC', 'fiona', undefined, acme);
    expect(project.status).toBe(404);
  });

  it('J21 appAccess operation by operation, as Atlassian’s x-atlassian-data-security-policy flags say', async () => {
    const doc = vendoredDocument('jira-v3');
    for (const op of Object.values(JIRA_OPERATIONS)) {
      if (!op.path.startsWith('/rest/')) continue;
      const described = doc.paths[op.path]?.[op.method.toLowerCase()] as
        | {
            operationId: string;
            security: object[];
            'x-atlassian-data-security-policy': { 'app-access-rule-exempt': boolean }[];
          }
        | undefined;
      expect(described, `${op.method} ${op.path}`).toBeDefined();
      expect(described!.operationId).toBe(op.operationId);
      expect(
        described!['x-atlassian-data-security-policy'][0]!['app-access-rule-exempt'],
        op.operationId,
      ).toBe(op.appAccessExempt);
      const anonymous = described!.security.some((s) => Object.keys(s).length === 0);
      expect(anonymous, op.operationId).toBe(op.anonymous);
    }
    // Every operation of the document is served.
    const served = new Set(Object.values(JIRA_OPERATIONS).map((o) => o.operationId));
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) {
        const id = (operation as { operationId?: string }).operationId;
        if (id !== undefined) expect(served, id).toContain(id);
      }
    }

    await publishOverride(t, 'appAccess', 'CONTAINER', [JIRA_ARI.project(PROJECT.ops)]);
    // Exempt: projects, levels, the project default, my permissions, server info.
    for (const path of [
      '/rest/api/3/project',
      '/rest/api/3/project/OPS',
      '/rest/api/3/project/search',
      '/rest/api/3/classification-levels',
      '/rest/api/3/project/OPS/classification-level/default',
      '/rest/api/3/project/OPS/classification-config',
      '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&issueKey=OPS-3',
      '/rest/api/3/serverInfo',
      '/rest/api/3/data-policy',
    ]) {
      expect((await call(t, 'GET', path, 'exporter', undefined, acme)).status, path).toBe(200);
    }
    // Not exempt: the issue, its attachments, searches, exports.
    for (const path of [
      '/rest/api/3/issue/OPS-3',
      '/rest/api/3/attachment/30002',
      '/rest/api/3/attachment/content/30002',
      '/si/jira.issueviews:issue-html/OPS-3/OPS-3.html',
    ]) {
      expect((await call(t, 'GET', path, 'exporter', undefined, acme)).status, path).toBe(404);
    }
    const search = await call(
      t,
      'POST',
      '/rest/api/3/search/jql',
      'exporter',
      { jql: 'project = OPS' },
      acme,
    );
    expect(search.json()).toEqual({ issues: [], isLast: true });
    const policies = await call(t, 'GET', '/rest/api/3/data-policy', 'exporter', undefined, acme);
    expect(policies.json()).toEqual({ anyContentBlocked: true });
    expect((await call(t, 'GET', '/rest/api/3/issue/OPS-3', 'grace', undefined, acme)).status).toBe(
      200,
    );
  });
});
