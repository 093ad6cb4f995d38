import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StorageTarget } from '../storage/storage.js';
import type { ContentColumns } from './content-columns.js';
import type { ContentJob, ContentMessage } from './content-worker.js';
import type { RowCounter } from './org-loader.js';

/**
 * The compiled worker script: beside this module, or in dist/ when this module runs from its
 * TypeScript source (the tests; `npm test` builds dist first). Null when there is none.
 */
function workerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  const script = here.endsWith('.ts')
    ? here.replace(
        /[\\/]src[\\/]index[\\/]content-reader\.ts$/,
        '/dist/src/index/content-worker.js',
      )
    : here.replace(/content-reader\.js$/, 'content-worker.js');
  return script !== here && existsSync(script) ? script : null;
}

/**
 * Reads an org's content table in a worker thread (`content-worker.ts`), counting its rows as
 * they arrive. Null where a worker cannot read the database: an in-memory SQLite database
 * belongs to its connection, and without the compiled worker script there is nothing to run.
 */
export function readContentInWorker(
  target: StorageTarget,
  orgId: string,
  onRows: RowCounter,
): Promise<ContentColumns> | null {
  if (target.kind === 'sqlite' && target.file === ':memory:') return null;
  const script = workerScript();
  if (script === null) return null;
  const columns = new Promise<ContentColumns>((resolve, reject) => {
    const worker = new Worker(script, { workerData: { target, orgId } satisfies ContentJob });
    worker.on('message', (message: ContentMessage) => {
      if ('rows' in message) onRows(message.rows);
      else resolve(message.columns);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      reject(new Error(`the content reader stopped (exit code ${code}) before it was done`));
    });
  });
  // The loader awaits it after reading the other tables: a failure must wait for it, not end
  // the process as an unhandled rejection.
  columns.catch(() => undefined);
  return columns;
}
