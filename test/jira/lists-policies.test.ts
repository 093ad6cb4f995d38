import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decision/engine.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { CLOUD, JIRA_ARI, ORG, PROJECT, USER } from './fixtures.js';
import { call, publishOverride } from './helpers.js';

type Listed = {
  results: {
    type: string;
    id?: string;
    key?: string;
    accountId?: string;
    name?: string;
    ari?: string;
  }[];
  _links: { next?: string };
};

describe.each(DIALECTS)('Jira lists and policies on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });
  const post = (path: string, body: object) =>
    call(t, 'POST', `/gatehouse/v1/orgs/${ORG}/${path}`, 'admin', body);

  it('J18 list-resources with projectId and list-subjects of issues and projects agree with the check', async () => {
    const subjects = [
      { type: 'user', accountId: USER.grace },
      { type: 'user', accountId: USER.fiona },
      { type: 'app', ari: 'ari:cloud:ecosystem::connect-app/com.acme.exporter' },
      { type: 'anonymous' },
    ];
    const facts = t.index.decisionFacts(ORG)!;
    for (const subject of subjects) {
      for (const projectId of [PROJECT.ops, PROJECT.sec]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 10; i++) {
          const res = await post('list-resources', {
            subject,
            action: 'read',
            projectId,
            limit: 2,
            ...(cursor ? { cursor } : {}),
          });
          expect(res.status, res.text).toBe(200);
          const body = res.json<Listed>();
          seen.push(...body.results.map((r) => r.key!));
          cursor = body._links.next;
          if (!cursor) break;
        }
        const expected = [...facts.jira.issuesOfProject.get(`${CLOUD}/${projectId}`)!]
          .filter(
            (issue) =>
              decide(facts, {
                subject: subject as never,
                action: 'read',
                resource: { type: 'issue', id: issue.id },
              }).decision === 'allow',
          )
          .map((issue) => issue.key);
        expect(seen, `${JSON.stringify(subject)} ${projectId}`).toEqual(expected);
      }
    }
    const ops1 = await post('list-subjects', {
      action: 'read',
      resource: { type: 'issue', key: 'OPS-1' },
    });
    const listed = ops1.json<Listed>().results;
    expect(
      listed
        .filter((s) => s.type === 'user')
        .map((s) => s.accountId)
        .sort(),
    ).toEqual([USER.ada, USER.grace, USER.linus].sort());
    expect(listed.filter((s) => s.type === 'group').map((s) => s.name)).toEqual(['engineering']);
    expect(listed.some((s) => s.type === 'anonymous')).toBe(false);
    const sec = await post('list-subjects', {
      action: 'administer',
      resource: { type: 'project', key: 'SEC' },
    });
    expect(
      sec
        .json<Listed>()
        .results.map((s) => s.accountId ?? s.type)
        .sort(),
    ).toEqual([USER.ada, USER.sam].sort());
    expect(
      (await post('list-resources', { subject: subjects[0], action: 'read', projectId: 'nope' }))
        .status,
    ).toBe(400);
    expect(
      (await post('check', { subject: subjects[0], action: 'read', resource: { type: 'issue' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await post('check', {
          subject: subjects[0],
          action: 'read',
          resource: { type: 'issue', id: '20001', key: 'OPS-1' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post('check', {
          subject: subjects[0],
          action: 'read',
          resource: { type: 'issue', id: '20001', extra: 1 },
        })
      ).status,
    ).toBe(400);
  });

  it('J35 Jira resources on the Admin API are validated, and publishing changes decisions on every instance', async () => {
    const base = `/admin/control/v2/orgs/${ORG}/policies`;
    const draftOf = (level: string) =>
      call(t, 'POST', base, 'admin', {
        data: {
          type: 'policy',
          attributes: {
            type: 'data-security',
            name: `links ${level}`,
            status: 'draft',
            metadata: { policyCoverageLevel: level },
            rule: { publicLinks: { effect: 'block' } },
          },
        },
      });
    expect((await draftOf('ORG')).status).toBe(202);
    const draft = await draftOf('CONTAINER');
    expect(draft.status, draft.text).toBe(202);
    const id = draft.json<{ data: { id: string } }>().data.id;
    const add = (resourceAri: string) =>
      call(t, 'POST', `${base}/${id}/resources`, 'admin', [{ operation: 'ADD', resourceAri }]);
    expect((await add(JIRA_ARI.project(PROJECT.ops))).status).toBe(204);
    expect((await add(JIRA_ARI.project('424242'))).status).toBe(400);
    expect((await add(`ari:cloud:jira:${CLOUD}:space/10005`)).status).toBe(400);

    const second = await WorldIndex.load(t.storage);
    const exportBy = (index: WorldIndex) =>
      decide(index.decisionFacts(ORG)!, {
        subject: { type: 'user', accountId: USER.grace },
        action: 'export',
        resource: { type: 'issue', key: 'OPS-3' },
      }).decision;
    expect([exportBy(t.index), exportBy(second)]).toEqual(['allow', 'allow']);
    await publishOverride(t, 'export', 'WORKSPACE', [JIRA_ARI.site]);
    await second.sync();
    expect([exportBy(t.index), exportBy(second)]).toEqual(['deny', 'deny']);
    // An issue's level through Gatehouse's API reaches the other instance too (J33).
    await publishOverride(t, 'export', 'WORKSPACE', [JIRA_ARI.site], 'allow');
    await publishOverride(t, 'export', 'CLASSIFICATION', [
      'ari:cloud:platform::classification-tag/3d0f8a39-5b9e-4c44-9f06-0d5a8c2b7e11',
    ]);
    await second.sync();
    expect([exportBy(t.index), exportBy(second)]).toEqual(['allow', 'allow']);
    expect(
      (
        await call(
          t,
          'PUT',
          `/gatehouse/v1/orgs/${ORG}/issues/OPS-3/classification-level`,
          'admin',
          { id: '3d0f8a39-5b9e-4c44-9f06-0d5a8c2b7e11' },
        )
      ).status,
    ).toBe(204);
    await second.sync();
    expect([exportBy(t.index), exportBy(second)]).toEqual(['deny', 'deny']);
  });
});

describe.each(DIALECTS)('J35 --propagation-delay on Jira resources on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('J35 a pending Jira project resource enforces nothing until it is applied', async () => {
    t = await startTestApp(dialect, undefined, { propagationDelay: '400' });
    const exportDecision = async () =>
      (
        await call(t, 'POST', `/gatehouse/v1/orgs/${ORG}/check`, 'admin', {
          subject: { type: 'user', accountId: USER.grace },
          action: 'export',
          resource: { type: 'issue', key: 'OPS-3' },
        })
      ).json<{ decision: string }>().decision;
    const override = await publishOverride(t, 'export', 'CONTAINER', [
      JIRA_ARI.project(PROJECT.ops),
    ]);
    const status = async () =>
      (
        await call(
          t,
          'GET',
          `/admin/control/v2/orgs/${ORG}/policies/${override}/resources`,
          'admin',
        )
      )
        .json<{ data: { attributes: { applicationStatus: string } }[] }>()
        .data.map((r) => r.attributes.applicationStatus);
    expect(await status()).toEqual(['pending']);
    expect(await exportDecision()).toBe('allow');
    await expect.poll(status, { timeout: 10_000, interval: 50 }).toEqual(['applied']);
    // the job's write is in the database before its own index sync (a Jira write reloads the
    // org) ends, so the decision follows the status within that sync, not with it
    await expect.poll(exportDecision, { timeout: 10_000, interval: 50 }).toBe('deny');
  });
});
