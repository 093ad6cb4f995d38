import { session } from '../../../domain/decision/engine.js';
import { permittedContent, permittedSubjects } from '../../../domain/decision/lists.js';
import type { DecisionFacts } from '../../../domain/decision/types.js';
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
  const snapshotFor = (request: FastifyRequest): OrgSnapshot => {
    const orgId = adminOrg(request);
    const snapshot = services.index.snapshot().org(orgId);
    if (!snapshot) throw new ApiError('ADMIN_NOT_FOUND', orgNotFound(orgId));
    return snapshot;
  };
  const factsFor = (request: FastifyRequest): DecisionFacts => snapshotFor(request).facts;
  const check = (snapshot: OrgSnapshot, body: CheckBody) => {
    const { subject, action, resource } = body;
    const facts = snapshot.facts;
    const decision = session(facts, subject).decide(action, resource);
    const answer = presentDecision(decision, { subject, action, resource });
    if (body.suggest !== true || decision.decision === 'allow') return answer;
    // S2: every suggestion was decided allow on a hypothetical snapshot of this one.
    const suggestions = suggestToAllow(
      facts,
      { subject, action, resource },
      hypothesisOf(snapshot),
    );
    return { ...answer, toAllow: presentSuggestions(facts, suggestions) };
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
    (request) => check(snapshotFor(request), request.body),
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
      const snapshot = snapshotFor(request);
      return { results: request.body.checks.map((c) => check(snapshot, c)) };
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
      const items = permittedContent(session(facts, body.subject), body.action, body.spaceId);
      const { page, more } = pageAfter(items, (c) => c.id, after, body.limit ?? DEFAULT_LIMIT);
      const last = page[page.length - 1];
      return {
        results: page.map((c) => ({ type: c.type, id: c.id, title: c.title })),
        _links: more && last ? { next: encodeCursor(last.id) } : {},
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
      const facts = factsFor(request);
      const body = request.body;
      const subjects = permittedSubjects(facts, body.action, body.resource);
      const key = (s: (typeof subjects)[number]) =>
        s.type === 'user'
          ? `user:${s.accountId}`
          : s.type === 'group'
            ? `group:${s.id}`
            : s.type === 'app'
              ? `app:${s.ari}`
              : 'anonymous';
      const { page, more } = pageAfter(
        subjects,
        key,
        decodeCursor(body.cursor),
        body.limit ?? DEFAULT_LIMIT,
      );
      const last = page[page.length - 1];
      return { results: page, _links: more && last ? { next: encodeCursor(key(last)) } : {} };
    },
  );
}
