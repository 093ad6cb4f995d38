import type { FastifyTypebox } from '../../src/http/fastify-types.js';

export const KEY = 'gh-demo-admin-key-0001';
export const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
export const CLOUD = 'ee3c3183-3d6e-4077-8053-676d62c40929';
export const LEVEL_CONFIDENTIAL = '28a6d272-0d95-4a81-baea-a0660f490afc';
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A signed-in console session driven by `app.inject`: its cookie and CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
  get(url: string): Promise<{ status: number; body: string; location: string | undefined }>;
  post(
    url: string,
    fields: Record<string, string | string[]>,
    options?: { csrf?: string | null },
  ): Promise<{ status: number; body: string; location: string | undefined }>;
}

export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  }
  return params.toString();
}

export async function signIn(
  app: FastifyTypebox,
  kind: 'admin' | 'user',
  credential: string,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/console/sign-in',
    headers: FORM,
    payload: formBody({ kind, credential }),
  });
  if (res.statusCode !== 303) throw new Error(`sign-in answered ${res.statusCode}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const answer = (r: Awaited<ReturnType<typeof app.inject>>) => ({
    status: r.statusCode,
    body: r.body,
    location: typeof r.headers.location === 'string' ? r.headers.location : undefined,
  });
  const page = await app.inject({ url: '/console/world', headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return {
    cookie,
    csrf,
    get: async (url) => answer(await app.inject({ url, headers: { cookie } })),
    post: async (url, fields, options = {}) => {
      const token = options.csrf === undefined ? csrf : options.csrf;
      return answer(
        await app.inject({
          method: 'POST',
          url,
          headers: { ...FORM, cookie },
          payload: formBody(token === null ? fields : { ...fields, _csrf: token }),
        }),
      );
    },
  };
}

/** The text of an element with that id (enough for assertions on server-rendered pages). */
export function byId(page: string, id: string): string {
  const start = page.search(new RegExp(`id="${id}"`));
  if (start < 0) return '';
  const open = page.lastIndexOf('<', start);
  const tag = /^<([a-z0-9]+)/.exec(page.slice(open))?.[1] ?? 'div';
  const end = page.indexOf(`</${tag}>`, start);
  return page
    .slice(open, end)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
