import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Flash } from '../../../presenters/console/layout.js';

/** Who a console session acts as: an org's Admin API key, or one user's Confluence credentials. */
export type ConsoleIdentity =
  | {
      readonly kind: 'admin';
      readonly orgId: string;
      readonly orgName: string;
      readonly key: string;
    }
  | {
      readonly kind: 'user';
      readonly orgId: string;
      readonly cloudId: string;
      readonly accountId: string;
      readonly displayName: string;
      readonly email: string;
      readonly token: string;
    };

export interface ConsoleSession {
  readonly id: string;
  readonly csrf: string;
  readonly identity: ConsoleIdentity;
  lastSeen: number;
  /** One message for the next page shown (after a write redirects). */
  flash?: Flash;
}

export const COOKIE = 'gatehouse_console';
const IDLE_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

/**
 * The console's sessions, in memory and per process (one per app): signing out or restarting the
 * server ends them. Ids and CSRF tokens are 32 random bytes.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(private readonly now: () => number = Date.now) {}

  create(identity: ConsoleIdentity): ConsoleSession {
    this.expire();
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const session: ConsoleSession = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      identity,
      lastSeen: this.now(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastSeen > IDLE_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = this.now();
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private expire(): void {
    const cutoff = this.now() - IDLE_MS;
    for (const [id, s] of this.sessions) if (s.lastSeen < cutoff) this.sessions.delete(id);
  }
}

/** The session cookie's value from the Cookie header (no cookie library: one name is read). */
export function sessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

export function setSessionCookie(reply: FastifyReply, session: ConsoleSession): void {
  reply.header(
    'set-cookie',
    `${COOKIE}=${session.id}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${IDLE_MS / 1000}`,
  );
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
}

/** Whether a submitted CSRF token is the session's (constant time). */
export function csrfMatches(session: ConsoleSession, submitted: string | undefined): boolean {
  if (submitted === undefined) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
