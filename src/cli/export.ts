import { streamTenant } from '../commands/export-tenant.js';
import { resolveConfig, type ConfigInput } from '../config.js';
import { openStorage } from '../storage/storage.js';
import type { TextSink } from '../tenant/json-writer.js';
import { importProgress } from './import.js';

/** stdout as a sink that waits for it to drain, so a large export never piles up in memory. */
function stdoutSink(): TextSink {
  return {
    write: (text) =>
      process.stdout.write(text)
        ? undefined
        : new Promise<void>((resolve) => process.stdout.once('drain', resolve)),
  };
}

export async function runExport(flags: ConfigInput & { org?: string }): Promise<void> {
  const config = resolveConfig({ ...flags, demo: false });
  const storage = await openStorage(config.storage);
  // on a terminal stderr shows the pages written; in a pipe or a log nothing is added
  const progress = importProgress(
    process.stderr,
    'the tenant',
    100,
    Date.now,
    'exporting',
    'pages',
  );
  try {
    await streamTenant(storage, stdoutSink(), flags.org, progress.report);
    progress.finish();
  } finally {
    await storage.close();
  }
}
