import type { CatalogueEntry } from './entry.js';

/** Errors of the Confluence APIs (restrictions, content, decisions). Listed in docs/errors.md. */
export const CONFLUENCE_ERRORS = {} as const satisfies Record<string, CatalogueEntry>;
