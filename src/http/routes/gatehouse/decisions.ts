import { applyEnforcement } from '../../../domain/decision/enforcement.js';
import { session } from '../../../domain/decision/engine.js';
import { permittedContent, permittedContentAfter } from '../../../domain/decision/lists.js';
import { subjectKey, subjectsPage } from '../../../domain/decision/subject-pages.js';
import { isJiraRef, type DecisionFacts, type ResourceRef } from '../../../domain/decision/types.js';
import { permittedIssues, permittedJiraSubjects } from '../../../domain/jira/lists.js';
import { resolveJiraRef } from '../../../domain/jira/resolve.js';
import { suggestToAllow } from '../../../domain/decision/suggest.js';
import { hypothesisOf } from '../../../index/hypothetical.js';
import type { OrgSnapshot } from '../../../index/org-snapshot.js';
import { presentDecision } from '../../../presenters/decision.js';
import { presentSuggestions } from '../../../presenters/suggestion.js';
import { adminOrg, orgNotFound } from '../../admin-auth.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  BatchBody,
  BatchResponse,
  CheckBody,
  DecisionResponse,
  ListResourcesBody,
  ListResourcesResponse,
  ListSubjectsBody,
  ListSubjectsResponse,
  OrgParams,
} from '../../schemas/decisions.js';
import type { Services } from '../../services.js';
import type { FastifyRequest } from 'fastify';
import { decodeCursor, encodeCursor, pageAfter } from '../../cursor.js';

const tags = ['Gatehouse decisions'];
const DEFAULT_LIMIT = 25;

