import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/harness.js';

export { as, ADMIN_KEY, startWith } from '../confluence-reads/helpers.js';
export { APP, ARI, LEVEL, SPACE, policy, world } from '../decision/fixtures.js';

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** `inject` with an optional Authorization header (empty: anonymous). */
export function request(t: () => TestApp) {
  return (
    method: Method,
    url: string,
    who: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    t().app.inject({
      method,
      url,
      headers: { ...(who ? { authorization: who } : {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}

/** The first error of a Confluence v2 error body. */
export function v2Error(res: LightMyRequestResponse): {
  status: number;
  code: string;
  detail: string;
} {
  return (res.json() as { errors: { status: number; code: string; detail: string }[] }).errors[0]!;
}
