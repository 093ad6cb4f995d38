import { readAuditEvents } from '../storage/repos/audit-events.js';
import { readPolicyRows, readWorldRows } from '../storage/repos/world.js';
import type { Storage } from '../storage/storage.js';
import { rowsToTenant } from '../tenant/from-rows.js';
import type { TenantFile } from '../tenant/schema.js';

export class OrgNotInDatabase extends Error {
  constructor(readonly orgId: string) {
    super(`no org with id ${orgId}`);
    this.name = 'OrgNotInDatabase';
  }
}

/**
 * The whole state (or one org's) as a tenant document; importing it reproduces the state. Read in
 * one transaction, so writes committing meanwhile are either all in it or not at all.
 */
export async function exportTenant(storage: Storage, orgId?: string): Promise<TenantFile> {
  const orgIds = orgId === undefined ? undefined : [orgId];
  return storage.readConsistently(async (trx) => {
    const world = await readWorldRows(trx, orgIds);
    if (orgId !== undefined && world.orgs.length === 0) throw new OrgNotInDatabase(orgId);
    const policies = await readPolicyRows(trx, orgIds);
    const events = await readAuditEvents(trx, orgIds);
    return rowsToTenant(world, policies, events);
  });
}
