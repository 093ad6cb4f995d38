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
import { TenantFileError, digestTenant, legacyDigestTenant } from '../tenant/parse.js';
import type { PageRecord } from '../tenant/page-records.js';
import type { TenantFile, TenantPage } from '../tenant/schema.js';
import {
  addPageRows,
  groupIdOf,
  IMPORT_ACTOR,
  tenantEvents,
  tenantToRows,
} from '../tenant/to-rows.js';
import { validateTenant, type TenantCheck } from '../tenant/validate.js';
import type { StreamedTenantCheck } from '../tenant/validate-stream.js';
import type { PageRows } from '../storage/repos/page-export.js';

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
  const digests: [string, string] = [digestTenant(document), legacyDigestTenant(document)];
  return replaceOrgs(document as TenantFile, digests, check, source, onProgress);
}

/** The pages of a streamed import, read again inside the transaction (import-tenant-file.ts). */
export interface StreamedPages {
  count: number;
  check: StreamedTenantCheck;
  /** Reads every page record; `flush` is awaited between chunks of the file. */
  read(onPage: (record: PageRecord) => void, flush: () => Promise<void>): Promise<void>;
}

/** A streamed file's pages are checked until this many problems are found. */
export const MAX_PAGE_PROBLEMS = 100;

/** The problems a streamed import names: the first hundred, and a line when pages went unchecked. */
export function pageProblems(problems: readonly string[], unchecked = false): string[] {
  const named = problems.slice(0, MAX_PAGE_PROBLEMS);
  if (unchecked || problems.length >= MAX_PAGE_PROBLEMS) {
    named.push(`(file): the pages after these ${MAX_PAGE_PROBLEMS} problems were not checked`);
  }
  return named;
}

const PAGE_BATCH = 1_000;

/**
 * The transaction both imports share: the file's orgs replaced by its rows. A streamed import
 * gives its skeleton as `file` and its pages apart; a problem in a page rolls everything back.
 */
export function replaceOrgs(
  file: TenantFile,
  /** The document's digest, then any older spelling of it a database may hold (T21). */
  [digest, ...older]: readonly [string, ...string[]],
  check: TenantCheck,
  source: string,
  onProgress: ImportProgress,
  streamed?: StreamedPages,
): Command<ImportResult> {
  const orgIds = file.orgs.map((o) => o.id);
  const replacePolicies = new Set(
    file.orgs.filter((o) => o.policies !== undefined).map((o) => o.id),
  );
  const replaceEvents = new Set(file.orgs.filter((o) => o.events !== undefined).map((o) => o.id));
  const events = tenantEvents(file, `import-${digest}`);
  // built by each attempt and let go once written: a large skeleton's rows are not kept meanwhile
  const skeletonRows = () => {
    const { world, policies } = tenantToRows(file, new Date().toISOString());
    return {
      ...world,
      policies: policies.policies.filter((p) => replacePolicies.has(p.org_id)),
      policy_resources: policies.policy_resources,
    };
  };

  return command('import tenant', async (ctx) => {
    const trx = ctx.trx;
    await ctx.lock('tenant-import');
    for (const known of [digest, ...older]) {
      if (await tenantLoaded(trx, known)) return { loaded: false, orgIds, rows: 0 };
    }

    const collisions = await findCollisions(trx, orgIds, check.claims);
    if (collisions.length > 0) throw new TenantFileError(collisions, source);

    for (const orgId of orgIds) {
      await deleteOrgWorld(trx, orgId);
      if (replacePolicies.has(orgId)) await deleteOrgPolicies(trx, orgId);
      if (replaceEvents.has(orgId)) await deleteOrgAuditEvents(trx, orgId);
    }
    let rowsOfSkeleton: Partial<ReturnType<typeof skeletonRows>> | null = skeletonRows();
    const total =
      Object.values(rowsOfSkeleton).reduce((n, rows) => n + rows.length, 0) +
      (streamed?.count ?? 0);
    let done = 0;
    const progress = (n: number) => {
      done += n;
      onProgress(done, total);
    };
    await insertRows(trx, rowsOfSkeleton, progress);
    rowsOfSkeleton = null;
    const skeletonRowCount = done;
    const pageRowCount = streamed ? await insertPages(trx, file, streamed, source, progress) : 0;
    const rows = skeletonRowCount + pageRowCount;
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
    return { loaded: true, orgIds, rows };
  });
}

/**
 * A streamed file's pages, checked (T2–T4) and written a thousand at a time; progress counts a
 * page as one row with what hangs off it. Returns the rows written.
 */
async function insertPages(
  trx: Transaction<Database>,
  file: TenantFile,
  streamed: StreamedPages,
  source: string,
  progress: (pages: number) => void,
): Promise<number> {
  const problems = streamed.check.problems;
  const groupIds = file.orgs.map(groupIdOf);
  let batch = emptyPageRows();
  let pending = 0;
  let rows = 0;
  const flush = async () => {
    if (pending === 0 || problems.length > 0) return;
    await insertRows(trx, batch, (n) => (rows += n));
    progress(pending);
    batch = emptyPageRows();
    pending = 0;
  };
  let unchecked = false;
  await streamed.read(
    (record) => {
      if (problems.length >= MAX_PAGE_PROBLEMS) {
        unchecked = true;
        return;
      }
      streamed.check.checkPage(record);
      if (problems.length > 0) return;
      const org = file.orgs[record.org]!;
      const spaceId = org.sites![record.site]!.spaces![record.space]!.id;
      const position = {
        orgId: org.id,
        spaceId,
        parentId: record.parentId,
        position: record.position,
      };
      addPageRows(batch, record.page as TenantPage, position, groupIds[record.org]!);
      pending++;
    },
    async () => {
      if (pending >= PAGE_BATCH) await flush();
    },
  );
  await flush();
  if (problems.length > 0) {
    await streamed.check.namePaths((onPage) => streamed.read(onPage, () => Promise.resolve()));
    throw new TenantFileError(pageProblems(problems, unchecked), source);
  }
  return rows;
}

const emptyPageRows = (): PageRows => ({
  content: [],
  content_restrictions: [],
  attachments: [],
  public_links: [],
});

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
