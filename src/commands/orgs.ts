import { randomBytes, randomUUID } from 'node:crypto';
import {
  enforcesAll,
  modesToJson,
  type EnforcementModes,
} from '../domain/decision/enforcement-modes.js';
import {
  copyOrg,
  deleteAllOrgs,
  deleteOrgRows,
  orgExists,
  orgRoutingRows,
  writeEnforcementOfAllOrgs,
  writeOrgEnforcement,
  type ForkPlan,
} from '../storage/repos/orgs.js';
import { orgObject } from '../domain/audit/objects.js';
import { deleteOrgAuditEvents, insertAuditEvents } from '../storage/repos/audit-events.js';
import { insertRows } from '../storage/repos/world.js';
import { TenantFileError } from '../tenant/parse.js';
import type { TenantFile } from '../tenant/schema.js';
import { tenantEvents, tenantToRows } from '../tenant/to-rows.js';
import { validateTenant } from '../tenant/validate.js';
import { command, type Command, type CommandContext } from './command.js';
import { findCollisions } from './import-tenant.js';

/** An org write that cannot be done as asked: no such org, it exists, or a value is taken. */
export class OrgStateError extends Error {
  constructor(
    readonly kind: 'not-found' | 'exists' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'OrgStateError';
  }
}

const notFound = (orgId: string) =>
  new OrgStateError('not-found', `Organization ${orgId} not found`);

/**
 * Every org write serializes on the import lock (it guards the server-wide unique values: site
 * names, cloudIds, Admin API keys) and then on the change log, which every other write takes at
 * commit: no other write commits while the org is read or copied, so a copy is of one state.
 */
async function lockOrgs(ctx: CommandContext): Promise<void> {
  await ctx.lock('tenant-import');
  await ctx.lock('change-log');
}

/** A document for exactly one org, checked as a tenant file (T1–T11), or a TenantFileError. */
function oneOrgDocument(document: unknown, source: string, orgId?: string) {
  const check = validateTenant(document);
  if (check.problems.length > 0) throw new TenantFileError(check.problems, source);
  const file = document as TenantFile;
  if (file.orgs.length !== 1) {
    throw new TenantFileError([`orgs: expected exactly one org, got ${file.orgs.length}`], source);
  }
  const org = file.orgs[0]!;
  if (orgId !== undefined && org.id !== orgId) {
    throw new TenantFileError([`orgs[0].id: must be "${orgId}", the org restored`], source);
  }
  return { file, org, claims: check.claims };
}

async function refuseCollisions(
  ctx: CommandContext,
  orgId: string,
  claims: Map<string, ReadonlyMap<string, string>>,
): Promise<void> {
  const collisions = await findCollisions(ctx.trx, [orgId], claims);
  if (collisions.length > 0) throw new OrgStateError('conflict', collisions.join('; '));
}

/**
 * POST /gatehouse/v1/orgs (G2): a new org from a tenant document for one org, its ids as given.
 * Without `enforcement` in the document it gets the server's start modes (`--enforcement`).
 */
export function createOrg(document: unknown, defaults: EnforcementModes): Command<string> {
  const { file, org, claims } = oneOrgDocument(document, 'body');
  const withModes: TenantFile =
    org.enforcement === undefined && !enforcesAll(defaults)
      ? { orgs: [{ ...org, enforcement: { default: defaults.default, rules: defaults.rules } }] }
      : file;
  return command('create org', async (ctx) => {
    await lockOrgs(ctx);
    if (await orgExists(ctx.trx, org.id)) {
      throw new OrgStateError('exists', `Organization ${org.id} already exists`);
    }
    await refuseCollisions(ctx, org.id, claims);
    const { world, policies } = tenantToRows(withModes, ctx.now);
    await insertRows(ctx.trx, { ...world, ...policies });
    // the document's own log (T16), then the creation (A14)
    await insertAuditEvents(ctx.trx, tenantEvents(file, `create-${randomUUID()}`));
    const it = orgObject(org);
    ctx.audit({
      orgId: org.id,
      action: 'org_created',
      context: [it],
      container: [it],
      message: `Created the organization "${org.name}" from a tenant document`,
    });
    await ctx.record([{ orgId: org.id, kind: 'org', entityId: org.id }]);
    return org.id;
  });
}

