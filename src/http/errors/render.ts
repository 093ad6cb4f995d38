import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { catalogueEntry, type ApiError } from './catalogue.js';

/** Each API family answers errors in its own real wire format (docs/errors.md). */
export type ApiFamily =
  | 'admin'
  | 'admin-org'
  | 'confluence-v1'
  | 'confluence-v2'
  | 'jira'
  | 'gatehouse';

/** Jira's REST API and its export URLs (`/si/…`, `/sr/…`) answer in Jira's ErrorCollection. */
const JIRA_PATHS = /^\/(rest\/api\/[23](\/|$)|si\/|sr\/)/;

export function familyOf(path: string): ApiFamily {
  if (path.startsWith('/admin/v1/')) return 'admin-org';
  if (path.startsWith('/admin/')) return 'admin';
  if (JIRA_PATHS.test(path)) return 'jira';
  if (path.startsWith('/wiki/api/v2/')) return 'confluence-v2';
  if (path.startsWith('/wiki/') || path === '/wiki') return 'confluence-v1';
  return 'gatehouse';
}

const V2_CODES: Record<number, string> = {
  400: 'INVALID_REQUEST_PARAMETER',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  409: 'CONFLICT',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function renderError(family: ApiFamily, error: ApiError, requestId: string): unknown {
  const status = error.status;
  const reason = STATUS_CODES[status] ?? 'Error';
  const entry = catalogueEntry(error.code);
  const wireCode = error.extra.wireCode ?? entry.wireCode;
  const message =
    status >= 500 && status !== 501 && status !== 503
      ? `${error.message} (request id ${requestId})`
      : error.message;
  switch (family) {
    case 'admin':
      if (status === 400 || status >= 500) {
        return {
          errors: [
            {
              id: status >= 500 ? requestId : randomUUID(),
              status: String(status),
              code: wireCode ?? `ADMIN-${status}`,
              title: reason,
              detail: message,
            },
          ],
        };
      }
      return { code: status, message };
    case 'admin-org':
      // The Organizations API (audit log): JSON:API errors for every status, `ADMIN-{status}-n`.
      return {
        errors: [
          {
            id: status >= 500 ? requestId : randomUUID(),
            status: String(status),
            code:
              wireCode ?? (error.code === 'ADMIN_NOT_FOUND' ? 'ADMIN-404-2' : `ADMIN-${status}`),
            title: reason,
            detail: message,
          },
        ],
      };
    case 'confluence-v1':
      return {
        statusCode: status,
        data: {
          authorized: status !== 401 && status !== 403,
          valid: status !== 400,
          allowedInReadOnlyMode: true,
          errors: status === 401 ? ['AUTHENTICATION_DENIED'] : [],
          successful: false,
        },
        message,
        reason,
      };
    case 'jira':
      // Jira's ErrorCollection: messages in `errorMessages`, field errors in `errors`.
      return { errorMessages: [message], errors: {} };
    case 'confluence-v2':
    case 'gatehouse':
      return {
        errors: [
          {
            status,
            code: wireCode ?? V2_CODES[status] ?? error.code,
            title: reason,
            detail: message,
          },
        ],
        ...(family === 'gatehouse' ? { requestId } : {}),
      };
  }
}
