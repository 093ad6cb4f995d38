import type { LightMyRequestResponse } from 'fastify';
import type { OrgAccess } from '../../src/http/schemas/orgs.js';
import type { TenantFile, TenantOrg } from '../../src/tenant/schema.js';
import { basic, demoTenant, type TestApp } from '../support/harness.js';

export const OPERATOR_KEY = 'test-operator-key-0123456789';
export const DEMO_ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
export const CONFIDENTIAL = '28a6d272-0d95-4a81-baea-a0660f490afc';
export const ADA = '5b10ac8d82e05b22cc7d4ef5';
export const PAT = '5b10ac8d82e05b22cc7d4efa';
export const EXPORTER = 'ari:cloud:ecosystem::connect-app/com.acme.exporter';

/**
 * The demo org under ids of its own (`org-{n}`, site `acme-{n}`, cloudId `cloud-{n}`, Admin API
 * key `admin-key-{n}`), every other id as in the demo: orgs made from it repeat page ids.
 */
export function orgDocument(n: string, change: (org: TenantOrg) => void = () => undefined) {
  const org = demoTenant().orgs[0]!;
  org.id = `org-${n}`;
  org.adminApiKeys = [`admin-key-${n}`];
  org.sites = org.sites!.map((site) => ({ ...site, name: `acme-${n}`, cloudId: `cloud-${n}` }));
  change(org);
  return { orgs: [org] } satisfies TenantFile;
}

/** A published ORG policy blocking export, as the tenant file writes it. */
export const EXPORT_BLOCK = {
  id: 'pol-no-export',
  name: 'No export',
  status: 'published' as const,
  coverageLevel: 'ORG' as const,
  rule: { export: { effect: 'block' as const } },
};

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export function inject(
  t: TestApp,
  method: Method,
  url: string,
  authorization: string | undefined,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: { ...(authorization ? { authorization } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** Calls with the operator key. */
export const operator = (t: TestApp, method: Method, url: string, payload?: unknown) =>
  inject(t, method, url, `Bearer ${OPERATOR_KEY}`, payload);

export async function createOrg(t: TestApp, document: unknown): Promise<OrgAccess> {
  const res = await operator(t, 'POST', '/gatehouse/v1/orgs', document);
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json() as OrgAccess;
}

export async function forkOrg(t: TestApp, orgId: string): Promise<OrgAccess> {
  const res = await operator(t, 'POST', `/gatehouse/v1/orgs/${orgId}/fork`);
  if (res.statusCode !== 201) throw new Error(`fork failed: ${res.statusCode} ${res.body}`);
  return res.json() as OrgAccess;
}

/** Basic credentials of a user of `org` (by accountId). */
export function userAuth(org: OrgAccess, accountId: string): string {
  const user = org.users.find((u) => u.accountId === accountId);
  if (!user?.email || !user.apiToken) throw new Error(`no credentials for ${accountId}`);
  return basic(user.email, user.apiToken);
}

/** A Confluence request to the org's first site, through the gateway form. */
export function wiki(
  t: TestApp,
  org: OrgAccess,
  method: Method,
  path: string,
  authorization: string | undefined,
  payload?: unknown,
) {
  return inject(
    t,
    method,
    `/ex/confluence/${org.sites[0]!.cloudId}${path}`,
    authorization,
    payload,
  );
}

/** `POST …/check` with the org's Admin API key. */
export async function check(
  t: TestApp,
  org: OrgAccess,
  subject: object,
  action: string,
  resource: { type: string; id: string },
) {
  const res = await inject(
    t,
    'POST',
    `/gatehouse/v1/orgs/${org.id}/check`,
    `Bearer ${org.adminApiKeys[0]}`,
    { subject, action, resource },
  );
  if (res.statusCode !== 200) throw new Error(`check failed: ${res.statusCode} ${res.body}`);
  return res.json() as {
    decision: 'allow' | 'deny';
    reasons: { rule: string }[];
    enforcement?: {
      relaxed: { rule: string; mode: string }[];
      wouldBe: { decision: string; reasons: { rule: string }[] };
    };
  };
}

export const user = (accountId: string) => ({ type: 'user', accountId });
export const page = (id: string) => ({ type: 'page', id });

export function gatehouseError(res: LightMyRequestResponse): { code: string; detail: string } {
  return (res.json() as { errors: { code: string; detail: string }[] }).errors[0]!;
}
