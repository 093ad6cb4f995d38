import type {
  ColumnDefinitionBuilder,
  CompiledQuery,
  Kysely,
  RawBuilder,
  Transaction,
} from 'kysely';
import type { Database } from '../schema.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Everything that differs between SQLite and PostgreSQL lives behind this interface; the two
 * implementations sit next to it and nowhere else in the code base is dialect-specific SQL.
 */
export interface DialectAdapter {
  readonly name: DialectName;
  /** Column type for an auto-incrementing integer key. */
  readonly serialType: 'integer' | 'serial';
  serialColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Serialize writers on `key` until the transaction ends (publish of a rule, import, …). */
  lockForWrite(trx: Transaction<Database>, key: string): Promise<void>;
  /** True for errors worth retrying the whole transaction (serialization failure, busy). */
  isTransient(error: unknown): boolean;
  /**
   * True for errors that say the database is away or refuses to write — connection refused or
   * lost, server shutting down or starting, a read-only or full file — rather than a bug: the
   * request answers 503 with `Retry-After` (docs/reliability.md F10), never 500.
   */
  isUnavailable(error: unknown): boolean;
  /** Cheap liveness probe for /readyz. */
  ping(db: Kysely<Database>): Promise<void>;
  /**
   * Called by every write that appends to the change log, inside its transaction: wakes the other
   * instances once it commits (PostgreSQL NOTIFY). A no-op where there is no such mechanism.
   */
  notifyChanges(trx: Transaction<Database>): Promise<void>;
  /**
   * Opens a dedicated connection that calls `onChange` whenever another writer commits changes,
   * and `onLost` once if that connection breaks. Null when the dialect cannot wake (SQLite: the
   * polling timer alone follows other processes).
   */
  listenForChanges(handlers: ChangeListenerHandlers): Promise<ChangeListener | null>;
  /**
   * Runs a read-only query and yields its rows in batches of up to `batchSize`, holding neither
   * the whole result nor the main connection: SQLite reads through a connection of its own,
   * PostgreSQL through a cursor. What a load of a million rows reads with. `arrays`: each row as
   * an array of its columns in select order (no key per column: the cheapest form of a row).
   */
  /**
   * An aggregate: the column's values in the group as the text of a JSON array, in no particular
   * order. A load reads a group's members in one row this way, not one row per member (a row
   * costs far more to hand to JavaScript than its values).
   */
  jsonArrayOf(column: string): RawBuilder<string>;
  scan(
    query: CompiledQuery,
    batchSize: number,
    rowsAs?: 'objects' | 'arrays',
  ): AsyncGenerator<unknown[]>;
  /**
   * `scan` of one org's rows of a table, in no particular order: the named columns as arrays, or
   * every column as objects. SQLite reads them as columns (sqlite-columns.ts), far faster than
   * row by row; PostgreSQL through a cursor.
   */
  scanOrgRows(query: OrgRowsQuery): AsyncGenerator<unknown[]>;
}

/** A table or column name as an SQL identifier (both dialects quote with double quotes). */
export const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** What `scanOrgRows` reads. The names come from code, never from a request. */
export interface OrgRowsQuery {
  readonly table: string;
  /** The column that names the org (`orgs.id`, else `org_id`). */
  readonly orgColumn: string;
  readonly orgId: string;
  /** These columns, each row an array in this order; null: every column, each row an object. */
  readonly columns: readonly string[] | null;
  readonly batchSize: number;
  /**
   * Read row by row: slower on SQLite, but it leaves less garbage behind (what a rebuild reads
   * with while the index serves). The rows come in the same order either way.
   */
  readonly rowByRow?: boolean;
}

export interface ChangeListenerHandlers {
  onChange(): void;
  onLost(error: Error): void;
}

export interface ChangeListener {
  /** The server-side process id of the listening connection (for diagnostics and tests). */
  readonly backendPid: number | null;
  close(): Promise<void>;
}

/**
 * The dialect adapter behind a Kysely instance or one of its transactions, so the change log can
 * reach `notifyChanges` without every command passing the adapter along.
 */
const adapters = new WeakMap<object, DialectAdapter>();

export function registerAdapter(db: Kysely<Database>, adapter: DialectAdapter): void {
  adapters.set(db.getExecutor().adapter, adapter);
}

export function adapterOf(
  db: Kysely<Database> | Transaction<Database>,
): DialectAdapter | undefined {
  return adapters.get(db.getExecutor().adapter);
}
