import type { CatalogueEntry } from './entry.js';

/** Errors of the Admin API (data security policies). Listed in docs/errors.md. */
export const ADMIN_ERRORS = {} as const satisfies Record<string, CatalogueEntry>;
