import { STATUS_CODES } from 'node:http';
import { CATALOGUE, type ErrorCode } from '../errors/catalogue.js';
import { familyOf, type ApiFamily } from '../errors/render.js';
import { ANSWERED_WHILE_LOADING } from '../loading.js';
import { errorBodySchema } from './error-bodies.js';

/** What of a route decides the errors it can answer. */
export interface RouteShape {
  method: string;
  url: string;
  schema: {
    tags?: readonly string[];
    security?: readonly unknown[];
    body?: unknown;
    querystring?: unknown;
    params?: unknown;
  };
}

/** Fastify parses a body for these methods (and may then answer 400, 413 or 415). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_CODES: readonly ErrorCode[] = [
  'REQUEST_INVALID_JSON',
  'REQUEST_BAD_CHARACTERS',
  'REQUEST_TOO_LARGE',
  'REQUEST_UNSUPPORTED_MEDIA_TYPE',
];
/** `Authorization: Bearer <admin API key>` (src/http/admin-auth.ts): missing, unknown, another org's. */
const ADMIN_KEY_CODES: readonly ErrorCode[] = ['AUTH_MISSING', 'AUTH_INVALID', 'ADMIN_NOT_FOUND'];
/**
 * Every `/wiki/…` and Jira request resolves its site and caller first (src/http/door/context.ts,
 * jira-context.ts).
 */
const SITE_CODES: readonly ErrorCode[] = ['SITE_NOT_FOUND', 'AUTH_INVALID'];
/** What the Jira door asks of every caller first (src/http/door/authorize-jira.ts `admitJira`). */
const JIRA_ADMISSION: readonly ErrorCode[] = ['JIRA_LOGIN_REQUIRED', 'SCOPE_MISSING'];

/**
 * The codes each group of routes (by its OpenAPI tag) raises itself, beyond what follows from the
 * route's shape. A route whose tag is missing here stops the app from being built
 * (`checkRouteErrors`): a new group of routes names its errors here.
 */
export const CODES_BY_TAG: Readonly<Record<string, readonly ErrorCode[]>> = {
  Gatehouse: [],
  'Gatehouse decisions': ['ADMIN_NOT_FOUND'],
  'Admin API: data security policies': [
    'ADMIN_NOT_FOUND',
    'ADMIN_POLICY_INVALID',
    'ADMIN_SEED_RULE',
  ],
  'Content restrictions': [
    'SCOPE_MISSING',
    'CONTENT_NOT_FOUND',
    'RESTRICTION_FORBIDDEN',
    'RESTRICTION_INVALID',
  ],
  Content: ['SCOPE_MISSING', 'CONTENT_NOT_FOUND'],
  Attachments: ['SCOPE_MISSING', 'CONTENT_NOT_FOUND', 'ATTACHMENT_DOWNLOAD_BLOCKED'],
  'Content permissions': [
    'AUTH_MISSING',
    'SCOPE_MISSING',
    'CONTENT_NOT_FOUND',
    'PERMISSION_CHECK_FORBIDDEN',
  ],
  'Operations (v2)': ['SCOPE_MISSING', 'CONTENT_NOT_FOUND'],
  'Pages (v2)': ['SCOPE_MISSING', 'CONTENT_NOT_FOUND'],
  'Classification level': [
    'AUTH_MISSING',
    'SCOPE_MISSING',
    'CONTENT_NOT_FOUND',
    'CLASSIFICATION_FORBIDDEN',
    'CLASSIFICATION_LEVEL_INVALID',
    'CLASSIFICATION_NOT_FOUND',
    'CLASSIFICATION_SPACE_NOT_FOUND',
  ],
  'Data policies': ['SCOPE_MISSING', 'DATA_POLICY_APPS_ONLY'],
  Export: ['SCOPE_MISSING', 'CONTENT_NOT_FOUND', 'EXPORT_INVALID', 'EXPORT_BLOCKED'],
  'Public links': ['PUBLIC_LINK_NOT_FOUND'],
  'Gatehouse orgs': ['ORG_NOT_FOUND', 'ORG_EXISTS', 'ORG_CONFLICT', 'TENANT_INVALID'],
  'Gatehouse enforcement': ['ORG_NOT_FOUND'],
  'Gatehouse faults': ['FAULT_RULES_INVALID'],
  'Gatehouse Jira classification': [
    'ADMIN_NOT_FOUND',
    'JIRA_ISSUE_NOT_FOUND',
    'CLASSIFICATION_LEVEL_INVALID',
  ],
  'Spaces (v2)': ['SCOPE_MISSING', 'CONTENT_NOT_FOUND'],
  Discovery: ['SITE_NOT_FOUND'],
  'Jira projects': [...JIRA_ADMISSION, 'JIRA_PROJECT_NOT_FOUND'],
  'Jira classification levels': [
    ...JIRA_ADMISSION,
    'JIRA_PROJECT_NOT_FOUND',
    'JIRA_NOT_PERMITTED',
    'JIRA_CLASSIFICATION_INVALID',
  ],
  'Jira issues': [
    ...JIRA_ADMISSION,
    'JIRA_ISSUE_NOT_FOUND',
    'JIRA_ATTACHMENT_NOT_FOUND',
    'JIRA_DOWNLOAD_BLOCKED',
    'JIRA_BAD_REQUEST',
  ],
  'Jira issue search': [...JIRA_ADMISSION, 'JIRA_JQL_INVALID', 'JIRA_BAD_REQUEST'],
  'Jira exports': [
    ...JIRA_ADMISSION,
    'JIRA_ISSUE_NOT_FOUND',
    'JIRA_EXPORT_BLOCKED',
    'JIRA_JQL_INVALID',
    'JIRA_BAD_REQUEST',
    'ROUTE_NOT_FOUND',
  ],
  'Jira app data policies': [
    ...JIRA_ADMISSION,
    'JIRA_APPS_ONLY',
    'JIRA_BAD_REQUEST',
    'JIRA_DATA_POLICY_PROJECTS_INVALID',
  ],
  'Jira myself and server': [
    ...JIRA_ADMISSION,
    'JIRA_BAD_REQUEST',
    'JIRA_ISSUE_NOT_FOUND',
    'JIRA_PROJECT_NOT_FOUND',
  ],
  'Gatehouse rehearsal': [
    'ADMIN_NOT_FOUND',
    'ADMIN_POLICY_INVALID',
    'ADMIN_SEED_RULE',
    'REHEARSAL_CHANGE_NOT_FOUND',
  ],
  'Organizations API: audit log': [
    'ADMIN_NOT_FOUND',
    'EVENT_NOT_FOUND',
    'EVENTS_CURSOR_INVALID',
    'EVENTS_TIME_INVALID',
  ],
};

