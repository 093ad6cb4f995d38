import { createHash } from 'node:crypto';
import auth from 'basic-auth';
import type { FastifyRequest } from 'fastify';
import type { App, Site, User } from '../domain/world.js';
import type { IndexSnapshot } from '../index/index-snapshot.js';
import { ApiError } from './errors/catalogue.js';

/**
 * Who is calling a Confluence (or Jira) endpoint: the authenticated HTTP identity. The engine's
 * input is a `Subject` (door/context.ts turns one into the other).
 */
export type Caller =
  | { readonly kind: 'user'; readonly user: User }
  | { readonly kind: 'app'; readonly app: App }
  | { readonly kind: 'anonymous' };

function bearerToken(header: string): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Confluence: `Basic base64(email:apiToken)` is that user, `Bearer <appToken>` that app, no header
 * anonymous. Credentials that are malformed, unknown, or of another org are a 401, never anonymous;
 * so is a header that is present but empty (F7).
 */
export function authenticateConfluence(
  request: FastifyRequest,
  snapshot: IndexSnapshot,
  site: Site,
): Caller {
  const header = request.headers.authorization;
  if (header === undefined) return { kind: 'anonymous' };
  if (header.trim() === '') throw new ApiError('AUTH_INVALID', 'Authorization header is empty');
  if (/^Basic\s/i.test(header)) {
    const credentials = auth.parse(header);
    const user = credentials
      ? snapshot.userForBasic(site.orgId, credentials.name, credentials.pass)
      : undefined;
    if (!user) {
      throw new ApiError('AUTH_INVALID', 'Basic authentication failed: unknown email or API token');
    }
    return { kind: 'user', user };
  }
  const token = bearerToken(header);
  const app = token !== undefined ? snapshot.appForToken(site.orgId, token) : undefined;
  if (!app) throw new ApiError('AUTH_INVALID', 'Bearer authentication failed: unknown token');
  return { kind: 'app', app };
}

/**
 * Admin API (and Gatehouse's own API): `Bearer <adminApiKey>`. Returns the org the key belongs
 * to; a key of org A used on org B gets the same 404 as an unknown policy (`notFoundMessage`), so
 * existence does not leak.
 */
export function authenticateAdmin(
  request: FastifyRequest,
  snapshot: IndexSnapshot,
  orgId: string,
  notFoundMessage: string,
): string {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new ApiError('AUTH_MISSING', 'Unauthorized: send Authorization: Bearer <admin API key>');
  }
  const token = bearerToken(header);
  const keyOrg = token !== undefined ? snapshot.orgForAdminKey(token) : undefined;
  if (keyOrg === undefined) throw new ApiError('AUTH_INVALID', 'Unauthorized: unknown API key');
  if (keyOrg !== orgId) throw new ApiError('ADMIN_NOT_FOUND', notFoundMessage);
  return keyOrg;
}

/** The ARI Gatehouse records as author of Admin API writes: stable per key, never the key. */
export function adminActorAri(request: FastifyRequest): string {
  const token = bearerToken(request.headers.authorization ?? '') ?? '';
  return `ari:cloud:identity::user/${createHash('sha256').update(token).digest('hex').slice(0, 24)}`;
}
