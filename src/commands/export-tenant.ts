import { readAuditEvents } from '../storage/repos/audit-events.js';
import {
  PAGE_TABLES,
  readPolicyRows,
  readWorldRows,
  type PageTable,
} from '../storage/repos/world.js';
import { contentPlaces, countRows, readPageRows } from '../storage/repos/page-export.js';
import type { Storage } from '../storage/storage.js';
import { ContentTree } from '../tenant/content-tree.js';
import {
  groupNames,
  pageBuilder,
  rowsToTenant,
  rowsToTenantWith,
  type PageRowSet,
} from '../tenant/from-rows.js';
import { StreamedArray, writeJson, type TextSink } from '../tenant/json-writer.js';
import type { TenantFile, TenantPage } from '../tenant/schema.js';
import type { Database } from '../storage/schema.js';
import type { Transaction } from 'kysely';

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

/** Pages read per batch while a streamed export writes them. */
const PAGE_BATCH = 500;

/** A tenant page as the stream writes it: its children stream too. */
type StreamedPage = Omit<TenantPage, 'children'> & { children?: StreamedArray<StreamedPage> };

/**
 * `exportTenant` written to `sink` as it is read: the same bytes as
 * `JSON.stringify(exportTenant(…), null, 2)` plus a newline, but pages are read in batches while
 * they are written, so memory holds the org's page tree (ids and slots) and one batch — never the
 * document. One read transaction, as `exportTenant`. `onPages` reports pages written.
 */
export async function streamTenant(
  storage: Storage,
  sink: TextSink,
  orgId?: string,
  onPages: (done: number, total: number) => void = () => undefined,
): Promise<void> {
  await storage.readConsistently(async (trx) => {
    let done = 0;
    const total = await countRows(trx, 'content', orgId === undefined ? undefined : [orgId]);
    const document = await streamedDocument(trx, orgId, (slotsDone) => {
      done += slotsDone;
      if (done % PAGE_BATCH === 0 || done === total) onPages(done, total);
    });
    await writeJson(document, sink);
    await sink.write('\n');
  });
}

/**
 * The document with its pages as streams. The world's rows are read and let go here: the
 * document holds what it writes, and a big org's memberships are not kept twice while it does.
 */
async function streamedDocument(
  trx: Transaction<Database>,
  orgId: string | undefined,
  counted: (pages: number) => void,
) {
  const orgIds = orgId === undefined ? undefined : [orgId];
  const world = await readWorldRows(trx, orgIds, PAGE_TABLES as readonly PageTable[]);
  if (orgId !== undefined && world.orgs.length === 0) throw new OrgNotInDatabase(orgId);
  const policies = await readPolicyRows(trx, orgIds);
  const events = await readAuditEvents(trx, orgIds);
  const trees = new TreeCache(trx);
  return rowsToTenantWith(
    world,
    policies,
    (own) => {
      const org = own.orgs[0]!.id;
      const names = groupNames(own);
      return (spaceId) =>
        new StreamedArray(
          (async function* () {
            const tree = await trees.of(org);
            const window = new PageWindow(tree, tree.walk(spaceId), names, (ids) =>
              readPageRows(trx, org, ids),
            );
            async function* pages(slots: Iterable<number>): AsyncGenerator<StreamedPage> {
              for (const slot of slots) {
                const { row, build } = await window.take(slot);
                const below = tree.children(slot);
                counted(1);
                yield build(row, below.length > 0 ? new StreamedArray(pages(below)) : undefined);
              }
            }
            yield* pages(tree.top(spaceId));
          })(),
        );
    },
    events,
  );
}

/** The page tree of one org at a time: the previous org's is dropped when the next is read. */
class TreeCache {
  private last: { orgId: string; tree: Promise<ContentTree> } | null = null;
  constructor(private readonly trx: Transaction<Database>) {}
  of(orgId: string): Promise<ContentTree> {
    if (this.last?.orgId !== orgId) {
      this.last = { orgId, tree: ContentTree.from(contentPlaces(this.trx, orgId)) };
    }
    return this.last.tree;
  }
}

type Builder = ReturnType<typeof pageBuilder>;
type ContentRow = PageRowSet['content'][number];

/**
 * The rows of a space's pages, read `PAGE_BATCH` at a time in the order the document lists them
 * (`order`), and asked for in that same order.
 */
class PageWindow {
  private rows = new Map<string, ContentRow>();
  private build: Builder | null = null;
  constructor(
    private readonly tree: ContentTree,
    private readonly order: Iterator<number>,
    private readonly groupName: ReadonlyMap<string, string>,
    private readonly read: (ids: string[]) => Promise<PageRowSet>,
  ) {}

  async take(slot: number): Promise<{ row: ContentRow; build: Builder }> {
    const id = this.tree.idOf(slot);
    if (!this.rows.has(id)) await this.next();
    const row = this.rows.get(id);
    if (!row || !this.build) throw new Error(`page ${id} is not in the database's snapshot`);
    this.rows.delete(id);
    return { row, build: this.build };
  }

  private async next(): Promise<void> {
    const ids: string[] = [];
    for (let step = this.order.next(); !step.done; step = this.order.next()) {
      ids.push(this.tree.idOf(step.value));
      if (ids.length === PAGE_BATCH) break;
    }
    const batch = await this.read(ids);
    this.rows = new Map(batch.content.map((row) => [row.id, row]));
    this.build = pageBuilder(batch, this.groupName);
  }
}
