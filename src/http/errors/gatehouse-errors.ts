import type { CatalogueEntry } from './entry.js';

/**
 * Errors of Gatehouse's operator and testing endpoints (orgs, fork, snapshot, faults, enforcement,
 * decision log), of rehearsals, and of faults and rate limiting on every API. Listed in
 * docs/errors.md.
 */
export const GATEHOUSE_ERRORS = {
  ORG_NOT_FOUND: {
    wireCode: 'ORG_NOT_FOUND',
    status: 404,
    meaning: 'No org with that id (fork, delete, snapshot, enforcement, decision log).',
    fix: 'Use an org id the server holds (`POST /gatehouse/v1/orgs` answers it).',
  },
  ORG_EXISTS: {
    wireCode: 'ORG_EXISTS',
    status: 409,
    meaning: '`POST /gatehouse/v1/orgs` with a document whose org id the server already holds.',
    fix: 'Fork the org, restore it with `PUT …/snapshot`, or use another id.',
  },
  ORG_CONFLICT: {
    wireCode: 'ORG_CONFLICT',
    status: 409,
    meaning:
      'A site name, cloudId or Admin API key of the document belongs to another org (or is the operator key); the message names each path.',
    fix: 'Use values of your own; they route requests and identify the org server-wide.',
  },
  TENANT_INVALID: {
    wireCode: 'TENANT_INVALID',
    status: 400,
    meaning:
      'The document breaks the tenant-file contract (docs/tenant-file.md), or is not for exactly one org (the one restored); the message lists every bad path.',
    fix: 'Correct the named fields.',
  },
  FAULT_RULES_INVALID: {
    wireCode: 'FAULT_RULES_INVALID',
    status: 400,
    meaning:
      'A fault rule gives both `probability` and `times`, or neither `status` nor `latencyMs`.',
    fix: 'Give one of `probability` and `times` (or neither: every matching request), and a status or a latency.',
  },
  FAULT_INJECTED: {
    status: 503,
    meaning:
      'A fault rule (`PUT /gatehouse/v1/faults`) failed this request before it was handled: nothing was read or written. The status is the rule’s (503 when it names none of its own).',
    fix: 'Expected in a test of retry logic; `DELETE /gatehouse/v1/faults` removes the rules.',
  },
  RATE_LIMITED: {
    status: 429,
    wireCode: 'TOO_MANY_REQUESTS',
    meaning:
      'Rate limiting (`--rate-limit atlassian`) or a fault rule with status 429: `Retry-After` (seconds), `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (`yyyy-MM-ddTHH:mmZ`) and `RateLimit-Reason` say when to retry.',
    fix: 'Wait `Retry-After` seconds, then retry.',
  },
  REHEARSAL_CHANGE_NOT_FOUND: {
    status: 404,
    meaning:
      "The rehearsal has no change of that resource and action (and direction): nobody's decision about it would change (H10).",
    fix: 'Ask for a change listed by `POST …/rehearse`.',
  },
} as const satisfies Record<string, CatalogueEntry>;
