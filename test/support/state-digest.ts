import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import type { DialectName } from '../../src/storage/dialects/dialect.js';

/**
 * A digest of every row of every Gatehouse table: equal before and after a request means the
 * request wrote nothing (the migrations' own bookkeeping tables are left out).
 */
export async function stateDigest(db: Kysely<Database>, dialect: DialectName): Promise<string> {
  const tables =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
      : await sql<{
          name: string;
        }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(db);
  const hash = createHash('sha256');
  for (const name of tables.rows.map((r) => r.name).sort()) {
    if (name.startsWith('kysely_') || name.startsWith('sqlite_')) continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    const lines = rows.rows.map((row) => JSON.stringify(row)).sort();
    hash.update(`${name}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}
