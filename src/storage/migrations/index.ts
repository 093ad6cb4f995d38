import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialects/dialect.js';
import type { Database } from '../schema.js';
import { initialMigration } from './001-initial.js';
import { orgScopedKeysMigration } from './002-org-scoped-keys.js';
import { jiraMigration } from './003-jira.js';
import { auditEventsMigration } from './004-audit-events.js';

/** The one ordered list of migrations, shared by both dialects. */
export function migrationsFor(adapter: DialectAdapter): Record<string, Migration> {
  return {
    '001-initial': initialMigration(adapter),
    '002-org-scoped-keys': orgScopedKeysMigration,
    '003-jira': jiraMigration(),
    '004-audit-events': auditEventsMigration(),
  };
}

export async function migrateToLatest(db: Kysely<Database>, adapter: DialectAdapter) {
  const provider: MigrationProvider = {
    getMigrations: () => Promise.resolve(migrationsFor(adapter)),
  };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${cause}`);
  }
}
