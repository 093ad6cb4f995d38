import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database } from '../schema.js';
import {
  registerAdapter,
  type ChangeListener,
  type ChangeListenerHandlers,
  type DialectAdapter,
} from './dialect.js';

// COUNT(*) and BIGINT come back as strings by default; every integer Gatehouse stores fits.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** The NOTIFY channel every change-log write signals on (the payload is empty: the log is truth). */
export const CHANGE_CHANNEL = 'gatehouse_changes';

export function openPostgres(url: string): {
  db: Kysely<Database>;
  adapter: DialectAdapter;
  pool: pg.Pool;
} {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // A cursor lets the index stream a table instead of holding all its rows (issue 16).
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  const adapter = postgresAdapter(url);
  registerAdapter(db, adapter);
  return { db, adapter, pool };
}

const TRANSIENT_CODES = new Set(['40001', '40P01']);

/** LISTENs on a connection of its own (a pooled one would be handed to other queries). */
async function listen(url: string, handlers: ChangeListenerHandlers): Promise<ChangeListener> {
  const client = new pg.Client({ connectionString: url });
  let closing = false;
  let lost = false;
  const loseOnce = (error: Error) => {
    if (closing || lost) return;
    lost = true;
    handlers.onLost(error);
  };
  client.on('error', loseOnce);
  client.on('end', () => loseOnce(new Error('the listening connection ended')));
  client.on('notification', (message) => {
    if (message.channel === CHANGE_CHANNEL) handlers.onChange();
  });
  let backendPid: number | null = null;
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    backendPid = rows[0]?.pid ?? null;
  } catch (error) {
    closing = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    backendPid,
    async close() {
      closing = true;
      await client.end().catch(() => undefined);
    },
  };
}

function postgresAdapter(url: string): DialectAdapter {
  return {
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
    async notifyChanges(trx) {
      // Delivered at commit, folded into one per transaction by PostgreSQL, dropped on rollback.
      await sql`select pg_notify(${CHANGE_CHANNEL}, '')`.execute(trx);
    },
    listenForChanges: (handlers) => listen(url, handlers),
  };
}
