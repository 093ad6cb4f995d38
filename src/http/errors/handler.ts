import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OrgNotInDatabase } from '../../commands/export-tenant.js';
import { OrgStateError } from '../../commands/orgs.js';
import { PolicyNotFound } from '../../commands/policies/write.js';
import { TenantFileError } from '../../tenant/parse.js';
import { FaultRuleError } from '../faults/rules.js';
import { RestrictionInputError } from '../../domain/confluence/restriction-update.js';
import { PolicyRuleError } from '../../domain/policies/model.js';
import type { DialectAdapter } from '../../storage/dialects/dialect.js';
import { ApiError } from './catalogue.js';
import { familyOf, renderError } from './render.js';

/** How long a client should wait before retrying while the database is away (F10). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Maps whatever was thrown to a catalogued ApiError; a database that is away becomes a 503
 * (`isUnavailable`, from the dialect adapter), anything unknown a 500.
 */
export function toApiError(
  error: unknown,
  isUnavailable: (error: unknown) => boolean = () => false,
): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof PolicyRuleError) {
    return new ApiError(error.seed ? 'ADMIN_SEED_RULE' : 'ADMIN_POLICY_INVALID', error.message);
  }
  if (error instanceof PolicyNotFound) return new ApiError('ADMIN_NOT_FOUND', error.message);
  if (error instanceof RestrictionInputError)
    return new ApiError('RESTRICTION_INVALID', error.message);
  if (error instanceof OrgStateError) {
    const code = {
      'not-found': 'ORG_NOT_FOUND',
      exists: 'ORG_EXISTS',
      conflict: 'ORG_CONFLICT',
    } as const;
    return new ApiError(code[error.kind], error.message);
  }
  if (error instanceof OrgNotInDatabase) {
    return new ApiError('ORG_NOT_FOUND', `Organization ${error.orgId} not found`);
  }
  if (error instanceof TenantFileError)
    return new ApiError('TENANT_INVALID', error.problems.join('; '));
  if (error instanceof FaultRuleError) return new ApiError('FAULT_RULES_INVALID', error.message);
  const e = error as Partial<FastifyError> & { validation?: unknown; validationContext?: string };
  if (Array.isArray(e.validation) && e.validation.length > 0) {
    return new ApiError(
      'REQUEST_VALIDATION',
      describeValidation(e.validation, e.validationContext),
    );
  }
  if (isUnavailable(error)) {
    return new ApiError(
      'SERVICE_UNAVAILABLE',
      `The database is not available; nothing was written. Retry in ${RETRY_AFTER_SECONDS} seconds`,
    );
  }
  const transport = transportError(e);
  if (transport) return transport;
  return new ApiError('INTERNAL', 'Internal server error');
}

/** Errors Fastify and Node raise about the request itself (F3). */
function transportError(e: Partial<FastifyError>): ApiError | undefined {
  switch (e.code) {
    case 'FST_ERR_BAD_URL':
      return new ApiError('REQUEST_BAD_URL', 'The URL is not valid percent-encoded UTF-8');
    case 'FST_ERR_CTP_INVALID_TYPE':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        'REQUEST_UNSUPPORTED_MEDIA_TYPE',
        'Unsupported content type; send application/json',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('REQUEST_TOO_LARGE', 'Request body is too large');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(
        'REQUEST_INVALID_JSON',
        'Body is empty but Content-Type is application/json',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('REQUEST_MALFORMED', 'Content-Length does not match the body');
  }
  switch (e.statusCode) {
    case 400:
      return new ApiError('REQUEST_MALFORMED', 'The request could not be read');
    case 408:
      return new ApiError('REQUEST_TIMEOUT', 'The request did not arrive in time');
    case 413:
      return new ApiError('REQUEST_TOO_LARGE', 'Request body is too large');
    case 415:
      return new ApiError(
        'REQUEST_UNSUPPORTED_MEDIA_TYPE',
        'Unsupported content type; send application/json',
      );
    case 431:
      return new ApiError('REQUEST_HEADERS_TOO_LARGE', 'Request headers are too large');
  }
  return undefined;
}

export interface ValidationItem {
  instancePath?: string;
  schemaPath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `/0/restrictions/user` → `[0].restrictions.user` */
function pathOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join('');
}

/** The branch of a union (anyOf/oneOf) an error belongs to: its schema path up to the branch. */
const branchOf = (item: ValidationItem) =>
  /^(.*\/(?:anyOf|oneOf)\/\d+)\//.exec(item.schemaPath ?? '')?.[1] ?? '';

/**
 * The errors worth reading: without a union's summary ("must match a schema in anyOf"), and of a
 * union only the branch that got furthest into the value — the one the client meant.
 */
function relevant(items: ValidationItem[]): ValidationItem[] {
  const real = items.filter((i) => i.keyword !== 'anyOf' && i.keyword !== 'oneOf');
  if (real.length === 0) return items;
  const depth = (i: ValidationItem) => (i.instancePath ?? '').split('/').length;
  const score = (i: ValidationItem) => depth(i) * 2 + (i.keyword === 'type' ? 0 : 1);
  const best = real.reduce((a, b) => (score(b) > score(a) ? b : a));
  const branch = branchOf(best);
  return branch === '' ? real : real.filter((i) => branchOf(i) === branch);
}

export function describeValidation(items: ValidationItem[], context = 'body'): string {
  return relevant(items)
    .slice(0, 5)
    .map((item) => {
      const extra =
        typeof item.params?.additionalProperty === 'string'
          ? `/${item.params.additionalProperty}`
          : typeof item.params?.missingProperty === 'string'
            ? `/${item.params.missingProperty}`
            : '';
      const path = `${context}${pathOf(`${item.instancePath ?? ''}${extra}`)}`;
      const allowed = Array.isArray(item.params?.allowedValues)
        ? ` (${(item.params.allowedValues as unknown[]).join(', ')})`
        : '';
      return `${path}: ${item.message ?? 'is invalid'}${allowed}`;
    })
    .join('; ');
}

export function registerErrorHandling(
  app: FastifyInstance,
  storage: { adapter: Pick<DialectAdapter, 'isUnavailable'> },
): void {
  const isUnavailable = (error: unknown) => storage.adapter.isUnavailable(error);
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error, isUnavailable);
    if (apiError.code === 'INTERNAL') {
      request.log.error({ err: error, reqId: request.id }, 'unexpected error');
    } else if (apiError.code === 'SERVICE_UNAVAILABLE') {
      // The cause, not the stack: this is the database being away, not a bug.
      request.log.warn(
        { reqId: request.id, cause: error instanceof Error ? error.message : String(error) },
        'database unavailable',
      );
    }
    return sendApiError(request, reply, apiError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendApiError(
      request,
      reply,
      new ApiError('ROUTE_NOT_FOUND', `No endpoint ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}

export function sendApiError(request: FastifyRequest, reply: FastifyReply, error: ApiError) {
  const path = request.url.split('?')[0] ?? '/';
  if (error.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(error.status)
    .header('x-request-id', request.id)
    .type('application/json; charset=utf-8')
    .send(renderError(error.extra.family ?? familyOf(path), error, request.id));
}
