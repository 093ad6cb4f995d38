import { createHash, type Hash } from 'node:crypto';
import type { TenantPage } from './schema.js';

/**
 * One page of a tenant file on its own, its children left out: what a streamed import reads
 * (src/tenant/stream-read.ts) and what the whole-document walk below yields. `org`, `site` and
 * `space` are positions in the file; `position` is the page's place among its siblings.
 */
export interface PageRecord {
  page: Omit<TenantPage, 'children'> & { children?: unknown };
  path: string;
  org: number;
  site: number;
  space: number;
  parentId: string | null;
  position: number;
  /** Under another page (a blog post may not be). */
  nested: boolean;
  childCount: number;
}

export interface PagePlace {
  org: number;
  site: number;
  space: number;
}

/**
 * The records of a page list and every page under it, children before their parent (the order
 * a stream meets pages whose fields are all read once their object closes).
 */
export function* pageRecords(
  pages: readonly TenantPage[],
  path: string,
  place: PagePlace,
  parentId: string | null,
): Generator<PageRecord> {
  for (const [position, page] of pages.entries()) {
    const at = `${path}[${position}]`;
    if (page === null || typeof page !== 'object' || Array.isArray(page)) {
      // not a page at all: the record carries it as it is, for the structural check to name
      yield {
        page,
        path: at,
        ...place,
        parentId,
        position,
        nested: parentId !== null,
        childCount: 0,
      };
      continue;
    }
    const { children, ...fields } = page;
    if (Array.isArray(children)) yield* pageRecords(children, `${at}.children`, place, page.id);
    yield {
      page: children === undefined || Array.isArray(children) ? fields : page,
      path: at,
      ...place,
      parentId,
      position,
      nested: parentId !== null,
      childCount: Array.isArray(children) ? children.length : 0,
    };
  }
}

/** Every space's pages as records, in file order (whole-document twin of the streamed read). */
export function* documentPageRecords(document: unknown): Generator<PageRecord> {
  for (const [org, o] of listAt(document, 'orgs').entries()) {
    for (const [site, s] of listAt(o, 'sites').entries()) {
      for (const [space, k] of listAt(s, 'spaces').entries()) {
        const pages = listAt(k, 'pages') as TenantPage[];
        const path = `orgs[${org}].sites[${site}].spaces[${space}].pages`;
        yield* pageRecords(pages, path, { org, site, space }, null);
      }
    }
  }
}

/** The document with every space's page list emptied: all a streamed import keeps in memory. */
export function documentSkeleton(document: unknown): unknown {
  const copy = structuredClone(document);
  for (const o of listAt(copy, 'orgs')) {
    for (const s of listAt(o, 'sites')) {
      for (const k of listAt(s, 'spaces')) {
        const space = k as { pages?: unknown };
        if (Array.isArray(space.pages)) space.pages = [];
      }
    }
  }
  return copy;
}

function listAt(value: unknown, key: string): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  const list = (value as Record<string, unknown>)[key];
  return Array.isArray(list) ? list : [];
}

/**
 * The digest of a tenant document (T10): its skeleton, then each page record with its path, all
 * in canonical JSON, so key order and JSON/YAML spelling do not matter and a stream can compute
 * it without holding the pages.
 */
export class TenantDigest {
  private readonly pages: Hash = createHash('sha256');
  private skeletonHex = '';

  /** The skeleton's part: given before or after the pages (a stream knows it last). */
  skeleton(skeleton: unknown): this {
    this.skeletonHex = createHash('sha256').update(canonicalJson(skeleton)).digest('hex');
    return this;
  }

  page(record: PageRecord): this {
    this.pages.update(record.path).update('\t').update(canonicalJson(record.page)).update('\n');
    return this;
  }

  hex(): string {
    return createHash('sha256')
      .update(this.skeletonHex)
      .update(this.pages.digest('hex'))
      .digest('hex');
  }
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
