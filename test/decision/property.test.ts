import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { decide } from '../../src/domain/decision/engine.js';
import type { CheckRequest } from '../../src/domain/decision/types.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { applyAdminApi, editJira, editRestrictions } from '../support/world-apply.js';
import { checkJiraEndpoint } from './jira-endpoints.js';
import { NaiveEvaluator, type NaiveRequest } from '../support/naive-evaluator.js';
import {
  buildWorld,
  requestFor,
  requestSpec,
  worldSpec,
  type BuiltWorld,
  type WireRequest,
  type WireSubject,
} from '../support/world-gen.js';

/**
 * D20 and every scenario at once: for random worlds and policy sets, loaded through the real
 * import and the real Admin API, four answers agree on random requests — the indexed engine, a
 * naive evaluator reading the database (test/support/naive-evaluator.ts), the point check
 * `POST …/check`, and the filtered lists `POST …/list-resources` and `…/list-subjects`.
 */
// About 25–40 s per dialect on this machine (with Jira); a failure prints the seed and the shrunk world.
const NUM_RUNS = { sqlite: 350, postgres: 220 } as const;
/** PROPERTY_STATS=1 prints how often each rule decided (to keep the generators balanced). */
const STATS = new Map<string, number>();
const count = (key: string) => {
  if (process.env.PROPERTY_STATS) STATS.set(key, (STATS.get(key) ?? 0) + 1);
};