/**
 * Codes a route answers in another API's error format than its path's: a rehearsal refuses a
 * publish batch with publish's own status and Admin API body (docs/rehearsal.md H3).
 */
export const FOREIGN_FORMATS: Readonly<
  Record<string, { readonly family: ApiFamily; readonly codes: readonly ErrorCode[] }>
> = {
  'POST /gatehouse/v1/orgs/:orgId/rehearse': {
    family: 'admin',
    codes: ['ADMIN_NOT_FOUND', 'ADMIN_POLICY_INVALID', 'ADMIN_SEED_RULE', 'REQUEST_VALIDATION'],
  },
  'POST /gatehouse/v1/orgs/:orgId/rehearse/subjects': {
    family: 'admin',
    codes: ['ADMIN_NOT_FOUND', 'ADMIN_POLICY_INVALID', 'ADMIN_SEED_RULE', 'REQUEST_VALIDATION'],
  },
};

/** Single routes that raise a code their group does not. */
export const CODES_BY_ROUTE: Readonly<Record<string, readonly ErrorCode[]>> = {
  'GET /readyz': ['SERVICE_UNAVAILABLE'],
  'GET /rest/api/3/attachment/content/:id': ['JIRA_RANGE_NOT_SATISFIABLE'],
};

/** Every catalogue code the route can answer, sorted. */
export function routeErrorCodes(route: RouteShape): ErrorCode[] {
  const { schema } = route;
  const tags = schema.tags ?? [];
  if (tags.length === 0) throw new Error(`${route.method} ${route.url}: no OpenAPI tag`);
  const codes = new Set<ErrorCode>(['INTERNAL']);
  const add = (list: readonly ErrorCode[]) => list.forEach((code) => codes.add(code));
  for (const tag of tags) {
    const own = CODES_BY_TAG[tag];
    if (!own) throw new Error(`${route.method} ${route.url}: tag "${tag}" has no error codes`);
    add(own);
  }
  add(CODES_BY_ROUTE[`${route.method} ${route.url}`] ?? []);
  if (BODY_METHODS.has(route.method)) add(BODY_CODES);
  if (schema.body !== undefined || schema.querystring !== undefined || schema.params !== undefined)
    add(['REQUEST_VALIDATION']);
  if ((schema.security ?? []).length > 0) add(ADMIN_KEY_CODES);
  if (route.url.startsWith('/wiki/') || familyOf(route.url) === 'jira') add(SITE_CODES);
  // every API route answers 503 while the index loads (src/http/loading.ts)
  if (!ANSWERED_WHILE_LOADING.has(route.url)) add(['SERVICE_UNAVAILABLE']);
  // `--rate-limit atlassian` limits the Atlassian APIs (src/http/faults/rate-limit.ts); a fault
  // rule's answer (any status, `x-gatehouse-fault`) is a test's own, listed by no route
  if (familyOf(route.url) !== 'gatehouse') add(['RATE_LIMITED']);
  return [...codes].sort();
}

/** The error statuses the route can answer, each with the codes behind it. */
export function routeErrorStatuses(route: RouteShape): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrorCodes(route)) {
    const status = CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

/**
 * The `response` entries of the route's error statuses, in its API's error format (either of two
 * where some of a status's codes come in another API's format, FOREIGN_FORMATS).
 */
export function errorResponses(route: RouteShape): Record<string, object> {
  const family = familyOf(route.url);
  const foreign = FOREIGN_FORMATS[`${route.method} ${route.url}`];
  return Object.fromEntries(
    [...routeErrorStatuses(route)].map(([status, codes]) => {
      const description = `${STATUS_CODES[status] ?? 'Error'}: ${codes
        .map((code) => `\`${code}\` ${CATALOGUE[code].meaning}`)
        .join(' ')}`;
      const own = errorBodySchema(family, status);
      const other =
        foreign && codes.some((code) => foreign.codes.includes(code))
          ? errorBodySchema(foreign.family, status)
          : own;
      return [
        String(status),
        other === own ? { ...own, description } : { anyOf: [own, other], description },
      ];
    }),
  );
}
