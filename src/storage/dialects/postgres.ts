import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';
import type { DialectAdapter } from './dialect.js';

// COUNT(*) and BIGINT come back as strings by default; every integer Gatehouse stores fits.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function openPostgres(url: string): {
  db: Kysely<Database>;
  adapter: DialectAdapter;
  pool: pg.Pool;
} {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, adapter: postgresAdapter, pool };
}

const TRANSIENT_CODES = new Set(['40001', '40P01']);

const postgresAdapter: DialectAdapter = {
  name: 'postgres',
  serialType: 'serial',
  serialColumn: (column) => column.primaryKey(),
  async lockForWrite(trx, key) {
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  },
  isTransient(error) {
    return (
      error instanceof Error &&
      'code' in error &&
      typeof error.code === 'string' &&
      TRANSIENT_CODES.has(error.code)
    );
  },
  async ping(db) {
    await sql`select 1`.execute(db);
  },
};
