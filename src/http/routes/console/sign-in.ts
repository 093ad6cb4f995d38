import type { FastifyInstance, FastifyRequest } from 'fastify';
import { signInPage } from '../../../presenters/console/sign-in-page.js';
import { ConsoleApi } from './api.js';
import { formOf, queryParam, redirectWith, sendPage, type ConsoleDeps } from './context.js';
import { HIDDEN } from './context.js';
import {
  clearSessionCookie,
  sessionCookie,
  setSessionCookie,
  type ConsoleIdentity,
} from './session.js';

/** One message for every refused credential: it never says whether the org or user exists. */
export const WRONG_CREDENTIAL =
  'Sign-in failed: that Admin API key or email:apiToken was not accepted.';

/** Only a console path may be where sign-in sends you next (never another host). */
function safeNext(next: string | undefined | null): string {
  return next && /^\/console(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/console';
}

/**
 * Finds who a credential is. The key's org (or the user's site) comes from the same directory the
 * APIs authenticate with; the identity is then confirmed by calling the API with it.
 */
async function identify(
  deps: ConsoleDeps,
  kind: string,
  credential: string,
): Promise<ConsoleIdentity | undefined> {
  const snapshot = deps.services.index.snapshot();
  if (kind === 'admin') {
    const orgId = snapshot.orgForAdminKey(credential);
    const world = orgId === undefined ? undefined : snapshot.org(orgId)?.world;
    if (orgId === undefined || !world) return undefined;
    const identity: ConsoleIdentity = {
      kind: 'admin',
      orgId,
      orgName: world.name,
      key: credential,
    };
    const probe = await new ConsoleApi(deps.root, deps.services, identity).admin(
      'GET',
      `/admin/control/v2/orgs/${encodeURIComponent(orgId)}/policies?status=published`,
    );
    return probe.status === 200 ? identity : undefined;
  }
  const colon = credential.indexOf(':');
  if (kind !== 'user' || colon < 1) return undefined;
  const email = credential.slice(0, colon);
  const token = credential.slice(colon + 1);
  for (const site of snapshot.sites()) {
    const user = snapshot.userForBasic(site.orgId, email, token);
    if (!user) continue;
    const identity: ConsoleIdentity = {
      kind: 'user',
      orgId: site.orgId,
      cloudId: site.cloudId,
      accountId: user.accountId,
      displayName: user.displayName,
      email,
      token,
    };
    const probe = await new ConsoleApi(deps.root, deps.services, identity).confluence(
      site.cloudId,
      'GET',
      '/wiki/api/v2/classification-levels',
    );
    return probe.status === 200 ? identity : undefined;
  }
  return undefined;
}

export function registerSignInPages(app: FastifyInstance, deps: ConsoleDeps): void {
  const show = (request: FastifyRequest, status: number, error?: string, kind = 'admin') =>
    ({
      title: 'Sign in',
      section: 'sign-in' as const,
      status,
      body: signInPage({ next: safeNext(queryParam(request, 'next')), error, kind }),
    }) as const;

  app.get('/sign-in', HIDDEN, (request, reply) => {
    if (request.consoleSession) return reply.code(303).header('location', '/console').send();
    return sendPage(reply, request, show(request, 200));
  });

  app.post('/sign-in', HIDDEN, async (request, reply) => {
    const form = formOf(request);
    const kind = form.get('kind') ?? '';
    const credential = (form.get('credential') ?? '').trim();
    if (kind !== 'admin' && kind !== 'user') {
      return sendPage(reply, request, show(request, 400, 'Choose how you sign in.'));
    }
    if (credential === '' || credential.length > 1024) {
      const what = kind === 'admin' ? 'an Admin API key' : 'email:apiToken';
      return sendPage(reply, request, show(request, 400, `Enter ${what}.`, kind));
    }
    const identity = await identify(deps, kind, credential);
    if (!identity) return sendPage(reply, request, show(request, 401, WRONG_CREDENTIAL, kind));
    const old = sessionCookie(request);
    if (old !== undefined) deps.sessions.end(old);
    const session = deps.sessions.create(identity);
    request.consoleSession = session;
    setSessionCookie(reply, session);
    const next = safeNext(form.get('next'));
    return redirectWith(
      reply,
      request,
      next === '/console' && kind === 'user' ? '/console/world' : next,
    );
  });

  app.post('/sign-out', HIDDEN, (request, reply) => {
    const id = sessionCookie(request);
    if (id !== undefined) deps.sessions.end(id);
    request.consoleSession = null;
    clearSessionCookie(reply);
    return reply.code(303).header('location', '/console/sign-in?signed-out=1').send();
  });
}
