import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  SqliteDialect,
  SqliteDriver,
  sql,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { Database } from '../schema.js';
import { registerAdapter, type DialectAdapter } from './dialect.js';
import { batchesOf, scanOrgRowsSqlite } from './sqlite-columns.js';
import { errorChain } from './unavailable.js';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export function openSqlite(
  file: string,
  synchronous: SqliteSynchronous,
): { db: Kysely<Database>; adapter: DialectAdapter } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${synchronous}`);
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new RollbackSafeSqliteDialect(raw) });
  const adapter = sqliteAdapter(file, raw);
  registerAdapter(db, adapter);
  return { db, adapter };
}

/**
 * A query's rows in batches, read synchronously a batch at a time (better-sqlite3) with a pause
 * for the event loop between batches. On a file it reads through a read-only connection of its
 * own — WAL lets it read while the main connection writes, and an open iterator would otherwise
 * keep the main connection busy. An in-memory database (tests) is read in one batch.
 */
async function* scanSqlite(
  file: string,
  raw: SqliteDatabase.Database,
  query: CompiledQuery,
  batchSize: number,
  rowsAs: 'objects' | 'arrays',
): AsyncGenerator<unknown[]> {
  const parameters = query.parameters as unknown[];
  if (file === ':memory:') {
    yield raw
      .prepare(query.sql)
      .raw(rowsAs === 'arrays')
      .all(...parameters);
    return;
  }
  const reader = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  const rows = reader
    .prepare(query.sql)
    .raw(rowsAs === 'arrays')
    .iterate(...parameters) as IterableIterator<unknown>;
  try {
    for (const batch of batchesOf(rows, batchSize)) {
      yield batch;
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    rows.return?.();
    reader.close();
  }
}

/**
 * SQLite result codes (and their extended forms, `SQLITE_READONLY_DBMOVED`, `SQLITE_IOERR_WRITE`…)
 * of a file that cannot be written or read right now: read-only, full disk, I/O error, cannot
 * open, still locked after the busy timeout and the retries. Corruption stays a 500.
 */
const UNAVAILABLE_CODES = [
  'SQLITE_READONLY',
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_NOMEM',
  'SQLITE_PROTOCOL',
];

/**
 * On SQLITE_FULL, SQLITE_IOERR and the like SQLite may roll the transaction back by itself; the
 * ROLLBACK Kysely then sends fails ("no transaction is active") and its error would replace the
 * one that says why (a full disk is a 503, F11, not a 500). So ROLLBACK is sent only when a
 * transaction is still open.
 */
class RollbackSafeSqliteDialect extends SqliteDialect {
  constructor(private readonly raw: SqliteDatabase.Database) {
    super({ database: raw });
  }

  override createDriver(): Driver {
    const raw = this.raw;
    return new (class extends SqliteDriver {
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (raw.inTransaction) await super.rollbackTransaction(connection);
      }
    })({ database: raw });
  }
}

const sqliteAdapter = (file: string, raw: SqliteDatabase.Database): DialectAdapter => ({
  name: 'sqlite',
  serialType: 'integer',
  serialColumn: (column) => column.primaryKey().autoIncrement(),
  async lockForWrite(trx) {
    // A write statement takes SQLite's RESERVED lock at once, so a deferred transaction cannot
    // later fail to upgrade while another process (gatehouse import) writes the same file.
    await sql`update change_log set revision = revision where 0 = 1`.execute(trx);
  },
  isTransient(error) {
    return error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY';
  },
  isUnavailable(error) {
    return errorChain(error).some(
      ({ code }) => code !== undefined && UNAVAILABLE_CODES.some((c) => code.startsWith(c)),
    );
  },
  async ping(db) {
    await sql`select 1`.execute(db);
  },
  // Other processes on the same file are followed by the polling timer alone.
  notifyChanges: () => Promise.resolve(),
  listenForChanges: () => Promise.resolve(null),
  jsonArrayOf: (column) => sql<string>`json_group_array(${sql.ref(column)})`,
  scan: (query, batchSize, rowsAs = 'objects') => scanSqlite(file, raw, query, batchSize, rowsAs),
  scanOrgRows: (query) => scanOrgRowsSqlite(file, raw, query),
});
