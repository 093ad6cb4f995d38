import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decision/engine.js';
import type { Decision } from '../../src/domain/decision/types.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { ORG, type Expectation } from './fixtures.js';
import { SCENARIOS } from './scenarios.js';

const KEY = 'Bearer gh-demo-admin-key-0001';

function assertDecision(decision: Decision, expectation: Expectation) {
  const label = JSON.stringify(expectation.request);
  expect(decision.decision, label).toBe(expectation.decision);
  expect(
    decision.reasons.map((r) => r.rule),
    label,
  ).toContain(expectation.rule);
  const policies = decision.reasons.map((r) => r.policyId).filter(Boolean);
  for (const id of expectation.policies ?? []) expect(policies, label).toContain(id);
}

describe.each(DIALECTS)('decision scenarios on %s', (dialect) => {
  for (const scenario of SCENARIOS) {
    describe(`${scenario.id} ${scenario.title}`, () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await startTestApp(dialect, scenario.tenant);
      });
      afterAll(async () => {
        await t.close();
      });

      it(`${scenario.id} through the engine`, () => {
        const facts = t.index.decisionFacts(ORG)!;
        for (const expectation of scenario.expect)
          assertDecision(decide(facts, expectation.request), expectation);
      });

      it(`${scenario.id} through POST /gatehouse/v1/orgs/{orgId}/check`, async () => {
        for (const expectation of scenario.expect) {
          const res = await t.app.inject({
            method: 'POST',
            url: `/gatehouse/v1/orgs/${ORG}/check`,
            headers: { authorization: KEY },
            payload: expectation.request,
          });
          expect(res.statusCode).toBe(200);
          assertDecision(res.json() as Decision, expectation);
        }
      });
    });
  }
});
