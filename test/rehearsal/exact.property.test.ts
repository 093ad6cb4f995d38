import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { decide } from '../../src/domain/decision/engine.js';
import { groupMemberProbe } from '../../src/domain/decision/lists.js';
import type {
  Action,
  DecisionFacts,
  ResourceRef,
  Subject,
} from '../../src/domain/decision/types.js';
import { CONTENT_ACTIONS } from '../../src/domain/rehearsal/rehearse.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { batchesSpec, draftBatches, type WireBatch } from '../support/rehearsal-gen.js';
import { applyAdminApi, editRestrictions } from '../support/world-apply.js';
import { buildWorld, worldSpec, type BuiltWorld } from '../support/world-gen.js';

/**
 * H13: the rehearsal is exact. On generated worlds (loaded through the real import, Admin API and
 * restriction API), with generated batches: every decision of every user, app, anonymous and
 * group member on every page, blog post and space, for every rehearsed action, is decided before;
 * the batches are then published through the real publish endpoint and everything is decided
 * again. The rehearsal answered before publishing — every page of its changes and of each change's
 * users — equals the brute-force difference, and its summary the difference's totals. A batch the
 * rehearsal refused is refused by publish with the same status and body.
 */
const NUM_RUNS = { sqlite: 60, postgres: 35 } as const;
const STATS = new Map<string, number>();
const count = (key: string) => {
  if (process.env.PROPERTY_STATS) STATS.set(key, (STATS.get(key) ?? 0) + 1);
};

type Verdict = 'allow' | 'deny';
interface Expected {
  users: Set<string>;
  apps: Set<string>;
  groups: Set<string>;
  anonymous: boolean;
}

/** The rehearsal's universe (H4): content × actions (downloads where there are attachments, links where there is one), spaces × read and administer. */
function universe(
  facts: DecisionFacts,
  world: BuiltWorld,
): { resource: ResourceRef; action: Action }[] {
  const items: { resource: ResourceRef; action: Action }[] = [];
  for (const c of world.content) {
    const content = facts.content(c.id)!;
    for (const action of CONTENT_ACTIONS) {
      if (action === 'downloadAttachment' && content.attachments.length === 0) continue;
      if (action === 'viewPublicLink' && content.publicLinkId === null) continue;
      items.push({ resource: { type: c.type, id: c.id }, action });
    }
  }
  for (const s of world.spaces) {
    for (const action of ['read', 'administer'] as const) {
      items.push({ resource: { type: 'space', id: s.id }, action });
    }
  }
  return items;
}

/** Every decision of the universe: `kind:id|resource|action` → verdict. */
function decideAll(facts: DecisionFacts, world: BuiltWorld): Map<string, Verdict> {
  const result = new Map<string, Verdict>();
  const subjects: [string, Subject][] = [
    ...world.users.map((accountId): [string, Subject] => [
      `user:${accountId}`,
      { type: 'user', accountId },
    ]),
    ...world.apps.map((ari): [string, Subject] => [`app:${ari}`, { type: 'app', ari }]),
    ['anonymous', { type: 'anonymous' }],
  ];
  for (const { resource, action } of universe(facts, world)) {
    const where = `${resource.type}:${resource.id}|${action}`;
    for (const [key, subject] of subjects) {
      result.set(`${key}|${where}`, decide(facts, { subject, action, resource }).decision);
    }
    for (const group of world.groups) {
      const probe = groupMemberProbe(facts, group.id, world.orgId);
      const verdict = decide(probe.facts, { subject: probe.subject, action, resource }).decision;
      result.set(`group:${group.id}|${where}`, verdict);
    }
  }
  return result;
}

