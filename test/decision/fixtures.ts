import type { CheckRequest, Subject } from '../../src/domain/decision/types.js';
import type { TenantFile, TenantPolicy } from '../../src/tenant/schema.js';
import { demoTenant } from '../support/harness.js';

export const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
export const CLOUD = 'ee3c3183-3d6e-4077-8053-676d62c40929';
export const LEVEL = {
  public: '3d0f8a39-5b9e-4c44-9f06-0d5a8c2b7e11',
  internal: '7e2b1c54-2f1d-4b8a-8c3e-6a9d4f0b2c22',
  confidential: '28a6d272-0d95-4a81-baea-a0660f490afc',
  highly: 'b91c4e7a-6d2f-4e3b-a1c5-9f8e7d6c5b33',
};
export const USER = {
  ada: '5b10ac8d82e05b22cc7d4ef5',
  grace: '5b10ac8d82e05b22cc7d4ef6',
  linus: '5b10ac8d82e05b22cc7d4ef7',
  fiona: '5b10ac8d82e05b22cc7d4ef8',
  sam: '5b10ac8d82e05b22cc7d4ef9',
  pat: '5b10ac8d82e05b22cc7d4efa',
};
export const APP = {
  exporter: 'ari:cloud:ecosystem::connect-app/com.acme.exporter',
  reports: 'ari:cloud:ecosystem::connect-app/com.acme.reports',
};
export const ARI = {
  site: `ari:cloud:confluence::site/${CLOUD}`,
  jiraSite: `ari:cloud:jira::site/${CLOUD}`,
  space: (id: string) => `ari:cloud:confluence:${CLOUD}:space/${id}`,
  level: (id: string) => `ari:cloud:platform::classification-tag/${id}`,
};
export const SPACE = { eng: '10005', fin: '10006', pub: '10007' };

let counter = 0;
/** A published policy for the tenant file (ids are fresh UUID-shaped strings). */
export function policy(
  coverageLevel: TenantPolicy['coverageLevel'],
  rule: keyof TenantPolicy['rule'],
  effect: 'block' | 'allow',
  resources: string[] = [],
  extra: Partial<TenantPolicy> = {},
): TenantPolicy {
  counter += 1;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  return {
    id,
    name: `${coverageLevel} ${rule} ${effect}`,
    status: 'published',
    coverageLevel,
    rule: { [rule]: { effect } },
    resources,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(rule === 'appAccess'
      ? { subject: { subjectType: 'marketplaceApp' as const, subjectId: 'all_apps' } }
      : {}),
    ...extra,
  };
}

export function world(policies: TenantPolicy[], change?: (t: TenantFile) => void): TenantFile {
  const tenant = demoTenant();
  tenant.orgs[0]!.policies = policies;
  change?.(tenant);
  return tenant;
}

export const user = (accountId: string, adminKey = false): Subject =>
  adminKey ? { type: 'user', accountId, adminKey } : { type: 'user', accountId };
export const app = (ari: string, actingFor?: string): Subject =>
  actingFor === undefined ? { type: 'app', ari } : { type: 'app', ari, actingFor };
export const anonymous: Subject = { type: 'anonymous' };

export function check(
  subject: Subject,
  action: CheckRequest['action'],
  type: CheckRequest['resource']['type'],
  id: string,
): CheckRequest {
  return { subject, action, resource: { type, id } };
}

export interface Expectation {
  request: CheckRequest;
  decision: 'allow' | 'deny';
  /** A rule that must be among the reasons. */
  rule: string;
  /** Policy ids that must be among the reasons. */
  policies?: string[];
}

export interface Scenario {
  id: string;
  title: string;
  tenant: TenantFile;
  expect: Expectation[];
}
