import type { FastifyRequest } from 'fastify';
import { decide } from '../../../domain/decision/engine.js';
import { permittedContent, permittedSubjects } from '../../../domain/decision/lists.js';
import type { CheckRequest, DecisionFacts, Subject } from '../../../domain/decision/types.js';
import { authenticateAdmin } from '../../auth.js';
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
  type SubjectInput,
} from '../../schemas/decisions.js';
import type { Services } from '../../services.js';
import type { Static } from '@sinclair/typebox';
import { decodeCursor, encodeCursor, pageAfter } from '../../cursor.js';

const tags = ['Gatehouse decisions'];
const DEFAULT_LIMIT = 25;

/** A subject as the engine takes it; the schema checked the shape, this checks the fields. */
export function toSubject(input: Static<typeof SubjectInput>, path: string): Subject {
  const need = (field: 'accountId' | 'ari', value: string | undefined) => {
    if (value === undefined) {
      throw new ApiError(
        'REQUEST_VALIDATION',
        `${path}.${field}: required for a ${input.type} subject`,
      );
    }
    return value;
  };
  if (input.type === 'user') {
    return {
      type: 'user',
      accountId: need('accountId', input.accountId),
      adminKey: input.adminKey === true,
    };
  }
  if (input.type === 'app') {
    const ari = need('ari', input.ari);
    return input.actingFor === undefined
      ? { type: 'app', ari }
      : { type: 'app', ari, actingFor: input.actingFor };
  }
  return { type: 'anonymous' };
}

export function registerDecisionRoutes(app: FastifyTypebox, services: Services): void {
  const factsFor = (request: FastifyRequest, orgId: string): DecisionFacts => {
    authenticateAdmin(request, services.index, orgId, `Organization ${orgId} not found`);
    const facts = services.index.decisionFacts(orgId);
    if (!facts) throw new ApiError('ADMIN_NOT_FOUND', `Organization ${orgId} not found`);
    return facts;
  };
  const check = (facts: DecisionFacts, body: CheckBody, path: string) => {
    const request: CheckRequest = {
      subject: toSubject(body.subject, `${path}.subject`),
      action: body.action,
      resource: body.resource,
    };
    return {
      ...decide(facts, request),
      subject: body.subject,
      action: body.action,
      resource: body.resource,
    };
  };

  app.post(
    '/gatehouse/v1/orgs/:orgId/check',
    {
      schema: {
        tags,
        summary: 'May this subject do this action on this resource? With every reason.',
        security: [{ adminApiKey: [] }],
        params: OrgParams,
        body: CheckBody,
        response: { 200: DecisionResponse },
      },
    },
    (request) => check(factsFor(request, request.params.orgId), request.body, 'body'),
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
      const facts = factsFor(request, request.params.orgId);
      return { results: request.body.checks.map((c, i) => check(facts, c, `body.checks[${i}]`)) };
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
      const facts = factsFor(request, request.params.orgId);
      const body = request.body;
      const subject = toSubject(body.subject, 'body.subject');
      const after = decodeCursor(body.cursor);
      const items = permittedContent(facts, subject, body.action, body.spaceId);
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
      const facts = factsFor(request, request.params.orgId);
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
