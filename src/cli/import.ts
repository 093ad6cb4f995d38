import { importTenant } from '../commands/import-tenant.js';
import { resolveConfig, type ConfigInput } from '../config.js';
import { openStorage } from '../storage/storage.js';
import { readTenantFile } from '../tenant/parse.js';

export async function runImport(file: string, flags: ConfigInput): Promise<void> {
  const config = resolveConfig({ ...flags, demo: false });
  const document = await readTenantFile(file);
  const storage = await openStorage(config.storage);
  const tty = process.stderr.isTTY === true;
  let last = 0;
  try {
    const result = await importTenant(storage, document, file, (done, total) => {
      const now = Date.now();
      if (tty && (now - last > 100 || done === total)) {
        last = now;
        process.stderr.write(
          `\rimporting ${file}: ${done}/${total} rows (${Math.floor((100 * done) / total)}%)`,
        );
      }
    });
    if (tty && result.loaded) process.stderr.write('\n');
    process.stdout.write(
      result.loaded
        ? `Loaded ${file}: ${result.orgIds.length} org(s), ${result.rows} rows\n`
        : `Already loaded ${file}: nothing changed\n`,
    );
  } finally {
    await storage.close();
  }
}
