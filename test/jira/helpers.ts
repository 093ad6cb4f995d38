import type { TestApp } from '../support/harness.js';
import { basic } from '../support/harness.js';

/** How the demo's people and apps sign in to the Jira and Confluence APIs. */
export const WHO = {
  ada: basic('ada@acme.test', 'ada-token'),
  grace: basic('grace@acme.test', 'grace-token'),
  linus: basic('linus@acme.test', 'linus-token'),
  fiona: basic('fiona@acme.test', 'fiona-token'),
  sam: basic('sam@acme.test', 'sam-token'),
  pat: basic('pat@acme.test', 'pat-token'),
  exporter: 'Bearer exporter-app-token',
  reports: 'Bearer reports-app-token',
  anonymous: undefined,
} as const;
export type Who = keyof typeof WHO;

export const ADMIN_KEY = 'Bearer gh-demo-admin-key-0001';

export interface Answer {
  status: number;
  body: unknown;
  json: <T = Record<string, unknown>>() => T;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

/** One request as `who`, answered with its status, headers and body. */
export async function call(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  who: Who | 'admin' = 'anonymous',
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const auth = who === 'admin' ? ADMIN_KEY : WHO[who];
  const res = await t.app.inject({
    method,
    url,
    headers: { ...(auth ? { authorization: auth } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return {
    status: res.statusCode,
    body: res.body,
    text: res.body,
    headers: res.headers,
    json: <T>() => res.json() as T,
  };
}

const ORG_ID = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';

/**
 * Publishes, through the real Admin API, an ORG policy allowing `rule` and an override of
 * `coverage` on `resources` with `effect` (the cookbook's flow). Returns the override's id.
 */
export async function publishOverride(
  t: TestApp,
  rule: string,
  coverage: 'WORKSPACE' | 'CONTAINER' | 'CLASSIFICATION',
  resources: string[],
  effect: 'block' | 'allow' = 'block',
): Promise<string> {
  const base = `/admin/control/v2/orgs/${ORG_ID}/policies`;
  const draft = async (level: string, ruleEffect: string) => {
    const res = await call(t, 'POST', base, 'admin', {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: `${level} ${rule} ${ruleEffect} ${resources.join(' ')}`.slice(0, 200),
          status: 'draft',
          metadata: { policyCoverageLevel: level },
          rule: { [rule]: { effect: ruleEffect } },
          ...(rule === 'appAccess'
            ? { subject: { subjectType: 'marketplaceApp', subjectId: 'all_apps' } }
            : {}),
        },
      },
    });
    if (res.status !== 202) throw new Error(`draft: ${res.status} ${res.text}`);
    return res.json<{ data: { id: string } }>().data.id;
  };
  const org = await draft('ORG', 'allow');
  const override = await draft(coverage, effect);
  const added = await call(
    t,
    'POST',
    `${base}/${override}/resources`,
    'admin',
    resources.map((resourceAri) => ({ operation: 'ADD', resourceAri })),
  );
  if (added.status >= 300) throw new Error(`resources: ${added.status} ${added.text}`);
  const published = await call(t, 'POST', `${base}/publishDraftPolicies`, 'admin', {
    type: 'data-security',
    ruleName: rule,
    policyOperations: [
      { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      { policyId: override, action: 'UPDATE', policyCoverageLevel: coverage },
    ],
  });
  if (published.status >= 300) throw new Error(`publish: ${published.status} ${published.text}`);
  return override;
}
