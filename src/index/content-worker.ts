import { parentPort, workerData } from 'node:worker_threads';
import { contentBatches } from '../storage/repos/world-stream.js';
import { openReader, type StorageTarget } from '../storage/storage.js';
import { ContentColumnsBuilder, transferables, type ContentColumns } from './content-columns.js';

/**
 * A worker thread that reads one org's content table into columns and hands them over (see
 * `content-reader.ts`): the biggest table is read on the second core while the loading thread
 * reads the others.
 */
export interface ContentJob {
  readonly target: StorageTarget;
  readonly orgId: string;
}

export type ContentMessage = { readonly rows: number } | { readonly columns: ContentColumns };

const { target, orgId } = workerData as ContentJob;
const port = parentPort!;
const reader = openReader(target);
try {
  const builder = new ContentColumnsBuilder();
  for await (const batch of contentBatches(reader.db, orgId, 'columns')) {
    for (const row of batch) builder.add(row);
    port.postMessage({ rows: batch.length } satisfies ContentMessage);
  }
  const columns = builder.build();
  port.postMessage({ columns } satisfies ContentMessage, transferables(columns));
} finally {
  await reader.close();
}
