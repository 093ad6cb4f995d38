import { exportTenant } from '../commands/export-tenant.js';
import { resolveConfig, type ConfigInput } from '../config.js';
import { openStorage } from '../storage/storage.js';

export async function runExport(flags: ConfigInput & { org?: string }): Promise<void> {
  const config = resolveConfig({ ...flags, demo: false });
  const storage = await openStorage(config.storage);
  try {
    const document = await exportTenant(storage, flags.org);
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } finally {
    await storage.close();
  }
}