/** A site name of the fork: the source's, a dash and 8 random hex digits (≤ 63 characters). */
function forkSiteName(name: string): string {
  const base = name.slice(0, 54).replace(/-+$/, '');
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/**
 * POST /gatehouse/v1/orgs/{orgId}/fork (G3): the org copied under a fresh org id, site names,
 * cloudIds, Admin API keys, user API tokens and app tokens; every other id as in the source
 * (content, spaces, users, groups, apps, levels, policies). One transaction, bulk copies.
 */
export function forkOrg(sourceOrgId: string): Command<string> {
  return command('fork org', async (ctx) => {
    await lockOrgs(ctx);
    if (!(await orgExists(ctx.trx, sourceOrgId))) throw notFound(sourceOrgId);
    const routing = await orgRoutingRows(ctx.trx, sourceOrgId);
    const plan: ForkPlan = {
      sourceOrgId,
      orgId: randomUUID(),
      sites: routing.sites.map((s) => ({
        cloudId: s.cloudId,
        forkCloudId: randomUUID(),
        forkName: forkSiteName(s.name),
      })),
      adminKeys: routing.adminKeys.map((key) => ({
        key,
        forkKey: `gh-fork-${randomBytes(16).toString('hex')}`,
      })),
      secretPrefix: `gh-${randomBytes(12).toString('hex')}-`,
    };
    await copyOrg(ctx.trx, plan);
    // The fork's log is a copy of the source's (A14), and says where it came from; the source's
    // log is not written (a fork changes nothing of the source, G4).
    const name = ctx.world.org(sourceOrgId)?.world.name ?? sourceOrgId;
    ctx.audit({
      orgId: plan.orgId,
      action: 'org_forked',
      context: [orgObject({ id: sourceOrgId, name })],
      container: [orgObject({ id: plan.orgId, name })],
      message: `Forked from the organization ${sourceOrgId}`,
    });
    await ctx.record([{ orgId: plan.orgId, kind: 'org', entityId: plan.orgId }]);
    return plan.orgId;
  });
}

/** DELETE /gatehouse/v1/orgs/{orgId} (G5): every row of that org, and nothing else. */
export function deleteOrg(orgId: string): Command<void> {
  return command(
    'delete org',
    async (ctx) => {
      await lockOrgs(ctx);
      if (!(await orgExists(ctx.trx, orgId))) throw notFound(orgId);
      await deleteOrgRows(ctx.trx, orgId, 'everything');
      await ctx.record([{ orgId, kind: 'org', entityId: orgId }]);
    },
    { unaudited: 'the org is deleted with its audit log (A14): there is no log to record in' },
  );
}

/**
 * PUT /gatehouse/v1/orgs/{orgId}/snapshot (G7): the org's whole state replaced by a document for
 * that org — world, policies (none when the document lists none), enforcement modes — in one
 * transaction; the index swaps the org's snapshot at once.
 */
export function restoreOrg(orgId: string, document: unknown): Command<void> {
  const { file, claims } = oneOrgDocument(document, 'body', orgId);
  return command('restore org', async (ctx) => {
    await lockOrgs(ctx);
    if (!(await orgExists(ctx.trx, orgId))) throw notFound(orgId);
    await refuseCollisions(ctx, orgId, claims);
    await deleteOrgRows(ctx.trx, orgId, 'document');
    const { world, policies } = tenantToRows(file, ctx.now);
    await insertRows(ctx.trx, { ...world, ...policies });
    // A document listing `events` brings its log back (T16); one without keeps the log (A14).
    const org = file.orgs[0]!;
    if (org.events !== undefined) {
      await deleteOrgAuditEvents(ctx.trx, orgId);
      await insertAuditEvents(ctx.trx, tenantEvents(file, `restore-${randomUUID()}`));
    }
    const it = orgObject(org);
    ctx.audit({
      orgId,
      action: 'org_restored',
      context: [it],
      container: [it],
      message: `Restored the organization from a snapshot${
        org.events !== undefined ? ` (its ${org.events.length} audit events restored)` : ''
      }`,
    });
    await ctx.record([{ orgId, kind: 'org', entityId: orgId }]);
  });
}

/** POST /gatehouse/v1/reset (G9): no org, no policy, no record of loaded tenant files. */
export function resetServer(): Command<number> {
  return command(
    'reset',
    async (ctx) => {
      await lockOrgs(ctx);
      const orgIds = await deleteAllOrgs(ctx.trx);
      await ctx.record(orgIds.map((orgId) => ({ orgId, kind: 'org' as const, entityId: orgId })));
      return orgIds.length;
    },
    { unaudited: 'every org is deleted with its audit log (A14)' },
  );
}

function modesEvent(ctx: CommandContext, orgId: string, modes: EnforcementModes) {
  const it = orgObject({ id: orgId, name: ctx.world.org(orgId)?.world.name ?? orgId });
  const rules = Object.entries(modes.rules).map(([rule, mode]) => `${rule} ${mode}`);
  ctx.audit({
    orgId,
    action: 'enforcement_modes_changed',
    context: [it],
    container: [it],
    message: `Set the enforcement modes: default ${modes.default}${
      rules.length > 0 ? `, ${rules.join(', ')}` : ''
    }`,
  });
}

/** PUT /gatehouse/v1/orgs/{orgId}/enforcement (G20): the org's modes, for every instance. */
export function setEnforcement(orgId: string, modes: EnforcementModes): Command<void> {
  return command('set enforcement modes', async (ctx) => {
    if (!(await writeOrgEnforcement(ctx.trx, orgId, modesToJson(modes)))) throw notFound(orgId);
    modesEvent(ctx, orgId, modes);
    await ctx.record([{ orgId, kind: 'enforcement', entityId: orgId }]);
  });
}

/** `--enforcement` at start (G21): the same modes for every org in the database. */
export function setEnforcementOfAllOrgs(modes: EnforcementModes): Command<number> {
  return command('set enforcement modes of every org', async (ctx) => {
    const orgIds = await writeEnforcementOfAllOrgs(ctx.trx, modesToJson(modes));
    for (const orgId of orgIds) modesEvent(ctx, orgId, modes);
    await ctx.record(
      orgIds.map((orgId) => ({ orgId, kind: 'enforcement' as const, entityId: orgId })),
    );
    return orgIds.length;
  });
}
