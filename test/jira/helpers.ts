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
    json: <T,>() => res.json() as T,
  };
}