export function registerDecisionRoutes(app: FastifyTypebox, services: Services): void {
  /** The snapshot of the key's org, taken once for the whole request. */
  const orgFor = (request: FastifyRequest): OrgSnapshot => {
    const orgId = adminOrg(request);
    const org = services.index.snapshot().org(orgId);
    if (!org) throw new ApiError('ADMIN_NOT_FOUND', orgNotFound(orgId));
    return org;
  };
  const factsFor = (request: FastifyRequest): DecisionFacts => orgFor(request).facts;
  /** The enforced decision (G26): under soft or off modes, with what enforcing would answer. */
  const check = (org: OrgSnapshot, body: CheckBody, field = 'body.resource') => {
    requireOneName(body.resource, field);
    const decide = (facts: DecisionFacts) =>
      session(facts, body.subject).decide(body.action, body.resource);
    const result = applyEnforcement(decide(org.facts), org.facts, org.world.enforcement, decide);
    const answer = presentDecision(result.decision, body, result);
    if (body.suggest !== true || result.decision.decision === 'allow') return answer;
    // S2: every suggestion was decided allow on a hypothetical snapshot of this one (modes only
    // relax a denial, so what the engine allows is allowed under any mode too).
    const { subject, action, resource } = body;
    const suggestions = suggestToAllow(org.facts, { subject, action, resource }, hypothesisOf(org));
    return { ...answer, toAllow: presentSuggestions(org.facts, suggestions) };
  };

  app.post(
    '/gatehouse/v1/orgs/:orgId/check',
    {
      schema: {
        tags,
        summary:
          'May this subject do this action on this resource? With every reason, and with `suggest` what would allow a deny.',
        security: [{ adminApiKey: [] }],
        params: OrgParams,
        body: CheckBody,
        response: { 200: DecisionResponse },
      },
    },
    (request) => check(orgFor(request), request.body),
  );

  app.post(
    '/gatehouse/v1/orgs/:orgId/check/batch',
    {
      schema: {
        tags,
        summary: 'Up to 1,000 checks; results in the same order',
        security: [{ adminApiKey: [] }],
        params: OrgParams,
        body: BatchBody,
        response: { 200: BatchResponse },
      },
    },
    (request) => {
      const org = orgFor(request);
      return {
        results: request.body.checks.map((c, i) => check(org, c, `body.checks[${i}].resource`)),
      };
    },
  );

  app.post(
    '/gatehouse/v1/orgs/:orgId/list-resources',
    {
      schema: {
        tags,
        summary: 'The pages and blog posts a subject may do an action on',
        security: [{ adminApiKey: [] }],
        params: OrgParams,
        body: ListResourcesBody,
        response: { 200: ListResourcesResponse },
      },
    },
    (request) => {
      const facts = factsFor(request);
      const body = request.body;
      const after = decodeCursor(body.cursor);
      if (body.projectId !== undefined) return listIssues(facts, body, after);
      const pages = facts.pages;
      const subject = session(facts, body.subject);
      // a cursor resumes the walk at its page (nothing before it decided again)
      const from = after === undefined ? -1 : pages.slotOf(after);
      const slots =
        from === -1
          ? permittedContent(subject, body.action, body.spaceId)
          : permittedContentAfter(subject, body.action, from, body.spaceId);
      const { page, more } = pageAfter(
        slots,
        (slot) => pages.id(slot),
        from === -1 ? after : undefined,
        body.limit ?? DEFAULT_LIMIT,
      );
      const last = page[page.length - 1];
      return {
        results: page.map((slot) => ({
          type: pages.isBlogPost(slot) ? ('blogpost' as const) : ('page' as const),
          id: pages.id(slot),
          title: pages.title(slot),
        })),
        _links: more && last !== undefined ? { next: encodeCursor(pages.id(last)) } : {},
      };
    },
  );

  app.post(
    '/gatehouse/v1/orgs/:orgId/list-subjects',
    {
      schema: {
        tags,
        summary: 'Who may do an action on a resource: users, groups, apps, anonymous',
        security: [{ adminApiKey: [] }],
        params: OrgParams,
        body: ListSubjectsBody,
        response: { 200: ListSubjectsResponse },
      },
    },
    (request) => {
      // one snapshot for both the facts and its reverse lookup
      const org = orgFor(request);
      const facts = org.facts;
      const body = request.body;
      requireOneName(body.resource, 'body.resource');
      const after = decodeCursor(body.cursor);
      const limit = body.limit ?? DEFAULT_LIMIT;
      // Confluence: a page of the reverse lookup, resumed by binary search; Jira: its own list
      const { page, more } = isJiraRef(body.resource)
        ? pageAfter(
            permittedJiraSubjects(facts, body.action, body.resource),
            subjectKey,
            after,
            limit,
          )
        : subjectsPage(facts, org.audience().of(body.action, body.resource), after, limit);
      const last = page[page.length - 1];
      return {
        results: page,
        _links: more && last ? { next: encodeCursor(subjectKey(last)) } : {},
      };
    },
  );
}

/** A Jira resource is named by exactly one of `id` and `key` (J1). */
function requireOneName(resource: ResourceRef, field: string): void {
  if (!isJiraRef(resource)) return;
  if ((resource.id === undefined) === (resource.key === undefined)) {
    throw new ApiError('REQUEST_VALIDATION', `${field}: give exactly one of id and key`);
  }
}

/** J18: one page of the issues of `projectId` the subject may do the action on, in key order. */
function listIssues(facts: DecisionFacts, body: ListResourcesBody, after: string | undefined) {
  const target = resolveJiraRef(facts.jira, {
    type: 'project',
    id: body.projectId!,
    ...(body.cloudId !== undefined ? { cloudId: body.cloudId } : {}),
  });
  if ('rule' in target) throw new ApiError('REQUEST_VALIDATION', `body.projectId: ${target.text}`);
  if (target.kind !== 'project') throw new ApiError('INTERNAL', 'a project was expected');
  const limit = body.limit ?? DEFAULT_LIMIT;
  const page = [];
  let more = false;
  for (const issue of permittedIssues(
    session(facts, body.subject),
    body.action,
    target.project,
    after,
  )) {
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(issue);
  }
  const last = page[page.length - 1];
  return {
    results: page.map((i) => ({ type: 'issue', id: i.id, key: i.key, title: i.summary })),
    _links: more && last ? { next: encodeCursor(last.id) } : {},
  };
}
