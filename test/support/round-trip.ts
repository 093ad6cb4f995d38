import { expect } from 'vitest';
import type { TenantFile } from '../../src/tenant/schema.js';

/**
 * T7 with the audit log (T12): importing an export restores every event and adds the import's own
 * `tenant_imported` event, last. This returns the document without that one event per org
 * (failing the test when it is missing), so the rest compares equal to the first export.
 */
export function withoutLatestImport(document: TenantFile): TenantFile {
  return {
    ...document,
    orgs: document.orgs.map((org) => {
      const events = org.events ?? [];
      const last = events[events.length - 1];
      expect(last?.action, `org ${org.id} records its import`).toBe('tenant_imported');
      const rest = events.slice(0, -1);
      const copy = { ...org };
      delete copy.events;
      return rest.length > 0 ? { ...copy, events: rest } : copy;
    }),
  };
}
