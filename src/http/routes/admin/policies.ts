import { createDraft, updateDraft } from '../../../commands/policies/drafts.js';
import { deletePolicy } from '../../../commands/policies/publish.js';
import type { DraftInput } from '../../../domain/policies/drafts.js';
import { PolicyRuleError } from '../../../domain/policies/model.js';
import { findPolicy, pagePolicies } from '../../../storage/repos/policies.js';
import { presentPolicy } from '../../../presenters/policy.js';
import { adminActor, adminOrigin, policyNotFound } from '../../admin-auth.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  OrgParams,
  PolicyBody,
  PolicyListQuery,
  PolicyListResponse,
  PolicyParams,
  PolicyResponse,
} from '../../schemas/admin-policies.js';
import { emptyResponse } from '../../schemas/empty.js';
import type { Services } from '../../services.js';
import { decodePosition, encodePosition, pageEnvelope } from './paging.js';

export const tags = ['Admin API: data security policies'];
const security = [{ adminApiKey: [] }];
export const notFound = policyNotFound;

function draftInput(body: PolicyBody, creating: boolean): DraftInput {
  const attributes = body.data.attributes;
  const status = attributes.status ?? 'draft';
  if (status !== 'draft') {
    throw new PolicyRuleError(
      creating
        ? `data.attributes.status: only drafts can be created ("${status}"); publish with publishDraftPolicies`
        : `data.attributes.status: only drafts can be updated ("${status}")`,
    );
  }
  return {
    name: attributes.name,
    description: attributes.metadata?.description ?? null,
    coverageLevel: attributes.metadata?.policyCoverageLevel,
    rule: attributes.rule,
    subject: attributes.subject ?? null,
  };
}

export function registerPolicyRoutes(app: FastifyTypebox, services: Services): void {
  app.post(
    '/admin/control/v2/orgs/:orgId/policies',
    {
      schema: {
        tags,
        summary: 'Create a draft data security policy',
        security,
        params: OrgParams,
        body: PolicyBody,
        response: { 202: PolicyResponse },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request);
      const policy = await services.write(
        createDraft(actor, draftInput(request.body, true)),
        adminOrigin(request),
      );
      return reply.code(202).send({ data: presentPolicy(policy) });
    },
  );

  app.get(
    '/admin/control/v2/orgs/:orgId/policies/:policyId',
    {
      schema: {
        tags,
        summary: 'Get a policy',
        security,
        params: PolicyParams,
        response: { 200: PolicyResponse },
      },
    },
    async (request) => {
      const actor = adminActor(request);
      const policy = await findPolicy(services.storage.db, actor.orgId, request.params.policyId);
      if (!policy) throw new ApiError('ADMIN_NOT_FOUND', notFound(request.params.policyId));
      return { data: presentPolicy(policy) };
    },
  );

  app.put(
    '/admin/control/v2/orgs/:orgId/policies/:policyId',
    {
      schema: {
        tags,
        summary: 'Update a draft policy',
        security,
        params: PolicyParams,
        body: PolicyBody,
        response: { 202: PolicyResponse },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request);
      const policy = await services.write(
        updateDraft(actor, request.params.policyId, draftInput(request.body, false)),
        adminOrigin(request),
      );
      return reply.code(202).send({ data: presentPolicy(policy) });
    },
  );

  app.delete(
    '/admin/control/v1/orgs/:orgId/policies/:policyId',
    {
      schema: {
        tags,
        summary: 'Delete a policy (a deleted draft stays readable)',
        security,
        params: PolicyParams,
        response: { 202: emptyResponse('Accepted: the policy is deleted') },
      },
    },
    async (request, reply) => {
      await services.write(
        deletePolicy(adminActor(request), request.params.policyId),
        adminOrigin(request),
      );
      return reply.code(202).send();
    },
  );

  app.get(
    '/admin/control/v2/orgs/:orgId/policies',
    {
      schema: {
        tags,
        summary: 'List policies',
        security,
        params: OrgParams,
        querystring: PolicyListQuery,
        response: { 200: PolicyListResponse },
      },
    },
    async (request) => {
      const actor = adminActor(request);
      const query = request.query;
      const limit = query.limit ?? 50;
      const cursor = decodePosition(query.cursor);
      const filter = {
        status: query.status,
        rule: query.rule,
        coverageLevel: query.policyCoverageLevel,
        limit: limit + 1,
      };
      const rows =
        cursor?.direction === 'prev'
          ? await pagePolicies(services.storage.db, actor.orgId, {
              ...filter,
              before: cursor.position,
            })
          : await pagePolicies(services.storage.db, actor.orgId, {
              ...filter,
              after: cursor?.position,
            });
      const extra = rows.length > limit;
      const page = cursor?.direction === 'prev' ? rows.slice(extra ? 1 : 0) : rows.slice(0, limit);
      const first = page[0];
      const last = page[page.length - 1];
      const hasNext = cursor?.direction === 'prev' ? true : extra;
      const hasPrev = cursor?.direction === 'prev' ? extra : cursor !== undefined;
      const next = hasNext && last ? encodePosition('next', last) : null;
      const prev = hasPrev && first ? encodePosition('prev', first) : null;
      return {
        data: page.map(presentPolicy),
        ...pageEnvelope(
          `/admin/control/v2/orgs/${actor.orgId}/policies`,
          { ...query },
          page.length,
          next,
          prev,
        ),
      };
    },
  );
}
