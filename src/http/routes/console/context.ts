import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  layout,
  type Flash,
  type Section,
  type Viewer,
} from '../../../presenters/console/layout.js';
import type { HtmlValue } from '../../../presenters/console/html.js';
import type { Services } from '../../services.js';
import { ConsoleApi, ConsoleProblem } from './api.js';
import { type ConsoleSession, type ConsoleSessions } from './session.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The console session of the request's cookie (null when signed out or outside /console). */
    consoleSession: ConsoleSession | null;
  }
}

/** What every console route module is given. */
export interface ConsoleDeps {
  /** The whole app: the console calls its endpoints as a client would (`inject`). */
  readonly root: FastifyInstance;
  readonly services: Services;
  readonly sessions: ConsoleSessions;
}

export function viewerOf(session: ConsoleSession): Viewer {
  const id = session.identity;
  return {
    kind: id.kind,
    label: id.kind === 'admin' ? `${id.orgName} (admin)` : `${id.displayName} (read-only)`,
    csrf: session.csrf,
  };
}

/** The session of a page that needs one (the plugin's hook has redirected signed-out requests). */
export function sessionOf(request: FastifyRequest): ConsoleSession {
  if (!request.consoleSession) throw new ConsoleProblem(401, 'Sign in first.');
  return request.consoleSession;
}

export function apiOf(deps: ConsoleDeps, request: FastifyRequest): ConsoleApi {
  return new ConsoleApi(deps.root, deps.services, sessionOf(request).identity);
}

/** An admin-only page refuses a read-only (user) session with a 403 that says why. */
export function adminApiOf(deps: ConsoleDeps, request: FastifyRequest): ConsoleApi {
  const api = apiOf(deps, request);
  if (api.identity.kind !== 'admin') {
    throw new ConsoleProblem(
      403,
      'This page needs an org admin: you are signed in with a user’s email:apiToken (read-only).',
    );
  }
  return api;
}

/** Console pages are HTML for people: kept out of the OpenAPI document (and its fuzz suite). */
export const HIDDEN = { schema: { hide: true } } as const;

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Sends a whole console page (or, with ?fragment=1, only `fragment` when given). */
export function sendHtml(reply: FastifyReply, markup: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .send(markup);
}

export function sendPage(
  reply: FastifyReply,
  request: FastifyRequest,
  page: { title: string; section: Section; body: HtmlValue; status?: number },
): FastifyReply {
  const session = request.consoleSession;
  const flash: Flash | undefined = session?.flash;
  if (session) delete session.flash;
  return sendHtml(
    reply,
    layout({
      title: page.title,
      section: page.section,
      viewer: session ? viewerOf(session) : null,
      flash,
      body: page.body,
    }),
    page.status,
  );
}

/** Post/redirect/get: the next page shows `flash` once. */
export function redirectWith(
  reply: FastifyReply,
  request: FastifyRequest,
  location: string,
  flash?: Flash,
): FastifyReply {
  if (flash && request.consoleSession) request.consoleSession.flash = flash;
  return reply.code(303).header('location', location).send();
}

export const isFragment = (request: FastifyRequest): boolean =>
  (request.query as Record<string, unknown> | undefined)?.['fragment'] === '1';

/** A text query parameter (the last one when repeated), or undefined. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** The submitted form (the plugin parses application/x-www-form-urlencoded bodies). */
export function formOf(request: FastifyRequest): URLSearchParams {
  return request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
}

/** A path parameter (every console route names its own). */
export function param(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value === '' || value.length > 512) {
    throw new ConsoleProblem(400, `The address has no valid ${name}.`);
  }
  return value;
}
