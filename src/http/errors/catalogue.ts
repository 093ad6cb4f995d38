/**
 * Every error Gatehouse answers, in one place. `docs/errors.md` lists the same codes (a test
 * keeps the two in step). Each API renders an entry in its own wire format (`render.ts`).
 */
import { ADMIN_ERRORS } from './admin-errors.js';
import { CONFLUENCE_ERRORS } from './confluence-errors.js';
import { JIRA_ERRORS } from './jira-errors.js';
import { RELIABILITY_ERRORS } from './reliability-errors.js';
import { GATEHOUSE_ERRORS } from './gatehouse-errors.js';

import type { CatalogueEntry } from './entry.js';
import type { ApiFamily } from './render.js';

export type { CatalogueEntry };

const FOUNDATION = {
  REQUEST_INVALID_JSON: {
    status: 400,
    meaning: 'The body is not valid JSON.',
    fix: 'Send a well-formed JSON document.',
  },
  REQUEST_BAD_CHARACTERS: {
    status: 400,
    meaning:
      'The body holds invalid UTF-8, a NUL character, a lone surrogate, or a prototype key (`__proto__`, `constructor.prototype`).',
    fix: 'Remove the named character or key.',
  },
  REQUEST_VALIDATION: {
    status: 400,
    meaning: 'A field of the body, query or path breaks the endpoint schema; the message names it.',
    fix: 'Correct the named field.',
  },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning: 'The body has a content type the endpoint does not accept.',
    fix: 'Send `Content-Type: application/json`.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    meaning: 'The body is larger than the limit (`--body-limit`, default 1 MiB).',
    fix: 'Send a smaller body or raise the limit.',
  },
  AUTH_MISSING: {
    status: 401,
    meaning: 'The endpoint needs credentials and the request has none.',
    fix: 'Send `Authorization: Bearer <key>` (Admin API) or Basic/Bearer credentials (Confluence).',
  },
  AUTH_INVALID: {
    status: 401,
    meaning:
      'The credentials are malformed or unknown (a wrong token is never treated as anonymous).',
    fix: 'Check the email and API token, app token or Admin API key in the tenant file.',
  },
  ADMIN_NOT_FOUND: {
    status: 404,
    meaning:
      'The org, or a policy in it, does not exist for this key; a key of another org gets the same answer.',
    fix: 'Use the org id and policy id that belong to your Admin API key.',
  },
  SITE_NOT_FOUND: {
    status: 404,
    meaning: 'No site answers this request (Host, gateway cloudId or default site).',
    fix: 'Use `Host: {site}.localhost`, `/ex/confluence/{cloudId}/wiki/…`, or `--default-site`.',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    wireCode: 'NOT_FOUND',
    meaning: 'No such endpoint.',
    fix: 'Check the path and method.',
  },
  NOT_IMPLEMENTED: {
    status: 501,
    wireCode: 'NOT_IMPLEMENTED',
    meaning: 'An Atlassian endpoint that Gatehouse does not implement.',
    fix: 'See README for the implemented endpoints.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    meaning:
      'The database does not answer (PostgreSQL stopped, restarting or unreachable) or refuses to write (a read-only or full SQLite file); nothing was written, and `Retry-After` says when to try again.',
    fix: 'Retry after `Retry-After` seconds; `/readyz` answers 200 again once the database is back.',
  },
  INTERNAL: {
    status: 500,
    meaning: 'An unexpected error; the body carries the request id to find it in the log.',
    fix: 'Report it with the request id.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/**
 * Every code: the foundation's, the transport's and database's, the Admin API's, Confluence's,
 * Jira's and Gatehouse's own.
 */
export const CATALOGUE = {
  ...FOUNDATION,
  ...RELIABILITY_ERRORS,
  ...ADMIN_ERRORS,
  ...CONFLUENCE_ERRORS,
  ...JIRA_ERRORS,
  ...GATEHOUSE_ERRORS,
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof CATALOGUE;

/** Thrown by handlers and hooks; rendered by the error handler in the API's own format. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /**
     * Extra fields some formats carry (a wire code that overrides the catalogue's), the status
     * of a fault rule, which the rule chooses, and the API family whose format the error takes
     * when it is not the path's (a rehearsal answers a refused publish batch exactly as publish
     * does, H3).
     */
    readonly extra: { wireCode?: string; status?: number; family?: ApiFamily } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = extra.status ?? CATALOGUE[code].status;
  }
}

export function catalogueEntry(code: ErrorCode): CatalogueEntry {
  return CATALOGUE[code];
}