interface WireChange {
  resource: { type: string; id: string; title: string };
  action: string;
  before: Verdict;
  after: Verdict;
  subjects: {
    users: number;
    groups: { id: string }[];
    apps: { ari: string }[];
    anonymous: boolean;
  };
}
interface WireRehearsal {
  summary: {
    rules: string[];
    contentAffected: number;
    allowToDeny: number;
    denyToAllow: number;
    usersAffected: number;
    appsAffected: number;
    anonymous: { allowToDeny: number; denyToAllow: number };
    publicLinksTurnedOff: number;
  };
  changes: WireChange[];
  publicLinks: { turnedOff: { id: string }[]; warning: string | null };
  _links: { next?: string };
}

describe.each(DIALECTS)('rehearsal equals brute force on %s', (dialect) => {
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

  const post = (world: BuiltWorld, url: string, payload: object) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${world.adminKey}` },
      payload,
    });

  async function rehearseAll(world: BuiltWorld, batches: WireBatch[], limit: number) {
    const url = `/gatehouse/v1/orgs/${world.orgId}/rehearse`;
    const first = await post(world, url, { publish: batches, limit });
    if (first.statusCode !== 200) return { refused: first };
    const answer = first.json() as WireRehearsal;
    const changes = [...answer.changes];
    let next = answer._links.next;
    while (next) {
      const page = (
        await post(world, url, { publish: batches, limit, cursor: next })
      ).json() as WireRehearsal;
      expect(page.summary).toEqual(answer.summary);
      changes.push(...page.changes);
      next = page._links.next;
    }
    const users = new Map<string, Set<string>>();
    for (const change of changes) {
      const key = `${change.resource.type}:${change.resource.id}|${change.action}|${change.before}`;
      const found = new Set<string>();
      if (change.subjects.users > 0) {
        let cursor: string | undefined;
        for (;;) {
          const res = await post(world, `${url}/subjects`, {
            publish: batches,
            resource: { type: change.resource.type, id: change.resource.id },
            action: change.action,
            before: change.before,
            limit: 2,
            ...(cursor ? { cursor } : {}),
          });
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json() as {
            total: number;
            results: { accountId: string }[];
            _links: { next?: string };
          };
          expect(body.total).toBe(change.subjects.users);
          for (const r of body.results) found.add(r.accountId);
          cursor = body._links.next;
          if (!cursor) break;
        }
        expect(found.size).toBe(change.subjects.users);
      }
      users.set(key, found);
    }
    return { answer, changes, users };
  }

  it('H13 the rehearsal equals deciding every subject, resource and action before and after publishing', async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpec,
        batchesSpec,
        fc.integer({ min: 1, max: 5 }),
        async (spec, specs, limit) => {
          const world = buildWorld(spec, worlds++);
          await importTenant(t.storage, world.tenant, `rehearsal world ${world.orgId}`);
          await t.index.sync();
          await applyAdminApi(t.app, world);
          await editRestrictions(t.app, world);
          const batches = await draftBatches(t.app, world, specs);
          const beforeFacts = t.index.decisionFacts(world.orgId)!;
          const before = decideAll(beforeFacts, world);
          const linksBefore = new Set(
            [...t.index.org(world.orgId)!.publicLinks.values()]
              .filter((l) => l.enabled)
              .map((l) => l.id),
          );
          const rehearsed = await rehearseAll(world, batches, limit);
          expect(t.index.decisionFacts(world.orgId)).toBe(beforeFacts); // nothing written (H2)

          const publish = (batch: WireBatch) =>
            post(
              world,
              `/admin/control/v2/orgs/${world.orgId}/policies/publishDraftPolicies`,
              batch,
            );
          if ('refused' in rehearsed) {
            const refused = rehearsed.refused!;
            const k = Number(refused.headers['x-gatehouse-batch']);
            expect(Number.isInteger(k), refused.body).toBe(true);
            for (const batch of batches.slice(0, k))
              expect((await publish(batch)).statusCode).toBe(202);
            const real = await publish(batches[k]!);
            expect(refused.statusCode).toBe(real.statusCode);
            const strip = (body: string) =>
              (JSON.parse(body) as { errors: Record<string, unknown>[] }).errors.map(
                ({ id: _id, ...rest }) => rest,
              );
            expect(strip(refused.body)).toEqual(strip(real.body));
            count(
              `refused ${(JSON.parse(real.body) as { errors: { detail: string }[] }).errors[0]!.detail.replace(/[0-9a-f-]{36}|w\d+-\S+/g, 'X')}`,
            );
            return;
          }
          for (const batch of batches) {
            const res = await publish(batch);
            expect(res.statusCode, res.body).toBe(202);
          }
          const afterFacts = t.index.decisionFacts(world.orgId)!;
          const after = decideAll(afterFacts, world);

          // the brute-force difference, grouped as the rehearsal groups it
          const expected = new Map<string, Expected>();
          for (const [key, was] of before) {
            const now = after.get(key)!;
            if (was === now) continue;
            const [subject, resource, action] = key.split('|') as [string, string, string];
            const group = `${resource}|${action}|${was}`;
            let entry = expected.get(group);
            if (!entry) {
              entry = { users: new Set(), apps: new Set(), groups: new Set(), anonymous: false };
              expected.set(group, entry);
            }
            if (subject.startsWith('user:')) entry.users.add(subject.slice(5));
            else if (subject.startsWith('app:')) entry.apps.add(subject.slice(4));
            else if (subject.startsWith('group:')) entry.groups.add(subject.slice(6));
            else entry.anonymous = true;
          }
          const actual = new Map<string, Expected>();
          for (const change of rehearsed.changes) {
            const key = `${change.resource.type}:${change.resource.id}|${change.action}|${change.before}`;
            expect(actual.has(key), `${key} listed once`).toBe(false);
            expect(change.after).toBe(change.before === 'allow' ? 'deny' : 'allow');
            actual.set(key, {
              users: rehearsed.users.get(key)!,
              apps: new Set(change.subjects.apps.map((a) => a.ari)),
              groups: new Set(change.subjects.groups.map((g) => g.id)),
              anonymous: change.subjects.anonymous,
            });
          }
          expect(actual, JSON.stringify(batches)).toEqual(expected);

          const summary = rehearsed.answer.summary;
          const totals = { allow: 0, deny: 0 };
          const users = new Set<string>();
          const apps = new Set<string>();
          const anonymous = { allowToDeny: 0, denyToAllow: 0 };
          const content = new Set<string>();
          for (const [key, e] of expected) {
            const [resource, , was] = key.split('|') as [string, string, Verdict];
            totals[was] += e.users.size + e.apps.size + (e.anonymous ? 1 : 0);
            e.users.forEach((u) => users.add(u));
            e.apps.forEach((a) => apps.add(a));
            if (e.anonymous) anonymous[was === 'allow' ? 'allowToDeny' : 'denyToAllow']++;
            if (!resource.startsWith('space:')) content.add(resource);
          }
          const linksAfter = new Set(
            [...t.index.org(world.orgId)!.publicLinks.values()]
              .filter((l) => l.enabled)
              .map((l) => l.id),
          );
          const off = [...linksBefore].filter((id) => !linksAfter.has(id)).sort();
          expect(summary).toEqual({
            rules: [...new Set(batches.map((b) => b.ruleName))],
            contentAffected: content.size,
            allowToDeny: totals.allow,
            denyToAllow: totals.deny,
            usersAffected: users.size,
            appsAffected: apps.size,
            anonymous,
            publicLinksTurnedOff: off.length,
          });
          expect(rehearsed.answer.publicLinks.turnedOff.map((l) => l.id).sort()).toEqual(off);
          expect(rehearsed.answer.publicLinks.warning === null).toBe(off.length === 0);
          count(expected.size === 0 ? 'nothing changes' : `changes: ${Math.min(expected.size, 5)}`);
        },
      ),
      { numRuns: NUM_RUNS[dialect] * Number(process.env.PROPERTY_RUNS_FACTOR ?? 1) },
    );
  }, 240_000);
});
