import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { decide } from '../../src/domain/decision/engine.js';
import type { Decision } from '../../src/domain/decision/types.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { ORG, type JiraExpectation } from './fixtures.js';
import { SCENARIOS } from './scenarios.js';

const KEY = 'Bearer gh-demo-admin-key-0001';

function assertDecision(decision: Decision, expectation: JiraExpectation) {
  const label = JSON.stringify(expectation.request);
  expect(decision.decision, `${label} ${JSON.stringify(decision.reasons)}`).toBe(
    expectation.decision,
  );
  expect(
    decision.reasons.map((r) => r.rule),
    label,
  ).toContain(expectation.rule);
  const policies = decision.reasons.map((r) => r.policyId).filter(Boolean);
  for (const id of expectation.policies ?? []) expect(policies, label).toContain(id);
}

/**
 * J1–J17 (docs/jira.md): every scenario through the engine and through the HTTP check, on both
 * dialects. One app per dialect; each scenario's tenant file replaces the org (T6).
 */
describe.each(DIALECTS)('Jira decision scenarios on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, null);
  });
  afterAll(async () => {
    await t.close();
  });

  SCENARIOS.forEach((scenario, n) => {
    it(`${scenario.id} ${scenario.title} (engine and POST …/check)`, async () => {
      // A name of its own: the same document twice would be skipped as already loaded (T5).
      const tenant = structuredClone(scenario.tenant);
      tenant.orgs[0]!.name = `Acme (scenario ${n})`;
      await importTenant(t.storage, tenant, `scenario ${n}`);
      await t.index.sync();
      const facts = t.index.decisionFacts(ORG)!;
      for (const expectation of scenario.expect) {
        assertDecision(decide(facts, expectation.request), expectation);
        const res = await t.app.inject({
          method: 'POST',
          url: `/gatehouse/v1/orgs/${ORG}/check`,
          headers: { authorization: KEY },
          payload: expectation.request,
        });
        expect(res.statusCode, res.body).toBe(200);
        assertDecision(res.json() as Decision, expectation);
      }
    });
  });
});
