import type { Transaction } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { Storage } from '../storage/storage.js';
import {
  deleteOrgPolicies,
  deleteOrgWorld,
  insertRows,
  recordTenantLoad,
  tenantLoaded,
  valuesOwnedElsewhere,
  type UniqueColumn,
} from '../storage/repos/world.js';
import { orgObject } from '../domain/audit/objects.js';
import type { AuditOrigin } from '../domain/audit/event.js';
import { deleteOrgAuditEvents, insertAuditEvents } from '../storage/repos/audit-events.js';
import { command, runStandalone, type Command } from './command.js';
import { TenantFileError, digestTenant } from '../tenant/parse.js';
import type { TenantFile } from '../tenant/schema.js';
import { IMPORT_ACTOR, tenantEvents, tenantToRows } from '../tenant/to-rows.js';
import { validateTenant } from '../tenant/validate.js';

export interface ImportProgress {
  (done: number, total: number): void;
}

export interface ImportResult {
  /** false when this exact document was loaded before: nothing was written. */
  loaded: boolean;
  orgIds: string[];
  rows: number;
}

/** Who loads tenant files from the CLI or at start-up (the audit log's actor, A2). */
export const IMPORT_ORIGIN: AuditOrigin = Object.freeze({
  actor: { id: IMPORT_ACTOR, name: 'Gatehouse import' },
  location: null,
});

/** `loadTenant` run on its own (at start-up, from the CLI, in tests). */
export async function importTenant(
  storage: Storage,
  document: unknown,
  source: string,
  onProgress: ImportProgress = () => undefined,
): Promise<ImportResult> {
  return runStandalone(storage, loadTenant(document, source, onProgress), IMPORT_ORIGIN);
}

/**
 * Loads a tenant document in one transaction. Each org in the file replaces that org's world
 * (its policies when the file lists `policies`, its audit log when it lists `events`); other orgs
 * are untouched, and each org loaded records a `tenant_imported` event. Loading the same document
 * again changes nothing. A bad document throws before the transaction starts.
 */
export function loadTenant(
  document: unknown,
  source: string,
  onProgress: ImportProgress = () => undefined,
): Command<ImportResult> {
  const check = validateTenant(document);
  if (check.problems.length > 0) throw new TenantFileError(check.problems, source);
  const file = document as TenantFile;
  const digest = digestTenant(document);
  const orgIds = file.orgs.map((o) => o.id);
  const { world, policies } = tenantToRows(file, new Date().toISOString());
  const replacePolicies = new Set(
    file.orgs.filter((o) => o.policies !== undefined).map((o) => o.id),
  );
  const replaceEvents = new Set(file.orgs.filter((o) => o.events !== undefined).map((o) => o.id));
  const events = tenantEvents(file, `import-${digest}`);
  const policyRows = {
    policies: policies.policies.filter((p) => replacePolicies.has(p.org_id)),
    policy_resources: policies.policy_resources,
  };
  const total =
    Object.values(world).reduce((n, rows) => n + rows.length, 0) +
    policyRows.policies.length +
    policyRows.policy_resources.length;

  return command('import tenant', async (ctx) => {
    const trx = ctx.trx;
    await ctx.lock('tenant-import');
    if (await tenantLoaded(trx, digest)) return { loaded: false, orgIds, rows: 0 };

    const collisions = await findCollisions(trx, orgIds, check.claims);
    if (collisions.length > 0) throw new TenantFileError(collisions, source);

    for (const orgId of orgIds) {
      await deleteOrgWorld(trx, orgId);
      if (replacePolicies.has(orgId)) await deleteOrgPolicies(trx, orgId);
      if (replaceEvents.has(orgId)) await deleteOrgAuditEvents(trx, orgId);
    }
    let done = 0;
    await insertRows(trx, { ...world, ...policyRows }, (n) => {
      done += n;
      onProgress(done, total);
    });
    await insertAuditEvents(trx, events);
    for (const org of file.orgs) {
      const it = orgObject(org);
      ctx.audit({
        orgId: org.id,
        action: 'tenant_imported',
        context: [it],
        container: [it],
        message: `Loaded the tenant file ${source}${
          replaceEvents.has(org.id) ? ` (its ${org.events?.length ?? 0} audit events restored)` : ''
        }`,
      });
    }
    await recordTenantLoad(trx, digest, ctx.now);
    await ctx.record(orgIds.map((orgId) => ({ orgId, kind: 'org' as const, entityId: orgId })));
    return { loaded: true, orgIds, rows: total };
  });
}

/**
 * Where each value unique across the server lives in the database, and under which org. Every
 * other id is unique per org only (a fork repeats them), so it cannot collide with another org.
 */
const UNIQUE_COLUMNS: Record<string, UniqueColumn[]> = {
  org: [],
  site: [{ table: 'sites', column: 'cloud_id', org: 'org_id' }],
  siteName: [{ table: 'sites', column: 'name', org: 'org_id' }],
  adminKey: [{ table: 'admin_api_keys', column: 'key', org: 'org_id' }],
};

export async function findCollisions(
  trx: Transaction<Database>,
  orgIds: string[],
  claims: Map<string, ReadonlyMap<string, string>>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [kind, claimed] of claims) {
    const values = [...claimed.keys()];
    for (const unique of UNIQUE_COLUMNS[kind] ?? []) {
      for (const row of await valuesOwnedElsewhere(trx, unique, values, orgIds)) {
        const path = claimed.get(row.value) ?? '(file)';
        problems.push(`${path}: "${row.value}" already belongs to org ${row.org} in the database`);
      }
    }
  }
  return problems;
}
