import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/catalogue.js';
import { familyOf, renderError } from '../errors/render.js';
import { resetHeader } from './rate-limit.js';
import type { FaultApi } from './rules.js';

/** The 429 headers Atlassian documents (docs/errors.md; https://developer.atlassian.com/cloud/confluence/rate-limiting/). */
export function rateLimitHeaders(limit: {
  retryAfterSeconds: number;
  limit: number;
  resetAt: number;
  reason: string;
}): Record<string, string> {
  return {
    'retry-after': String(limit.retryAfterSeconds),
    'x-ratelimit-limit': String(limit.limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': resetHeader(limit.resetAt),
    'ratelimit-reason': limit.reason,
  };
}

/** An error answered before the route ran, in the API's own format (Jira's ErrorCollection too). */
export function sendEarlyError(
  request: FastifyRequest,
  reply: FastifyReply,
  api: FaultApi,
  error: ApiError,
  headers: Record<string, string> = {},
) {
  // `admin` rules cover the Organizations API too, which answers in its own format
  const body = renderError(
    api === 'admin' ? familyOf(request.url.split('?')[0]!) : api,
    error,
    request.id,
  );
  return reply
    .code(error.status)
    .headers(headers)
    .type('application/json; charset=utf-8')
    .send(body);
}

export function faultError(status: number): ApiError {
  if (status === 429) return new ApiError('RATE_LIMITED', 'Rate limit exceeded.');
  return new ApiError('FAULT_INJECTED', `Injected fault: ${status}`, { status });
}
