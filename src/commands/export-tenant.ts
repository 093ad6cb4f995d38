import { readAuditEvents } from '../storage/repos/audit-events.js';
import { readPolicyRows, readWorldRows } from '../storage/repos/world.js';
import type { Storage } from '../storage/storage.js';
import { rowsToTenant } from '../tenant/from-rows.js';
import type { TenantFile } from '../tenant/schema.js';

/** The whole state (or one org's) as a tenant document; importing it reproduces the state. */
export async function exportTenant(storage: Storage, orgId?: string): Promise<TenantFile> {
  const orgIds = orgId === undefined ? undefined : [orgId];
  const world = await readWorldRows(storage.db, orgIds);
  if (orgId !== undefined && world.orgs.length === 0) throw new Error(`no org with id ${orgId}`);
  const policies = await readPolicyRows(storage.db, orgIds);
  const events = await readAuditEvents(storage.db, orgIds);
  return rowsToTenant(world, policies, events);
}
