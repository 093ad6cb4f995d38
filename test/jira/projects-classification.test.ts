import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { responseErrors, schemaErrors } from '../support/jira-openapi.js';
import { LEVEL, ORG } from './fixtures.js';
import { call, publishOverride } from './helpers.js';

const ARI = (id: string) => `ari:cloud:platform::classification-tag/${id}`;
const keys = (values: { key: string }[]) => values.map((p) => p.key);

/** The org audit log's events of one action, oldest first, as the Organizations API lists them. */
async function eventsOf(t: TestApp, action: string) {
  const res = await call(t, 'GET', `/admin/v1/orgs/${ORG}/events?action=${action}`, 'admin');
  expect(res.status).toBe(200);
  type Event = { attributes: { context: { id: string; attributes: { key?: string } }[] } };
  return res.json<{ data: Event[] }>().data.reverse();
}

describe.each(DIALECTS)('Jira projects and classification on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('J34 projects: the deprecated list, the paginated search and one project, only those the caller may browse', async () => {
    const all = await call(t, 'GET', '/rest/api/3/project', 'grace');
    expect(all.status).toBe(200);
    expect(responseErrors('jira-v3', '/rest/api/3/project', 'get', '200', all.json())).toEqual([]);
    expect(keys(all.json<{ key: string }[]>())).toEqual(['OPS', 'SEC']);
    expect(keys((await call(t, 'GET', '/rest/api/3/project', 'fiona')).json())).toEqual(['OPS']);
    expect(keys((await call(t, 'GET', '/rest/api/3/project')).json())).toEqual(['OPS']);

    const page = await call(
      t,
      'GET',
      '/rest/api/3/project/search?maxResults=1&orderBy=-key',
      'grace',
    );
    expect(schemaErrors('jira-v3', 'PageBeanProject', page.json())).toEqual([]);
    const body = page.json<{
      values: { key: string }[];
      total: number;
      isLast: boolean;
      nextPage: string;
    }>();
    expect(keys(body.values)).toEqual(['SEC']);
    expect(body).toMatchObject({ total: 2, isLast: false, startAt: 0, maxResults: 1 });
    const next = await call(t, 'GET', body.nextPage.replace(/^https?:\/\/[^/]+/, ''), 'grace');
    expect(keys(next.json<{ values: { key: string }[] }>().values)).toEqual(['OPS']);
    expect(next.json()).toMatchObject({ isLast: true, startAt: 1 });

    const byQuery = await call(t, 'GET', '/rest/api/3/project/search?query=secur', 'grace');
    expect(keys(byQuery.json<{ values: { key: string }[] }>().values)).toEqual(['SEC']);
    const byKeys = await call(
      t,
      'GET',
      '/rest/api/3/project/search?keys=OPS&keys=SEC&orderBy=issueCount',
      'grace',
    );
    expect(keys(byKeys.json<{ values: { key: string }[] }>().values)).toEqual(['SEC', 'OPS']);
    const hiddenSearch = await call(t, 'GET', '/rest/api/3/project/search?keys=SEC', 'fiona');
    expect(hiddenSearch.status).toBe(404);
    expect(hiddenSearch.json()).toEqual({
      errorMessages: ['No projects match the search criteria.'],
      errors: {},
    });
    const badOrder = await call(t, 'GET', '/rest/api/3/project/search?orderBy=colour', 'grace');
    expect(badOrder.status).toBe(400);
    expect(badOrder.json<{ errorMessages: string[] }>().errorMessages[0]).toContain('orderBy');

    for (const idOrKey of ['SEC', '10010', 'sec']) {
      const one = await call(t, 'GET', `/rest/api/3/project/${idOrKey}`, 'grace');
      expect(one.status, idOrKey).toBe(200);
      expect(schemaErrors('jira-v3', 'Project', one.json())).toEqual([]);
      expect(one.json()).toMatchObject({
        id: '10010',
        key: 'SEC',
        name: 'Security',
        projectTypeKey: 'software',
      });
    }
    const hidden = await call(t, 'GET', '/rest/api/3/project/SEC', 'fiona');
    const missing = await call(t, 'GET', '/rest/api/3/project/NOPE', 'fiona');
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.json()).toEqual({
      errorMessages: ["No project could be found with key 'SEC'."],
      errors: {},
    });
  });

  it('J30 classification levels: full ARIs as ids, lower-case status, status filter and rank order', async () => {
    const res = await call(t, 'GET', '/rest/api/3/classification-levels', 'ada');
    expect(res.status).toBe(200);
    expect(schemaErrors('jira-v3', 'DataClassificationLevelsBean', res.json())).toEqual([]);
    const levels = res.json<{ classifications: { id: string; status: string; rank: number }[] }>()
      .classifications;
    expect(levels.map((l) => l.id)).toEqual(
      [LEVEL.highly, LEVEL.confidential, LEVEL.internal, LEVEL.public].map(ARI),
    );
    expect(new Set(levels.map((l) => l.status))).toEqual(new Set(['published']));
    const reversed = await call(t, 'GET', '/rest/api/3/classification-levels?orderBy=-rank', 'ada');
    expect(reversed.json<{ classifications: { id: string }[] }>().classifications[0]!.id).toBe(
      ARI(LEVEL.public),
    );
    const archived = await call(
      t,
      'GET',
      '/rest/api/3/classification-levels?status=ARCHIVED',
      'ada',
    );
    expect(archived.json()).toEqual({ classifications: [] });
    expect((await call(t, 'GET', '/rest/api/3/classification-levels')).status).toBe(401);
    expect((await call(t, 'GET', '/rest/api/3/classification-levels', 'reports')).status).toBe(401);
  });

  it('J31 the project default: read by who may browse, changed (204) by who may administer, else 401', async () => {
    const url = '/rest/api/3/project/OPS/classification-level/default';
    const before = await call(t, 'GET', url, 'pat');
    expect(before.status).toBe(200);
    expect(before.json<{ classification: { id: string } }>().classification.id).toBe(
      ARI(LEVEL.confidential),
    );
    expect(
      (
        await call(t, 'GET', '/rest/api/3/project/SEC/classification-level/default', 'grace')
      ).json(),
    ).toEqual({});
    expect(
      (await call(t, 'GET', '/rest/api/3/project/SEC/classification-level/default', 'fiona'))
        .status,
    ).toBe(404);

    const refused = await call(t, 'PUT', url, 'grace', { id: ARI(LEVEL.public) });
    expect(refused.status).toBe(401);
    expect(refused.json<{ errorMessages: string[] }>().errorMessages[0]).toContain(
      'ADMINISTER_PROJECTS',
    );
    expect((await call(t, 'PUT', url, 'ada', { id: 'not-a-level' })).status).toBe(400);
    expect((await call(t, 'PUT', url, 'ada', {})).status).toBe(400);
    expect(
      (
        await call(t, 'PUT', '/rest/api/3/project/NOPE/classification-level/default', 'ada', {
          id: LEVEL.public,
        })
      ).status,
    ).toBe(404);

    // Pat's export of OPS-3 (no level of its own) follows the project default at once.
    await publishOverride(t, 'export', 'CLASSIFICATION', [ARI(LEVEL.public)]);
    const patExports = async () =>
      (await call(t, 'GET', '/si/jira.issueviews:issue-word/OPS-3/OPS-3.doc', 'pat')).status;
    expect(await patExports()).toBe(200);
    expect((await call(t, 'PUT', url, 'ada', { id: ARI(LEVEL.public) })).status).toBe(204);
    expect(
      (await call(t, 'GET', url, 'pat')).json<{ classification: { id: string } }>().classification
        .id,
    ).toBe(ARI(LEVEL.public));
    const level = await call(
      t,
      'GET',
      `/gatehouse/v1/orgs/${ORG}/issues/OPS-3/classification-level`,
      'admin',
    );
    expect(level.json()).toMatchObject({ source: 'project', effective: { id: LEVEL.public } });
    expect(await patExports()).toBe(403);
    expect((await call(t, 'DELETE', url, 'sam')).status).toBe(204);
    expect((await call(t, 'GET', url, 'pat')).json()).toEqual({});
    const after = await call(
      t,
      'GET',
      `/gatehouse/v1/orgs/${ORG}/issues/OPS-3/classification-level`,
      'admin',
    );
    expect(after.json()).toMatchObject({ source: 'org', effective: { id: LEVEL.internal } });
    expect(await patExports()).toBe(200);
    expect((await call(t, 'PUT', url, 'ada', { id: LEVEL.confidential })).status).toBe(204);
    // the three writes that went through are in the org audit log (A1), the refused ones are not
    const events = await eventsOf(t, 'project_default_classification_changed');
    expect(events.map((e) => e.attributes.context[0]!.attributes.key)).toEqual([
      'OPS',
      'OPS',
      'OPS',
    ]);
  });

  it('J32 the classification config names the levels, the project default and the org default', async () => {
    const res = await call(t, 'GET', '/rest/api/3/project/10004/classification-config', 'grace');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      containerOverride: 'ANY',
      defaultClassificationLevel: { id: ARI(LEVEL.confidential) },
      organizationClassificationLevel: { id: ARI(LEVEL.internal) },
    });
    expect(res.json<{ classificationLevels: unknown[] }>().classificationLevels).toHaveLength(4);
    expect(
      (await call(t, 'GET', '/rest/api/3/project/SEC/classification-config', 'fiona')).status,
    ).toBe(404);
  });

  it('J33 an issue’s own level through Gatehouse’s API (admin key), changing decisions at once', async () => {
    const url = `/gatehouse/v1/orgs/${ORG}/issues/OPS-4/classification-level`;
    const before = await call(t, 'GET', url, 'admin');
    expect(before.json()).toMatchObject({
      issue: { id: '20004', key: 'OPS-4' },
      own: { id: LEVEL.public },
      source: 'issue',
    });
    const gracesExport = async () =>
      (
        await call(t, 'POST', `/gatehouse/v1/orgs/${ORG}/check`, 'admin', {
          subject: { type: 'user', accountId: '5b10ac8d82e05b22cc7d4ef6' },
          action: 'export',
          resource: { type: 'issue', id: '20004' },
        })
      ).json<{ decision: string }>().decision;
    const exportUrl = '/si/jira.issueviews:issue-xml/OPS-4/OPS-4.xml';
    await publishOverride(t, 'export', 'CLASSIFICATION', [ARI(LEVEL.highly)]);
    expect(await gracesExport()).toBe('allow');
    expect((await call(t, 'GET', exportUrl, 'grace')).status).toBe(200);
    expect((await call(t, 'PUT', url, 'admin', { id: ARI(LEVEL.highly) })).status).toBe(204);
    expect((await call(t, 'GET', url, 'admin')).json()).toMatchObject({
      own: { id: LEVEL.highly },
    });
    expect(await gracesExport()).toBe('deny');
    expect((await call(t, 'GET', exportUrl, 'grace')).status).toBe(403);
    expect((await call(t, 'PUT', url, 'admin', { id: 'no-such-level' })).status).toBe(400);
    expect((await call(t, 'PUT', url, 'ada', { id: LEVEL.public })).status).toBe(401);
    expect(
      (
        await call(
          t,
          'GET',
          `/gatehouse/v1/orgs/${ORG}/issues/NOPE-1/classification-level`,
          'admin',
        )
      ).status,
    ).toBe(404);
    expect((await call(t, 'DELETE', url, 'admin')).status).toBe(204);
    expect(await gracesExport()).toBe('allow');
    const events = await eventsOf(t, 'issue_classification_changed');
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)!.attributes.context[0]!.attributes.key).toBe('OPS-4');
    expect((await call(t, 'GET', url, 'admin')).json()).toMatchObject({
      own: null,
      source: 'project',
      effective: { id: LEVEL.confidential },
    });
    expect(
      (
        await call(
          t,
          'PUT',
          `/gatehouse/v1/orgs/${ORG}/issues/20004/classification-level`,
          'admin',
          { id: LEVEL.public },
        )
      ).status,
    ).toBe(204);
  });
});
