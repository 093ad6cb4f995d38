import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditOrigin } from '../../domain/audit/event.js';
import type { Subject } from '../../domain/decision/types.js';
import type { Site } from '../../domain/world.js';
import type { OrgSnapshot } from '../../index/org-snapshot.js';
import { authenticateConfluence, type Caller } from '../auth.js';
import { ApiError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { gatewayCloudId, resolveSite } from '../site-routing.js';
import { actorOf } from './context.js';
import type { DecisionLog } from './decision-log.js';

/**
 * What every Jira endpoint knows once its request is authenticated (docs/jira.md J19): the site,
 * the Caller and the Subject the engine decides for, the org's snapshot (taken once), and the
 * base URL links are built on (`{origin}` or `{origin}/ex/jira/{cloudId}`).
 */
export interface JiraContext {
  readonly site: Site;
  readonly caller: Caller;
  readonly subject: Subject;
  readonly org: OrgSnapshot;
  readonly base: string;
  /** What the decision log records of the request (denials and soft denials). */
  readonly request: { readonly method: string; readonly url: string };
  readonly decisionLog: DecisionLog;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The context of a Jira request (null outside the Jira APIs). */
    jira: JiraContext | null;
  }
}

/**
 * J19/J7: the caller as the engine sees it. Jira has no admin key: a user is always decided
 * without it (site admins get no implicit browse); an app is itself.
 */
export function jiraSubjectOf(caller: Caller): Subject {
  if (caller.kind === 'user') return { type: 'user', accountId: caller.user.accountId };
  if (caller.kind === 'app') return { type: 'app', ari: caller.app.ari };
  return { type: 'anonymous' };
}

/**
 * Site routing and authentication of the Jira APIs, as the `onRequest` hook of their plugin:
 * `Basic email:apiToken`, an app's `Bearer` token, or anonymous — before any body is parsed.
 */
export function registerJiraContext(app: FastifyInstance, services: Services): void {
  app.decorateRequest('jira', null);
  app.addHook('onRequest', async (request) => {
    const snapshot = services.index.snapshot();
    const site = resolveSite(request, snapshot, services.config.defaultSite);
    if (!site.products.includes('jira')) {
      throw new ApiError('SITE_NOT_FOUND', `The site ${site.name} has no Jira`);
    }
    const org = snapshot.org(site.orgId);
    if (!org) throw new ApiError('SITE_NOT_FOUND', `No site with cloudId ${site.cloudId}`);
    const caller = authenticateConfluence(request, snapshot, site);
    const origin = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    const gateway = gatewayCloudId(request);
    const base =
      gateway === undefined ? origin : `${origin}/ex/jira/${encodeURIComponent(gateway)}`;
    request.jira = {
      site,
      caller,
      subject: jiraSubjectOf(caller),
      org,
      base,
      request: { method: request.method, url: request.url },
      decisionLog: services.decisionLog,
    };
  });
}

/** The context of a Jira route (its hook has run). */
export function jiraContext(request: FastifyRequest): JiraContext {
  if (!request.jira) throw new ApiError('INTERNAL', 'Jira request context missing');
  return request.jira;
}

/** Who a Jira write is by and from where (the audit log's actor and location). */
export function jiraOrigin(request: FastifyRequest): AuditOrigin {
  return { actor: actorOf(jiraContext(request).caller), location: { ip: request.ip } };
}
