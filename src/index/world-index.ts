import type { Storage } from '../storage/storage.js';
import { changesSince, latestRevision, type Change } from '../storage/repos/change-log.js';
import { listOrgIds } from '../storage/repos/world.js';
import { countOrgContent, countWorldRows } from '../storage/repos/world-stream.js';
import { WORLD_TABLES } from '../storage/rows.js';
import {
  readContentClassification,
  readSpaceDefaultClassification,
} from '../storage/repos/classification.js';
import { readOrgEnforcement } from '../storage/repos/orgs.js';
import { readPublicLink } from '../storage/repos/public-links.js';
import { readLists } from '../storage/repos/restrictions.js';
import { modesFromJson } from '../domain/decision/enforcement-modes.js';
import type { DecisionFacts } from '../domain/decision/types.js';
import type { Lists, PublicLink } from '../domain/world.js';
import { readContentInWorker } from './content-reader.js';
import { IndexSnapshot } from './index-snapshot.js';
import { loadOrgWorld } from './org-loader.js';
import type { OrgWorld } from './org-world.js';
import { derive, orgSnapshot, withPolicies, type OrgSnapshot } from './org-snapshot.js';
import { loadPublishedPolicies, policyFactsOf } from './policy-loader.js';

const SYNC_BATCH = 1000;

export interface WorldIndexOptions {
  /**
   * From how many pages an org's first load reads its content table in a worker thread, on the
   * second core, while this thread reads the other tables (default 50,000; a worker costs tens
   * of milliseconds to start). A rebuild reads in this thread: it compares rows with the pages it
   * replaces instead of holding a second copy.
   */
  readonly contentWorkerFrom?: number;
}

const CONTENT_WORKER_FROM = 50_000;

/**
 * The live in-memory view of the database that every request reads instead of querying: an
 * immutable `IndexSnapshot`, replaced as a whole whenever the change log moves on. Built once at
 * start, then kept in step by replaying the change log (`sync`), which every local write calls
 * right after it commits (services.write) and the change feed calls for writes of other processes.
 */
export class WorldIndex {
  private current = IndexSnapshot.empty();
  private syncing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(changes: readonly Change[]) => void>();
  private loaded = false;
  private rowsLoaded = 0;
  private rowsToLoad = 0;

  private constructor(
    private readonly storage: Storage,
    private readonly options: WorldIndexOptions,
  ) {}

  /** An index loaded from the database (what the CLI and tests use). */
  static async load(storage: Storage, options: WorldIndexOptions = {}): Promise<WorldIndex> {
    const index = WorldIndex.create(storage, options);
    await index.rebuild();
    return index;
  }

  /**
   * An empty index, not yet ready: a server listens at once and loads it with `rebuild()` while
   * `/readyz` reports `progress`.
   */
  static create(storage: Storage, options: WorldIndexOptions = {}): WorldIndex {
    return new WorldIndex(storage, options);
  }

  /** True once the first load has finished. */
  get ready(): boolean {
    return this.loaded;
  }

  /** How far the running load is, 0 … 1 (1 when ready). */
  get progress(): number {
    if (this.loaded) return 1;
    return this.rowsToLoad === 0 ? 0 : Math.min(0.99, this.rowsLoaded / this.rowsToLoad);
  }

  /** The state every decision of one request reads: take it once, use it throughout. */
  snapshot(): IndexSnapshot {
    return this.current;
  }

  get currentRevision(): number {
    return this.current.revision;
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

  /** Brings the index at least to `revision` (a write's own): at once when it is there already. */
  async syncTo(revision: number): Promise<void> {
    if (this.current.revision >= revision) return;
    await this.sync();
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
      const changes = await changesSince(this.storage.db, this.current.revision, SYNC_BATCH);
      if (changes.length === 0) return;
      await this.apply(changes);
      for (const listener of this.listeners) listener(changes);
    }
  }

  /**
   * Applies a batch as one new snapshot: an org reload covers every finer change of that org in
   * the batch; other changes re-read only what they name.
   */
  private async apply(changes: readonly Change[]): Promise<void> {
    const revision = changes[changes.length - 1]!.revision;
    const reload = new Set(changes.filter((c) => c.kind === 'org').map((c) => c.orgId));
    const policyOrgs = new Set<string>();
    const finer = new Map<string, Change[]>();
    for (const change of changes) {
      if (reload.has(change.orgId)) continue;
      if (change.kind === 'policy') policyOrgs.add(change.orgId);
      else if (!this.current.org(change.orgId)) reload.add(change.orgId);
      else {
        const list = finer.get(change.orgId);
        if (list) list.push(change);
        else finer.set(change.orgId, [change]);
      }
    }
    const orgs = new Map(this.current.orgs);
    for (const orgId of reload) {
      finer.delete(orgId);
      policyOrgs.delete(orgId);
    }
    const loaded = await this.loadOrgs([...reload], revision);
    for (const orgId of reload) {
      const snapshot = loaded.get(orgId);
      if (snapshot) orgs.set(orgId, snapshot);
      else orgs.delete(orgId);
    }
    if (policyOrgs.size > 0) {
      const published = await loadPublishedPolicies(this.storage.db, [...policyOrgs]);
      for (const orgId of policyOrgs) {
        const previous = orgs.get(orgId);
        if (previous) {
          orgs.set(orgId, withPolicies(previous, revision, policyFactsOf(published.get(orgId))));
        }
      }
    }
    for (const [orgId, list] of finer) {
      const previous = orgs.get(orgId);
      if (!previous) continue;
      const next = await this.applyFiner(previous, list, revision);
      if (next) orgs.set(orgId, next);
      else {
        const reloaded = await this.loadOrgs([orgId], revision);
        const snapshot = reloaded.get(orgId);
        if (snapshot) orgs.set(orgId, snapshot);
        else orgs.delete(orgId);
        reload.add(orgId);
      }
    }
    this.current = this.current.next(revision, orgs, reload.size > 0);
  }

