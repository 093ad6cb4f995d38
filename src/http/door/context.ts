import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditActor, AuditOrigin } from '../../domain/audit/event.js';
import type { Subject } from '../../domain/decision/types.js';
import type { Site } from '../../domain/world.js';
import type { OrgSnapshot } from '../../index/org-snapshot.js';
import type { LinkBase } from '../../presenters/confluence.js';
import { authenticateConfluence, type Caller } from '../auth.js';
import { ApiError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { resolveSite } from '../site-routing.js';
import type { DecisionLog } from './decision-log.js';

/**
 * What every content endpoint knows once its request is authenticated: the site it addresses,
 * the Caller (the HTTP identity) and the Subject the engine decides for, and the org's snapshot —
 * taken once, so every decision of the request reads one consistent state.
 */
export interface DoorContext {
  readonly site: Site;
  readonly caller: Caller;
  readonly subject: Subject;
  readonly org: OrgSnapshot;
  readonly links: LinkBase;
  /** What the decision log records of the request (denials and soft denials). */
  readonly request: { readonly method: string; readonly url: string };
  readonly decisionLog: DecisionLog;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The door context of a content request (null outside the content APIs). */
    door: DoorContext | null;
  }
}

/** `Atl-Confluence-With-Admin-Key: true`: the caller asks to bypass restrictions (R7). */
export function adminKeyRequested(request: FastifyRequest): boolean {
  return request.headers['atl-confluence-with-admin-key'] === 'true';
}

/**
 * C1: the caller as the engine sees it. A user's admin key counts only with the header (the
 * engine checks they are a site admin); an app is itself (its app user, scopes and appAccess).
 */
export function subjectOf(caller: Caller, request: FastifyRequest): Subject {
  if (caller.kind === 'user') {
    return { type: 'user', accountId: caller.user.accountId, adminKey: adminKeyRequested(request) };
  }
  if (caller.kind === 'app') return { type: 'app', ari: caller.app.ari };
  return { type: 'anonymous' };
}

/**
 * Site routing and authentication of the content APIs, as an `onRequest` hook of their plugin:
 * before the body is parsed or validated, so a request with bad credentials is a 401 whatever its
 * body says.
 */
export function registerDoorContext(app: FastifyInstance, services: Services): void {
  app.decorateRequest('door', null);
  app.addHook('onRequest', async (request) => {
    const snapshot = services.index.snapshot();
    const site = resolveSite(request, snapshot, services.config.defaultSite);
    const org = snapshot.org(site.orgId);
    if (!org) throw new ApiError('SITE_NOT_FOUND', `No site with cloudId ${site.cloudId}`);
    const caller = authenticateConfluence(request, snapshot, site);
    const subject = subjectOf(caller, request);
    if (
      subject.type === 'user' &&
      subject.adminKey &&
      caller.kind === 'user' &&
      caller.user.siteAdmin
    ) {
      // semantics §8 decision 8: every access through the admin key is recorded.
      request.log.warn(
        {
          audit: 'admin-key',
          accountId: caller.user.accountId,
          method: request.method,
          url: request.url.split('?')[0],
        },
        'admin key used to bypass space permissions and page restrictions',
      );
    }
    const base = `${request.protocol}://${request.headers.host ?? 'localhost'}/wiki`;
    request.door = {
      site,
      caller,
      subject,
      org,
      links: { base },
      request: { method: request.method, url: request.url },
      decisionLog: services.decisionLog,
    };
  });
}

/** The door context of a content route (its hook has run). */
export function doorContext(request: FastifyRequest): DoorContext {
  if (!request.door) throw new ApiError('INTERNAL', 'content request context missing');
  return request.door;
}

/** The audit log's actor for a Confluence caller (A2): the user, the app (and its app user). */
export function actorOf(caller: Caller): AuditActor {
  if (caller.kind === 'user') {
    const { accountId, displayName, email } = caller.user;
    return {
      id: accountId,
      name: displayName,
      ...(email !== null ? { email } : {}),
      auth: { authType: 'api-token' },
    };
  }
  if (caller.kind === 'app') {
    const app = caller.app;
    return {
      id: app.accountId ?? app.ari,
      name: app.name,
      auth: { authType: 'connect-token' },
      app: { id: app.ari, type: 'app', attributes: { key: app.key } },
    };
  }
  return { id: 'anonymous', name: 'Anonymous' };
}

/** Who a content write is by and from where (the audit log's actor and location). */
export function doorOrigin(request: FastifyRequest): AuditOrigin {
  return { actor: actorOf(doorContext(request).caller), location: { ip: request.ip } };
}
