import type { Storage } from '../storage/storage.js';
import { changesSince, latestRevision, type Change } from '../storage/repos/change-log.js';
import { readWorldRows } from '../storage/repos/world.js';
import {
  readContentClassification,
  readSpaceDefaultClassification,
} from '../storage/repos/classification.js';
import {
  emptySubjectList,
  type App,
  type Content,
  type RestrictionOperation,
  type Site,
  type User,
} from '../domain/world.js';
import { digestHex, secretMatches } from './credentials.js';
import { buildOrgWorld, decisionFactsOf, type OrgWorld } from './org-world.js';
import { loadPublishedPolicies, policyFactsOf } from './policy-loader.js';
import type { PolicyFacts } from '../domain/decision/policy-facts.js';
import type { DecisionFacts } from '../domain/decision/types.js';

const SYNC_BATCH = 1000;

/**
 * The live in-memory view of the database that every request reads instead of querying. Built
 * once at start, then kept in step by replaying the change log (`sync`), which local writes call
 * right after they commit and the change feed calls for writes of other processes.
 */
export class WorldIndex {
  private orgs = new Map<string, OrgWorld>();
  private siteByName = new Map<string, Site>();
  private siteByCloudId = new Map<string, Site>();
  private adminKeyOrg = new Map<string, string>();
  private appByToken = new Map<string, App>();
  private userByEmail = new Map<string, { orgId: string; accountId: string }>();
  private contentOrg = new Map<string, string>();
  private policyFacts = new Map<string, PolicyFacts>();
  private readonly decisionFactsCache = new Map<string, DecisionFacts>();
  private revision = 0;
  private syncing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(changes: readonly Change[]) => void>();

  private constructor(private readonly storage: Storage) {}

  static async load(storage: Storage): Promise<WorldIndex> {
    const index = new WorldIndex(storage);
    await index.rebuild();
    return index;
  }

  get currentRevision(): number {
    return this.revision;
  }

