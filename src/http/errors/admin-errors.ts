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
} as const satisfies Record<string, CatalogueEntry>;
