import type { Kysely, Transaction } from 'kysely';
import type { DialectAdapter, DialectName } from './dialects/dialect.js';
import { openPostgres } from './dialects/postgres.js';
import { openSqlite, type SqliteSynchronous } from './dialects/sqlite.js';
import { migrateToLatest } from './migrations/index.js';
import type { Database } from './schema.js';

export type { DialectName };

export type StorageTarget =
  | { kind: 'sqlite'; file: string; synchronous?: SqliteSynchronous }
  | { kind: 'postgres'; url: string };

export interface Storage {
  readonly db: Kysely<Database>;
  readonly adapter: DialectAdapter;
  readonly target: StorageTarget;
  /** Run `work` in one transaction, retrying a bounded number of times on transient failures. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Reads in one transaction that sees one committed state throughout (repeatable read). */
  readConsistently<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const MAX_ATTEMPTS = 5;

export interface StorageOptions {
  /** A pooled connection broke outside a query (PostgreSQL); the next query reports it too. */
  onConnectionError?: (error: Error) => void;
}

export async function openStorage(
  target: StorageTarget,
  options: StorageOptions = {},
): Promise<Storage> {
  const { db, adapter } =
    target.kind === 'sqlite'
      ? openSqlite(target.file, target.synchronous ?? 'FULL')
      : openPostgres(target.url, options.onConnectionError);
  try {
    await migrateToLatest(db, adapter);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return Object.freeze({
    db,
    adapter,
    target,
    async transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute(work);
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !adapter.isTransient(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
        }
      }
    },
    readConsistently<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      // SQLite ignores the level: a WAL read transaction is a snapshot already.
      return db.transaction().setIsolationLevel('repeatable read').execute(work);
    },
    close: () => db.destroy(),
  });
}

/**
 * The database without its migrations run, for reading alone (a worker thread that streams one
 * table while the process that opened the storage reads the others).
 */
export function openReader(target: StorageTarget): {
  db: Kysely<Database>;
  close(): Promise<void>;
} {
  const { db } =
    target.kind === 'sqlite' ? openSqlite(target.file, 'NORMAL') : openPostgres(target.url);
  return { db, close: () => db.destroy() };
}

export function describeTarget(target: StorageTarget): string {
  if (target.kind === 'sqlite') return `sqlite:${target.file}`;
  const url = new URL(target.url);
  if (url.password) url.password = '***';
  return url.toString();
}
