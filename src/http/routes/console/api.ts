import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import type { ConsoleIdentity } from './session.js';

/** An answer of one of Gatehouse's own HTTP APIs, as the console received it. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Raised when a console page cannot be shown; the console's error handler renders it. */
export class ConsoleProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The console's only way to read or change anything: requests to the same HTTP endpoints an
 * external client calls (`app.inject`, through every hook, schema, door and presenter), with the
 * session's credentials. It never decides anything itself.
 */
export class ConsoleApi {
  constructor(
    private readonly app: FastifyInstance,
    private readonly services: Services,
    readonly identity: ConsoleIdentity,
  ) {}

  get orgId(): string {
    return this.identity.orgId;
  }

  /** The Admin API and Gatehouse's decision API, with the org's Admin API key. */
  async admin<T>(method: Method, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    if (this.identity.kind !== 'admin') {
      throw new ConsoleProblem(403, 'This page needs an Admin API key; sign in with one.');
    }
    return this.call<T>(method, path, { authorization: `Bearer ${this.identity.key}` }, body);
  }

  /**
   * A Confluence endpoint of one site (`/ex/confluence/{cloudId}/wiki/…`): as the signed-in
   * user, or, for an admin session, as the org's site admin with `Atl-Confluence-With-Admin-Key`.
   */
  async confluence<T>(
    cloudId: string,
    method: Method,
    path: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>> {
    const url = `/ex/confluence/${encodeURIComponent(cloudId)}${path}`;
    return this.call<T>(method, url, this.confluenceHeaders(), body);
  }

  /** Whether Confluence calls of this session bypass restrictions (an admin's site admin). */
  get confluenceAsAdmin(): boolean {
    return this.identity.kind === 'admin';
  }

  private confluenceHeaders(): Record<string, string> {
    const basic = (email: string, token: string) =>
      `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
    if (this.identity.kind === 'user') {
      return { authorization: basic(this.identity.email, this.identity.token) };
    }
    const world = this.services.index.org(this.identity.orgId);
    const admin = world
      ? [...world.users.values()].find(
          (u) => u.siteAdmin && u.email !== null && world.userTokens.has(u.accountId),
        )
      : undefined;
    const token = admin ? world?.userTokens.get(admin.accountId) : undefined;
    if (!admin?.email || token === undefined) {
      throw new ConsoleProblem(
        409,
        'This org has no site admin with an API token: the console reads Confluence as a site admin using the admin key.',
      );
    }
    return {
      authorization: basic(admin.email, token),
      'atl-confluence-with-admin-key': 'true',
    };
  }

  private async call<T>(
    method: Method,
    url: string,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<ApiAnswer<T>> {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...headers,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const text = res.body;
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.statusCode, body: parsed as T };
  }
}

/** The words of an API's error body, whichever family's format it is in. */
export function errorText(body: unknown): string {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' ? body : '';
  const b = body as { errors?: { detail?: string; title?: string }[]; message?: string };
  if (Array.isArray(b.errors) && b.errors.length > 0) {
    return b.errors.map((e) => e.detail ?? e.title ?? '').join('; ');
  }
  return typeof b.message === 'string' ? b.message : '';
}
