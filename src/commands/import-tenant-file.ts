import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Storage } from '../storage/storage.js';
import { TenantDigest, type PageRecord } from '../tenant/page-records.js';
import { legacyDigestTenant, readTenantFile, TenantFileError } from '../tenant/parse.js';
import type { TenantFile } from '../tenant/schema.js';
import { readTenantStream } from '../tenant/stream-read.js';
import { validateSkeleton, type StreamedTenantCheck } from '../tenant/validate-stream.js';
import { runStandalone } from './command.js';
import {
  IMPORT_ORIGIN,
  importTenant,
  MAX_PAGE_PROBLEMS,
  pageProblems,
  replaceOrgs,
  type ImportProgress,
  type ImportResult,
  type StreamedPages,
} from './import-tenant.js';

const isYaml = (path: string) => ['.yaml', '.yml'].includes(extname(path).toLowerCase());

/**
 * Imports a tenant file (T21). JSON is streamed in two passes, so memory holds the skeleton and a
 * chunk of pages, never the document: the first reads the skeleton, counts and digests the pages;
 * the second, inside the import's one transaction, checks each page and writes it. YAML (for
 * hand-written worlds) is parsed whole, as before.
 */
export async function importTenantFile(
  storage: Storage,
  path: string,
  onProgress: ImportProgress = () => undefined,
  /** The first pass's bytes read of the file's size. */
  onRead: ImportProgress = () => undefined,
): Promise<ImportResult> {
  if (isYaml(path)) return importTenant(storage, await readTenantFile(path), path, onProgress);
  const size = await readable(path);
  const digest = new TenantDigest();
  let count = 0;
  const skeleton = await readTenantStream(counted(chunks(path), size, onRead), path, {
    skeleton: true,
    onPage(record) {
      digest.page(record);
      count++;
    },
  });
  digest.skeleton(skeleton);
  const check = validateSkeleton(skeleton);
  const read = async (onPage: (record: PageRecord) => void, flush: () => Promise<void>) => {
    await readTenantStream(chunks(path), path, { skeleton: false, onPage, afterChunk: flush });
  };
  if (check.problems.length > 0) {
    // the pages' problems too, as a whole-document check names them, before anything is written
    if (!check.checksPages) throw new TenantFileError(check.problems, path);
    await checkPagesOnly(check, read);
    throw new TenantFileError(pageProblems(check.problems), path);
  }
  const digests: [string, ...string[]] = [digest.hex(), ...(await legacyDigest(path))];
  return runStandalone(
    storage,
    replaceOrgs(skeleton as TenantFile, digests, check, path, onProgress, {
      count,
      check,
      read,
    }),
    IMPORT_ORIGIN,
  );
}

async function checkPagesOnly(check: StreamedTenantCheck, read: StreamedPages['read']) {
  await read(
    (record) => {
      if (check.problems.length < MAX_PAGE_PROBLEMS) check.checkPage(record);
    },
    () => Promise.resolve(),
  );
  await check.namePaths((onPage) => read(onPage, () => Promise.resolve()));
}

/** Files small enough to parse whole may have been recorded by their older digest (T21). */
const LEGACY_DIGEST_BYTES = 16 << 20;

async function legacyDigest(path: string): Promise<string[]> {
  if ((await stat(path)).size > LEGACY_DIGEST_BYTES) return [];
  return [legacyDigestTenant(JSON.parse(await readFile(path, 'utf8')))];
}

const chunks = (path: string) => createReadStream(path, { highWaterMark: 1 << 20 });

async function* counted(
  source: AsyncIterable<Buffer>,
  size: number,
  onRead: ImportProgress,
): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of source) {
    read += chunk.length;
    onRead(read, size);
    yield chunk;
  }
}

/** The file's size; a TenantFileError when it cannot be read. */
async function readable(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    return info.size;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TenantFileError([`(file): cannot read: ${reason}`], path);
  }
}