describe.each(DIALECTS)('decision property on %s', (dialect) => {
  let t: TestApp;
  let worlds = 0;
  beforeAll(async () => {
    t = await startTestApp(dialect, null);
  });
  afterAll(async () => {
    await t.close();
    if (process.env.PROPERTY_STATS)
      console.log(
        dialect,
        [...STATS].sort((a, b) => b[1] - a[1]),
      );
  });

  const post = async (world: BuiltWorld, path: string, payload: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/gatehouse/v1/orgs/${world.orgId}/${path}`,
      headers: { authorization: `Bearer ${world.adminKey}` },
      payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Record<string, unknown>;
  };

  const toEngine = (request: WireRequest): CheckRequest => {
    const s = request.subject;
    const subject =
      s.type === 'user' ? { ...s, adminKey: s.adminKey === true } : (s as CheckRequest['subject']);
    return {
      subject,
      action: request.action as CheckRequest['action'],
      resource: request.resource as CheckRequest['resource'],
    };
  };

  async function pages(world: BuiltWorld, path: string, body: object): Promise<unknown[]> {
    const all: unknown[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const answer = await post(world, path, { ...body, limit: 4, ...(cursor ? { cursor } : {}) });
      all.push(...(answer.results as unknown[]));
      cursor = (answer._links as { next?: string }).next;
      if (!cursor) return all;
    }
    throw new Error(`${path} never ended`);
  }

  async function checkPoint(world: BuiltWorld, naive: NaiveEvaluator, request: WireRequest) {
    const expected = await naive.decide(request as NaiveRequest);
    count(`${expected.decision} ${expected.why.replace(/ on .*|w\d+-.*/, '')}`);
    const facts = t.index.decisionFacts(world.orgId)!;
    const engine = decide(facts, toEngine(request));
    const http = (await post(world, 'check', request)) as { decision: string };
    const context = `${JSON.stringify(request)}\nnaive: ${expected.why}\nengine: ${JSON.stringify(engine.reasons)}`;
    expect(engine.decision, context).toBe(expected.decision);
    expect(http.decision, context).toBe(expected.decision);
    await checkJiraEndpoint(t.app, world, facts, request, count);
  }

  async function checkListResources(
    world: BuiltWorld,
    naive: NaiveEvaluator,
    subject: WireSubject,
    action: string,
    jiraLists: boolean,
  ) {
    const listed = (await pages(world, 'list-resources', { subject, action })) as {
      id: string;
    }[];
    const ids = new Set(listed.map((r) => r.id));
    expect(ids.size, 'no item listed twice').toBe(listed.length);
    // J18: the issues of each project, by projectId (for the first listing of a world).
    for (const project of jiraLists ? world.jira.projects : []) {
      const issues = (await pages(world, 'list-resources', {
        subject,
        action,
        projectId: project.id,
        cloudId: project.cloudId,
      })) as { id: string }[];
      const listedIssues = new Set(issues.map((i) => i.id));
      for (const issue of world.jira.issues.filter((i) => i.projectId === project.id)) {
        const expected = await naive.decide({
          subject,
          action,
          resource: { type: 'issue', id: issue.id },
        });
        expect(
          listedIssues.has(issue.id),
          `list-resources ${JSON.stringify(subject)} ${action} ${issue.key}: naive ${expected.why}`,
        ).toBe(expected.decision === 'allow');
      }
    }
    for (const c of world.content) {
      const expected = await naive.decide({
        subject,
        action,
        resource: { type: c.type, id: c.id },
      });
      expect(
        ids.has(c.id),
        `list-resources ${JSON.stringify(subject)} ${action} ${c.id}: naive ${expected.why}`,
      ).toBe(expected.decision === 'allow');
    }
  }

  async function checkListSubjects(
    world: BuiltWorld,
    naive: NaiveEvaluator,
    resource: WireRequest['resource'],
    action: string,
  ) {
    const listed = (await pages(world, 'list-subjects', { action, resource })) as {
      type: string;
      accountId?: string;
      ari?: string;
      id?: string;
    }[];
    const users = new Set(listed.filter((s) => s.type === 'user').map((s) => s.accountId));
    const apps = new Set(listed.filter((s) => s.type === 'app').map((s) => s.ari));
    const anonymous = listed.some((s) => s.type === 'anonymous');
    const groups = new Set(listed.filter((s) => s.type === 'group').map((s) => s.id));
    const where = `list-subjects ${action} ${JSON.stringify(resource)}`;
    for (const accountId of world.users) {
      const expected = await naive.decide({
        subject: { type: 'user', accountId },
        action,
        resource,
      });
      expect(users.has(accountId), `${where} user ${accountId}: ${expected.why}`).toBe(
        expected.decision === 'allow',
      );
    }
    for (const ari of world.apps) {
      const expected = await naive.decide({ subject: { type: 'app', ari }, action, resource });
      expect(apps.has(ari), `${where} app ${ari}: ${expected.why}`).toBe(
        expected.decision === 'allow',
      );
    }
    for (const group of world.groups) {
      const expected = await naive.decideForGroupMember(group.id, action, resource);
      expect(groups.has(group.id), `${where} group ${group.name}: ${expected.why}`).toBe(
        expected.decision === 'allow',
      );
    }
    const anon = await naive.decide({ subject: { type: 'anonymous' }, action, resource });
    expect(anonymous, `${where} anonymous: ${anon.why}`).toBe(anon.decision === 'allow');
  }

  const known = (world: BuiltWorld, resource: WireRequest['resource']) =>
    resource.type === 'issue' ||
    resource.type === 'project' ||
    resource.type === 'space' ||
    resource.type === 'attachment' ||
    world.content.some((c) => c.id === resource.id && c.type === resource.type);

  it('D20 the engine, a naive evaluator over the database, the point check and the lists agree', async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpec,
        fc.array(requestSpec, { minLength: 6, maxLength: 14 }),
        async (spec, requestSpecs) => {
          const world = buildWorld(spec, worlds++);
          await importTenant(t.storage, world.tenant, `property world ${world.orgId}`);
          await t.index.sync();
          await applyAdminApi(t.app, world, count);
          const naive = new NaiveEvaluator(t.storage.db, world.orgId);
          const requests = requestSpecs.map((r) => requestFor(world, r));
          const half = Math.ceil(requests.length / 2);
          for (const request of requests.slice(0, half)) await checkPoint(world, naive, request);
          await editRestrictions(t.app, world, count);
          await editJira(t.app, world, count);
          for (const request of requests.slice(half)) await checkPoint(world, naive, request);
          for (const [i, request] of requests.slice(0, 2).entries()) {
            await checkListResources(world, naive, request.subject, request.action, i === 0);
          }
          for (const request of requests.slice(2, 4)) {
            if (known(world, request.resource)) {
              await checkListSubjects(world, naive, request.resource, request.action);
            }
          }
        },
      ),
      { numRuns: NUM_RUNS[dialect] },
    );
  }, 180_000);
});
