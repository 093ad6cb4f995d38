import type { TenantPolicy } from '../../src/tenant/schema.js';
import { ARI, SPACE, policy, world } from '../decision/fixtures.js';
import { basic, startTestApp, type TestApp } from '../support/harness.js';
import type { DialectName } from '../../src/storage/dialects/dialect.js';

export { ARI, SPACE, policy };

/** Credentials of the demo tenant's users and apps. */
export const as = {
  ada: basic('ada@acme.test', 'ada-token'),
  grace: basic('grace@acme.test', 'grace-token'),
  linus: basic('linus@acme.test', 'linus-token'),
  fiona: basic('fiona@acme.test', 'fiona-token'),
  sam: basic('sam@acme.test', 'sam-token'),
  pat: basic('pat@acme.test', 'pat-token'),
  exporter: 'Bearer exporter-app-token',
  reports: 'Bearer reports-app-token',
  anonymous: '',
};

export const GROUP = {
  engineering: '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b01',
  finance: '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b02',
  users: '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b03',
};

export const ADMIN_KEY = { 'atl-confluence-with-admin-key': 'true' };

/** The demo tenant with these published policies. */
export function startWith(dialect: DialectName, policies: TenantPolicy[] = []): Promise<TestApp> {
  return startTestApp(dialect, world(policies));
}

export function caller(t: () => TestApp) {
  return (
    method: 'GET' | 'POST',
    url: string,
    who: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t().app.inject({
      method,
      url,
      headers: { ...(who ? { authorization: who } : {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}
