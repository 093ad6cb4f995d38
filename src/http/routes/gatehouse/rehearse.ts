import type { FastifyReply, FastifyRequest } from 'fastify';
import { BatchRefused, type PublishBatch } from '../../../domain/rehearsal/plan.js';
import type { Rehearsal } from '../../../domain/rehearsal/rehearse.js';
import { rehearseBatches } from '../../../index/rehearsal-state.js';
import type { OrgSnapshot } from '../../../index/org-snapshot.js';
import { changeKey, presentRehearsal } from '../../../presenters/rehearsal.js';
import { adminOrg, orgNotFound } from '../../admin-auth.js';
import { decodeCursor, encodeCursor } from '../../cursor.js';
import { ApiError } from '../../errors/catalogue.js';
import { describeValidation, toApiError, type ValidationItem } from '../../errors/handler.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { OrgParams } from '../../schemas/decisions.js';
import {
  RehearseBody,
  RehearseResponse,
  RehearseSubjectsBody,
  RehearseSubjectsResponse,
} from '../../schemas/rehearse.js';
import type { Services } from '../../services.js';

const tags = ['Gatehouse rehearsal'];
const security = [{ adminApiKey: [] }];
const DEFAULT_LIMIT = 25;
const DEFAULT_SUBJECTS = 100;
/** Names the batch a refusal is about (the body is publish's own, H3). */
export const BATCH_HEADER = 'x-gatehouse-batch';

/**
 * H3: a batch whose body breaks publish's schema is refused with publish's own error — the path
 * inside the batch, the Admin API format — and the batch's index in a header.
 */
function refuseInvalidBatch(request: FastifyRequest, reply: FastifyReply): void {
  const error = request.validationError;
  if (!error) return;
  const items = error.validation as ValidationItem[];
  const first = items[0];
  const match = /^\/publish\/(\d+)(\/.*)?$/.exec(first?.instancePath ?? '');
  if (!match) throw toApiError(error);
  const prefix = `/publish/${match[1]}`;
  const inBatch = items
    .filter((i) => (i.instancePath ?? '').startsWith(prefix))
    .map((i) => ({
      ...i,
      instancePath: (i.instancePath ?? '').slice(prefix.length),
      schemaPath: (i.schemaPath ?? '').replace(/^#\/properties\/publish\/items/, '#'),
    }));
  reply.header(BATCH_HEADER, match[1]);
  throw new ApiError('REQUEST_VALIDATION', describeValidation(inBatch, error.validationContext), {
    family: 'admin',
  });
}

export function registerRehearseRoutes(app: FastifyTypebox, services: Services): void {
  const snapshotFor = (request: FastifyRequest): OrgSnapshot => {
    const orgId = adminOrg(request);
    const snapshot = services.index.snapshot().org(orgId);
    if (!snapshot) throw new ApiError('ADMIN_NOT_FOUND', orgNotFound(orgId));
    return snapshot;
  };
  /** The rehearsal, or publish's refusal of a batch (same status and body, H3). */
  const rehearsalFor = async (
    snapshot: OrgSnapshot,
    batches: readonly PublishBatch[],
    reply: FastifyReply,
  ): Promise<Rehearsal> => {
    try {
      return await rehearseBatches(services.storage.db, snapshot, batches);
    } catch (error) {
      if (!(error instanceof BatchRefused)) throw error;
      reply.header(BATCH_HEADER, String(error.index));
      const refusal = toApiError(error.refusal);
      throw new ApiError(refusal.code, refusal.message, { family: 'admin' });
    }
  };

  app.post(
    '/gatehouse/v1/orgs/:orgId/rehearse',
    {
      attachValidation: true,
      schema: {
        tags,
        summary:
          'What would change if these publish batches were published: every decision that flips, grouped, paged (H1–H11)',
        security,
        params: OrgParams,
        body: RehearseBody,
        response: { 200: RehearseResponse },
      },
    },
    async (request, reply) => {
      refuseInvalidBatch(request, reply);
      const snapshot = snapshotFor(request);
      const body = request.body;
      const rehearsal = await rehearsalFor(snapshot, body.publish, reply);
      const changes = rehearsal.changes;
      let from = 0;
      const after = decodeCursor(body.cursor);
      if (after !== undefined) {
        const at = changes.findIndex((c) => changeKey(c) === after);
        if (at < 0) {
          throw new ApiError(
            'REQUEST_VALIDATION',
            'body.cursor: the change it continues from is not in this rehearsal (the state changed, or the batches differ)',
          );
        }
        from = at + 1;
      }
      const limit = body.limit ?? DEFAULT_LIMIT;
      const page = changes.slice(from, from + limit);
      const last = page[page.length - 1];
      const next = from + limit < changes.length && last ? encodeCursor(changeKey(last)) : null;
      return presentRehearsal(snapshot.facts, rehearsal, page, next);
    },
  );

  app.post(
    '/gatehouse/v1/orgs/:orgId/rehearse/subjects',
    {
      attachValidation: true,
      schema: {
        tags,
        summary: 'The exact users of one change of a rehearsal, in accountId order, paged (H10)',
        security,
        params: OrgParams,
        body: RehearseSubjectsBody,
        response: { 200: RehearseSubjectsResponse },
      },
    },
    async (request, reply) => {
      refuseInvalidBatch(request, reply);
      const snapshot = snapshotFor(request);
      const body = request.body;
      const rehearsal = await rehearsalFor(snapshot, body.publish, reply);
      const change = rehearsal.changes.find(
        (c) =>
          c.resource.type === body.resource.type &&
          c.resource.id === body.resource.id &&
          c.action === body.action &&
          (body.before === undefined || c.before === body.before),
      );
      if (!change) {
        throw new ApiError(
          'REHEARSAL_CHANGE_NOT_FOUND',
          `The rehearsal changes no ${body.action} decision of ${body.resource.type} ${body.resource.id}${
            body.before === undefined ? '' : ` from ${body.before}`
          }`,
        );
      }
      const limit = body.limit ?? DEFAULT_SUBJECTS;
      const after = decodeCursor(body.cursor);
      const ids = change.users.page(after, limit + 1);
      const page = ids.slice(0, limit);
      const last = page[page.length - 1];
      const facts = snapshot.facts;
      return {
        change: {
          resource: change.resource,
          action: change.action,
          before: change.before,
          after: change.after,
        },
        total: change.users.count,
        results: page.map((accountId) => ({
          accountId,
          displayName: facts.user(accountId)?.displayName ?? accountId,
        })),
        _links: ids.length > limit && last ? { next: encodeCursor(last) } : {},
      };
    },
  );
}
