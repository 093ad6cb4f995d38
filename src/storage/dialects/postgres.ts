import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database } from '../schema.js';
import {
  quoted,
  registerAdapter,
  type ChangeListener,
  type ChangeListenerHandlers,
  type DialectAdapter,
} from './dialect.js';
import { errorChain, NETWORK_ERROR_CODES } from './unavailable.js';

// COUNT(*) and BIGINT come back as strings by default; every integer Gatehouse stores fits.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** The NOTIFY channel every change-log write signals on (the payload is empty: the log is truth). */
export const CHANGE_CHANNEL = 'gatehouse_changes';

export function openPostgres(
  url: string,
  onConnectionError: (error: Error) => void = () => undefined,
): {
  db: Kysely<Database>;
  adapter: DialectAdapter;
  pool: pg.Pool;
} {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A server that is away must fail a request within seconds (503), not hang it.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // A client that loses its server emits 'error': while idle the pool hears it, but while a
  // request holds it (between the statements of a transaction) only the client's own listener
  // does, and an 'error' nobody listens to ends the process. The query in flight, or the next
  // one, fails and answers 503; the pool drops the broken client and connects anew.
  pool.on('error', onConnectionError);
  pool.on('connect', (client) => client.on('error', onConnectionError));
  // A cursor lets the index stream a table instead of holding all its rows (issue 16).
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  const adapter = postgresAdapter(url, pool);
  registerAdapter(db, adapter);
  return { db, adapter, pool };
}

const TRANSIENT_CODES = new Set(['40001', '40P01']);
const CONNECT_TIMEOUT_MS = 5000;

/**
 * SQLSTATEs of a server that is away or cannot write: connection exceptions (class 08),
 * shutting down, crashed or starting (57P01–57P03), too many connections, disk full, out of
 * memory, I/O error, a read-only (standby) server.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53000',
  '53100',
  '53200',
  '53300',
  '58030',
  '25006',
]);

/** Errors pg raises itself, without a SQLSTATE, when the connection is lost or never made. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
];

function isUnavailable(error: unknown): boolean {
  return errorChain(error).some(
    ({ code, message }) =>
      (code !== undefined &&
        (code.startsWith('08') || UNAVAILABLE_CODES.has(code) || NETWORK_ERROR_CODES.has(code))) ||
      UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)),
  );
}

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

/** A query's rows in batches through a cursor on a pooled connection. */
async function* scanPostgres(
  pool: pg.Pool,
  query: Pick<CompiledQuery, 'sql' | 'parameters'>,
  batchSize: number,
  rowsAs: 'objects' | 'arrays',
): AsyncGenerator<unknown[]> {
  const client = await pool.connect();
  const cursor = client.query(
    new Cursor<unknown>(query.sql, query.parameters as unknown[], {
      ...(rowsAs === 'arrays' ? { rowMode: 'array' as const } : {}),
    }),
  );
  let broken: Error | undefined;
  try {
    for (;;) {
      const batch = await cursor.read(batchSize);
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) return;
    }
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // A connection that failed mid-scan (the database restarted) is destroyed, never returned to
    // the pool: a pooled client that is "not queryable" would fail every query handed to it, and
    // closing its cursor would wait for an answer that never comes.
    if (!broken) {
      await cursor.close().catch((error: unknown) => {
        broken = error instanceof Error ? error : new Error(String(error));
      });
    }
    client.release(broken);
  }
}

function postgresAdapter(url: string, pool: pg.Pool): DialectAdapter {
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
    isUnavailable,
    async ping(db) {
      await sql`select 1`.execute(db);
    },
    async notifyChanges(trx) {
      // Delivered at commit, folded into one per transaction by PostgreSQL, dropped on rollback.
      await sql`select pg_notify(${CHANGE_CHANNEL}, '')`.execute(trx);
    },
    listenForChanges: (handlers) => listen(url, handlers),
    jsonArrayOf: (column) => sql<string>`json_agg(${sql.ref(column)})::text`,
    scan: (query, batchSize, rowsAs = 'objects') => scanPostgres(pool, query, batchSize, rowsAs),
    scanOrgRows: ({ table, orgColumn, orgId, columns, batchSize }) =>
      scanPostgres(
        pool,
        {
          sql: `select ${columns ? columns.map(quoted).join(', ') : '*'} from ${quoted(table)} where ${quoted(orgColumn)} = $1`,
          parameters: [orgId],
        },
        batchSize,
        columns ? 'arrays' : 'objects',
      ),
  };
}
