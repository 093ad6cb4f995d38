import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/catalogue.js';
import { hasControlCharacter, isUnstorable } from './characters.js';
import {
  forgetSocketRequest,
  safeDecode,
  takeDeferredError,
  trackResponse,
} from './pre-routing.js';

/**
 * The first `onRequest` hook, before site routing and authentication: whatever the pre-routing
 * rewrite found (F1), and the shape every path and query must have on every route, the same on
 * both dialects (F4, F5): no dot segments, no control characters in a path parameter, no NUL in a
 * query value. A value PostgreSQL cannot store never reaches a query.
 */
export function registerRequestShape(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    trackResponse(request.raw, reply.raw);
    const deferred = takeDeferredError(request.raw);
    if (deferred) throw deferred;
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw new ApiError('REQUEST_MALFORMED', 'An HTTP/1.1 request needs a Host header');
    }
    checkPath(request);
    checkParams(request.params);
    checkQuery(request.query);
  });
  app.addHook('onResponse', async (request) => {
    forgetSocketRequest(request.raw);
  });
}

/** `.` and `..` segments, also percent-encoded (`%2e%2E`), as sent (before the gateway rewrite). */
function checkPath(request: FastifyRequest): void {
  const raw = (request.originalUrl ?? request.raw.url ?? '/').split('?')[0] ?? '/';
  for (const segment of raw.split('/')) {
    const dots = segment.replace(/%2e/gi, '.');
    if (dots === '.' || dots === '..') {
      throw new ApiError(
        'REQUEST_BAD_URL',
        'The path holds a dot segment ("." or ".."); address resources by their id',
      );
    }
    if (segment.includes('%')) {
      const decoded = safeDecode(segment);
      if (decoded === undefined) {
        throw new ApiError('REQUEST_BAD_URL', 'The URL is not valid percent-encoded UTF-8');
      }
      if (hasControlCharacter(decoded)) {
        throw new ApiError('REQUEST_BAD_URL', 'The path holds a control character');
      }
    } else if (hasControlCharacter(segment)) {
      throw new ApiError('REQUEST_BAD_URL', 'The path holds a control character');
    }
  }
}

function checkParams(params: unknown): void {
  if (params === null || typeof params !== 'object') return;
  for (const [name, value] of Object.entries(params)) {
    if (name === '*' || typeof value !== 'string') continue;
    if (value === '.' || value === '..') {
      throw new ApiError('REQUEST_VALIDATION', `params.${name}: "${value}" is not an id`);
    }
    if (hasControlCharacter(value)) {
      throw new ApiError(
        'REQUEST_VALIDATION',
        `params.${name}: control characters are not allowed`,
      );
    }
  }
}

function checkQuery(query: unknown): void {
  if (query === null || typeof query !== 'object') return;
  for (const [name, value] of Object.entries(query)) {
    if (isUnstorable(name)) {
      throw new ApiError('REQUEST_BAD_CHARACTERS', 'query: a parameter name holds a NUL character');
    }
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (typeof item === 'string' && isUnstorable(item)) {
        throw new ApiError(
          'REQUEST_BAD_CHARACTERS',
          `query.${name}: NUL and lone surrogate characters are not allowed`,
        );
      }
    }
  }
}
