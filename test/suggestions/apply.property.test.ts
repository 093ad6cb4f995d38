import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { applySuggestion, type WireSuggestion } from '../support/apply-suggestion.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { applyAdminApi, editRestrictions } from '../support/world-apply.js';
import { buildWorld, requestFor, requestSpec, worldSpec } from '../support/world-gen.js';

/**
 * S2 on generated worlds: for the first denied request of a world that has suggestions, one of
 * them (chosen at random) applied through the real APIs — restriction API, Admin API, tenant
 * import — turns the decision into allow.
 */
const NUM_RUNS = { sqlite: 40, postgres: 25 } as const;
const STATS = new Map<string, number>();
const count = (key: string) => {
  if (process.env.PROPERTY_STATS) STATS.set(key, (STATS.get(key) ?? 0) + 1);
};

describe.each(DIALECTS)('suggestions applied on generated worlds on %s', (dialect) => {
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

  it('S2 applying any one suggestion through the real APIs turns the deny into allow', async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpec,
        fc.array(requestSpec, { minLength: 8, maxLength: 16 }),
        fc.nat(),
        async (spec, requestSpecs, choice) => {
          const world = buildWorld(spec, worlds++);
          await importTenant(t.storage, world.tenant, `suggest world ${world.orgId}`);
          await t.index.sync();
          await applyAdminApi(t.app, world);
          await editRestrictions(t.app, world);
          const check = async (request: object, suggest: boolean) => {
            const res = await t.app.inject({
              method: 'POST',
              url: `/gatehouse/v1/orgs/${world.orgId}/check`,
              headers: { authorization: `Bearer ${world.adminKey}` },
              payload: { ...request, ...(suggest ? { suggest: true } : {}) },
            });
            expect(res.statusCode, res.body).toBe(200);
            return res.json() as { decision: string; toAllow?: WireSuggestion[] };
          };
          for (const request of requestSpecs.map((r) => requestFor(world, r))) {
            const answer = await check(request, true);
            if (answer.decision === 'allow') continue;
            const toAllow = answer.toAllow ?? [];
            if (toAllow.length === 0) {
              count(`deny without suggestions: ${JSON.stringify(request.action)}`);
              continue;
            }
            const suggestion = toAllow[choice % toAllow.length]!;
            count(suggestion.changes.map((c) => c.kind).join('+'));
            await applySuggestion(
              t,
              { orgId: world.orgId, adminKey: world.adminKey, editor: world.editor },
              suggestion,
            );
            const after = await check(request, false);
            expect(after.decision, `${JSON.stringify(request)}\n${suggestion.text}`).toBe('allow');
            return;
          }
          count('no denial with suggestions');
        },
      ),
      { numRuns: NUM_RUNS[dialect] * Number(process.env.PROPERTY_RUNS_FACTOR ?? 1) },
    );
  }, 120_000);
});