  /**
   * One org's restriction, classification and public-link changes, re-read row by row. Null when
   * a change names something this snapshot does not know (the org is then reloaded).
   */
  private async applyFiner(
    previous: OrgSnapshot,
    changes: readonly Change[],
    revision: number,
  ): Promise<OrgSnapshot | null> {
    const db = this.storage.db;
    const orgId = previous.world.id;
    const pages = new Map<string, { id: string; level?: string | null; lists?: Lists }>();
    const links: PublicLink[] = [];
    let snapshot = previous;
    const page = (id: string) => {
      let change = pages.get(id);
      if (!change) pages.set(id, (change = { id }));
      return change;
    };
    for (const change of changes) {
      const id = change.entityId;
      if (change.kind === 'restrictions') {
        if (!previous.world.content.has(id)) return null;
        page(id).lists = await readLists(db, orgId, id);
      } else if (change.kind === 'content') {
        const row = await readContentClassification(db, orgId, id);
        if (!previous.world.content.has(id) || !row) return null;
        page(id).level = row.classification;
      } else if (change.kind === 'space') {
        const space = snapshot.world.spaces.get(id);
        const row = await readSpaceDefaultClassification(db, orgId, id);
        if (!space || !row) return null;
        const defaultClassification = row.default_classification;
        snapshot = derive(snapshot, revision, {
          kind: 'space',
          space: Object.freeze({ ...space, defaultClassification }),
        });
      } else if (change.kind === 'public-link') {
        const row = await readPublicLink(db, orgId, id);
        if (!row || !previous.world.publicLinks.has(id)) return null;
        links.push(Object.freeze({ id, contentId: row.content_id, enabled: row.enabled === 1 }));
      } else if (change.kind === 'enforcement') {
        const stored = await readOrgEnforcement(db, orgId);
        if (stored === undefined) return null;
        snapshot = derive(snapshot, revision, {
          kind: 'enforcement',
          modes: modesFromJson(stored),
        });
      } else {
        return null;
      }
    }
    if (pages.size > 0) {
      snapshot = derive(snapshot, revision, { kind: 'pages', changes: [...pages.values()] });
    }
    if (links.length > 0) snapshot = derive(snapshot, revision, { kind: 'public-links', links });
    return snapshot;
  }

  /** Snapshots of the given orgs read afresh from the database (missing orgs are left out). */
  private async loadOrgs(orgIds: string[], revision: number): Promise<Map<string, OrgSnapshot>> {
    const result = new Map<string, OrgSnapshot>();
    for (const orgId of orgIds) {
      const snapshot = await this.loadOrg(orgId, revision, this.current.org(orgId)?.world);
      if (snapshot) result.set(orgId, snapshot);
    }
    return result;
  }

  private async loadOrg(
    orgId: string,
    revision: number,
    previous?: OrgWorld,
  ): Promise<OrgSnapshot | undefined> {
    const onRows = (rows: number) => {
      this.rowsLoaded += rows;
    };
    const from = this.options.contentWorkerFrom ?? CONTENT_WORKER_FROM;
    const inWorker =
      previous === undefined && (await countOrgContent(this.storage.db, orgId)) >= from;
    const world = await loadOrgWorld(
      this.storage.db,
      orgId,
      onRows,
      previous,
      inWorker ? () => readContentInWorker(this.storage.target, orgId, onRows) : undefined,
    );
    if (!world) return undefined;
    const published = await loadPublishedPolicies(this.storage.db, [orgId]);
    return orgSnapshot(world, policyFactsOf(published.get(orgId)), revision);
  }

  /**
   * Reads every org afresh, one at a time, swapping each into the current snapshot as soon as it
   * is built, so a rebuild holds at most one org twice — and less than that: the new copy reuses
   * the old one's id and title strings, the bulk of a page's memory. Requests keep reading the old
   * copy until its replacement is in. Changes committed meanwhile are replayed by the next `sync`.
   */
  async rebuild(): Promise<void> {
    const revision = await latestRevision(this.storage.db);
    const orgIds = await listOrgIds(this.storage.db);
    this.rowsLoaded = 0;
    this.rowsToLoad = await countWorldRows(this.storage.db, WORLD_TABLES);
    const keep = new Set(orgIds);
    let orgs = new Map([...this.current.orgs].filter(([id]) => keep.has(id)));
    for (const orgId of orgIds) {
      const snapshot = await this.loadOrg(orgId, revision, orgs.get(orgId)?.world);
      orgs = new Map(orgs);
      if (snapshot) orgs.set(orgId, snapshot);
      else orgs.delete(orgId);
      this.current = IndexSnapshot.of(this.current.revision, orgs);
    }
    this.current = IndexSnapshot.of(revision, orgs);
    this.loaded = true;
  }

  // ---- conveniences over the current snapshot (CLI, bench, tests) -----------------------------

  org(orgId: string): OrgWorld | undefined {
    return this.current.org(orgId)?.world;
  }

  decisionFacts(orgId: string): DecisionFacts | undefined {
    return this.current.org(orgId)?.facts;
  }

  allOrgs(): IterableIterator<OrgWorld> {
    return [...this.current.orgs.values()].map((o) => o.world).values();
  }
}