  /** Called after changes are applied (other indexes, e.g. decisions, follow the world). */
  onChange(listener: (changes: readonly Change[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replays every committed change not yet applied. Calls are serialized. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(
      () => this.replay(),
      () => this.replay(),
    );
    return this.syncing;
  }

  /** Rebuilds from the database, serialized with `sync` (after a change feed lost its wake-ups). */
  resync(): Promise<void> {
    this.syncing = this.syncing.then(
      () => this.rebuild(),
      () => this.rebuild(),
    );
    return this.syncing;
  }

  private async replay(): Promise<void> {
    for (;;) {
      const changes = await changesSince(this.storage.db, this.revision, SYNC_BATCH);
      if (changes.length === 0) return;
      await this.apply(changes);
      this.revision = changes[changes.length - 1]!.revision;
      for (const listener of this.listeners) listener(changes);
    }
  }

  /** Applies a batch: an org reload covers every finer change of that org in the batch. */
  private async apply(changes: readonly Change[]): Promise<void> {
    const reloadOrgs = new Set(changes.filter((c) => c.kind === 'org').map((c) => c.orgId));
    const policyOrgs = new Set(reloadOrgs);
    const restricted = new Map<string, string>();
    const classified = new Map<string, string>();
    const spaces = new Map<string, string>();
    for (const change of changes) {
      if (change.kind === 'policy') policyOrgs.add(change.orgId);
      if (reloadOrgs.has(change.orgId)) continue;
      if (change.kind === 'restrictions') restricted.set(change.entityId, change.orgId);
      else if (change.kind === 'content') classified.set(change.entityId, change.orgId);
      else if (change.kind === 'space') spaces.set(change.entityId, change.orgId);
      else if (change.kind !== 'policy') reloadOrgs.add(change.orgId);
    }
    for (const orgId of reloadOrgs) await this.reloadOrg(orgId);
    if (policyOrgs.size > 0) await this.reloadPolicies([...policyOrgs]);
    for (const [contentId, orgId] of restricted) await this.reloadRestrictions(orgId, contentId);
    for (const [id, orgId] of classified) {
      if (!reloadOrgs.has(orgId)) await this.reloadContentClassification(orgId, id);
    }
    for (const [id, orgId] of spaces) {
      if (!reloadOrgs.has(orgId)) await this.reloadSpaceDefault(orgId, id);
    }
  }

  /** One page's own classification level; content the index does not know reloads its org. */
  private async reloadContentClassification(orgId: string, contentId: string): Promise<void> {
    const content = this.orgs.get(orgId)?.content.get(contentId);
    const row = await readContentClassification(this.storage.db, orgId, contentId);
    if (!content || !row) return this.reloadOrg(orgId);
    content.classification = row.classification;
  }

  /** One space's default classification level; an unknown space reloads its org. */
  private async reloadSpaceDefault(orgId: string, spaceId: string): Promise<void> {
    const space = this.orgs.get(orgId)?.spaces.get(spaceId);
    const row = await readSpaceDefaultClassification(this.storage.db, orgId, spaceId);
    if (!space || !row) return this.reloadOrg(orgId);
    space.defaultClassification = row.default_classification;
  }

  /** One page's read/update lists, re-read after a restriction write. */
  private async reloadRestrictions(orgId: string, contentId: string): Promise<void> {
    const content = this.orgs.get(orgId)?.content.get(contentId);
    if (!content) return;
    const rows = await this.storage.db
      .selectFrom('content_restrictions')
      .select(['operation', 'subject_type', 'subject_id'])
      .where('content_id', '=', contentId)
      .execute();
    const next = { read: emptySubjectList(), update: emptySubjectList() };
    for (const row of rows) {
      const list = next[row.operation as RestrictionOperation];
      if (list) (row.subject_type === 'group' ? list.groups : list.users).add(row.subject_id);
    }
    content.restrictions = next;
  }

  private async reloadPolicies(orgIds: string[]): Promise<void> {
    const published = await loadPublishedPolicies(this.storage.db, orgIds);
    for (const orgId of orgIds) {
      this.policyFacts.set(orgId, policyFactsOf(published.get(orgId)));
      this.decisionFactsCache.delete(orgId);
    }
  }

  async rebuild(): Promise<void> {
    const revision = await latestRevision(this.storage.db);
    const published = await loadPublishedPolicies(this.storage.db);
    const rows = await readWorldRows(this.storage.db);
    const orgs = new Map<string, OrgWorld>();
    for (const org of rows.orgs) {
      const world = buildOrgWorld(rows, org.id);
      if (world) orgs.set(org.id, world);
    }
    this.orgs = orgs;
    this.policyFacts = new Map(
      [...orgs.keys()].map((id) => [id, policyFactsOf(published.get(id))]),
    );
    this.decisionFactsCache.clear();
    this.reindexGlobals();
    this.revision = revision;
  }

  private async reloadOrg(orgId: string): Promise<void> {
    const rows = await readWorldRows(this.storage.db, [orgId]);
    const world = buildOrgWorld(rows, orgId);
    if (world) this.orgs.set(orgId, world);
    else this.orgs.delete(orgId);
    this.decisionFactsCache.delete(orgId);
    this.reindexGlobals();
  }

  private reindexGlobals(): void {
    const siteByName = new Map<string, Site>();
    const siteByCloudId = new Map<string, Site>();
    const adminKeyOrg = new Map<string, string>();
    const appByToken = new Map<string, App>();
    const userByEmail = new Map<string, { orgId: string; accountId: string }>();
    const contentOrg = new Map<string, string>();
    for (const org of this.orgs.values()) {
      for (const site of org.sites.values()) {
        siteByName.set(site.name.toLowerCase(), site);
        siteByCloudId.set(site.cloudId, site);
      }
      for (const key of org.adminKeys) adminKeyOrg.set(digestHex(key), org.id);
      for (const [token, ari] of org.appTokens) {
        const app = org.apps.get(ari);
        if (app) appByToken.set(digestHex(token), app);
      }
      for (const [email, accountId] of org.usersByEmail) {
        userByEmail.set(email, { orgId: org.id, accountId });
      }
      for (const id of org.content.keys()) contentOrg.set(id, org.id);
    }
    Object.assign(this, {
      siteByName,
      siteByCloudId,
      adminKeyOrg,
      appByToken,
      userByEmail,
      contentOrg,
    });
  }

  /** Everything the decision engine reads about one org (cached until the org changes). */
  decisionFacts(orgId: string): DecisionFacts | undefined {
    const cached = this.decisionFactsCache.get(orgId);
    if (cached) return cached;
    const world = this.orgs.get(orgId);
    if (!world) return undefined;
    const facts = decisionFactsOf(world, this.policyFacts.get(orgId) ?? policyFactsOf(undefined));
    this.decisionFactsCache.set(orgId, facts);
    return facts;
  }

  // ---- lookups -------------------------------------------------------------------------------

  org(orgId: string): OrgWorld | undefined {
    return this.orgs.get(orgId);
  }

  allOrgs(): IterableIterator<OrgWorld> {
    return this.orgs.values();
  }

  sites(): Site[] {
    return [...this.siteByCloudId.values()];
  }

  siteByHostName(name: string): Site | undefined {
    return this.siteByName.get(name.toLowerCase());
  }

  site(cloudId: string): Site | undefined {
    return this.siteByCloudId.get(cloudId);
  }

  /** Content by id, only when it belongs to `site`. */
  content(site: Site, id: string): Content | undefined {
    const orgId = this.contentOrg.get(id);
    if (orgId !== site.orgId) return undefined;
    const content = this.orgs.get(orgId)?.content.get(id);
    if (!content) return undefined;
    const space = this.orgs.get(orgId)?.spaces.get(content.spaceId);
    return space?.siteId === site.cloudId ? content : undefined;
  }

  // ---- credentials (constant-time) ----------------------------------------------------------

  /** The org whose Admin API key this is. */
  orgForAdminKey(key: string): string | undefined {
    return this.adminKeyOrg.get(digestHex(key));
  }

  appForToken(token: string): App | undefined {
    return this.appByToken.get(digestHex(token));
  }

  userForBasic(email: string, apiToken: string): User | undefined {
    const entry = this.userByEmail.get(email.toLowerCase());
    const org = entry ? this.orgs.get(entry.orgId) : undefined;
    const stored = entry ? org?.userTokens.get(entry.accountId) : undefined;
    if (!secretMatches(apiToken, stored) || !entry) return undefined;
    return org?.users.get(entry.accountId);
  }
}
