import type { CatalogueEntry } from './entry.js';

/** Errors of the Admin API (data security policies). Listed in docs/errors.md. */
export const ADMIN_ERRORS = {
  ADMIN_SEED_RULE: {
    status: 400,
    wireCode: 'ADMIN-400-24',
    meaning:
      'One of the cookbook error table: "The draft org-wide policy does not contain the rule being overridden", "Redundant draft override rule found", "Invalid policyCoverageLevel".',
    fix: 'Create the ORG draft for the rule first; delete the existing draft; use one of UNASSIGNED, ORG, WORKSPACE, CONTAINER, CLASSIFICATION, DC_WORKSPACE.',
  },
  ADMIN_POLICY_INVALID: {
    status: 400,
    wireCode: 'ADMIN-400-1',
    meaning:
      'The request breaks a policy rule of docs/policy-rules.md (rule/coverage/subject combination, resource ARI, publish batch, deletion, status); the detail names the field.',
    fix: 'Correct the named field as the detail says.',
  },
  EVENT_NOT_FOUND: {
    status: 404,
    wireCode: 'ADMIN-404-4',
    meaning: 'No event with that id in the organization audit log (Organizations API).',
    fix: 'Use an id from `GET /admin/v1/orgs/{orgId}/events`.',
  },
  EVENTS_CURSOR_INVALID: {
    status: 400,
    wireCode: 'ADMIN-400-1',
    meaning:
      'Invalid page cursor: the `cursor` of an audit-log request is not one Gatehouse issued.',
    fix: 'Pass `meta.next` (or follow `links.next`) of the previous page unchanged.',
  },
  EVENTS_TIME_INVALID: {
    status: 400,
    wireCode: 'ADMIN-400-3',
    meaning:
      'Invalid time date: `from` or `to` is neither epoch milliseconds nor an ISO 8601 date-time, or `from` is after `to`.',
    fix: 'Send epoch milliseconds (e.g. `1735689600000`) or an ISO 8601 date-time.',
  },
} as const satisfies Record<string, CatalogueEntry>;
