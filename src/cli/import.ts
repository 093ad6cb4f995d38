import { importTenantFile } from '../commands/import-tenant-file.js';
import { resolveConfig, type ConfigInput } from '../config.js';
import { openStorage } from '../storage/storage.js';

interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * On a terminal, one self-overwriting line: rows written so far, at most every `everyMs` and
 * always at 100%. Elsewhere (a pipe, a log file) nothing, so output stays clean.
 */
export function importProgress(
  stream: ProgressStream,
  file: string,
  everyMs = 100,
  now: () => number = Date.now,
  verb = 'importing',
  unit = 'rows',
) {
  const tty = stream.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    report(done: number, total: number) {
      const at = now();
      if (!tty || (at - last <= everyMs && done !== total)) return;
      last = at;
      shown = true;
      const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
      stream.write(`\r${verb} ${file}: ${done}/${total} ${unit} (${percent}%)`);
    },
    finish() {
      if (shown) stream.write('\n');
    },
  };
}

export async function runImport(file: string, flags: ConfigInput): Promise<void> {
  const config = resolveConfig({ ...flags, demo: false });
  const storage = await openStorage(config.storage);
  // on a terminal: the first pass's bytes, then the rows written
  const reading = importProgress(process.stderr, file, 100, Date.now, 'reading', 'bytes');
  const progress = importProgress(process.stderr, file);
  try {
    const result = await importTenantFile(storage, file, progress.report, (done, total) => {
      reading.report(done, total);
      if (done === total) reading.finish();
    });
    progress.finish();
    process.stdout.write(
      result.loaded
        ? `Loaded ${file}: ${result.orgIds.length} org(s), ${result.rows} rows\n`
        : `Already loaded ${file}: nothing changed\n`,
    );
  } finally {
    await storage.close();
  }
}
