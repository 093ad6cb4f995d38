import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors/catalogue.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './hardening/json-depth.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies: strict UTF-8, and strings that every database can store. A NUL or a lone surrogate
 * would be stored by SQLite but refused (or silently altered) elsewhere, so both are a 400 that
 * names the field, before any write. Nesting is bounded before parsing (F6), which also bounds the
 * recursion of `checkValue`.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // Fastify's own text/plain parser would hand a JSON endpoint a string (a 400 about the body's
  // type); a content type no endpoint accepts is a 415 (F3).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(\s*;.*)?$/i,
    { parseAs: 'buffer' },
    (_request, body: Buffer, done) => {
      try {
        done(null, parseJsonBody(body));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new ApiError('REQUEST_BAD_CHARACTERS', 'Body is not valid UTF-8');
  }
  if (nestsDeeperThan(text)) {
    throw new ApiError(
      'REQUEST_JSON_TOO_DEEP',
      `Body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'parse error';
    throw new ApiError('REQUEST_INVALID_JSON', `Body is not valid JSON: ${reason}`);
  }
  checkValue(value, 'body');
  return value;
}

function checkValue(value: unknown, path: string): void {
  if (typeof value === 'string') {
    checkString(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkValue(item, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__' || (key === 'prototype' && path.endsWith('.constructor'))) {
        throw new ApiError(
          'REQUEST_BAD_CHARACTERS',
          `${path}: prototype keys such as "${key}" are not allowed`,
        );
      }
      checkString(key, `${path} (a key)`);
      checkValue(item, `${path}.${key}`);
    }
  }
}

function checkString(value: string, path: string): void {
  if (value.includes('\u0000')) {
    throw new ApiError('REQUEST_BAD_CHARACTERS', `${path}: NUL characters are not allowed`);
  }
  if (!value.isWellFormed()) {
    throw new ApiError(
      'REQUEST_BAD_CHARACTERS',
      `${path}: lone surrogate characters are not allowed`,
    );
  }
}
