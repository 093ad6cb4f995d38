import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { Database } from '../schema.js';
import { registerAdapter, type DialectAdapter } from './dialect.js';
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
  registerAdapter(db, sqliteAdapter);
  return { db, adapter: sqliteAdapter };
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

const sqliteAdapter: DialectAdapter = {
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
};
