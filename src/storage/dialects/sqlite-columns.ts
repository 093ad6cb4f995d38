import SqliteDatabase from 'better-sqlite3';
import type { OrgRowsQuery } from './dialect.js';

/**
 * One org's rows of a table, read as columns and handed out as rows, in batches: SQLite hands
 * each column of a range of rowids over as one JSON array (`json_group_array`), and JavaScript
 * parses it. Handing over a row costs better-sqlite3 about a microsecond whatever its size, so a
 * million rows read this way take a fraction of the time they take row by row.
 *
 * The chunks are read in one transaction on a read-only connection of their own, so they see one
 * snapshot of the file (WAL) while the main connection writes. An in-memory database (tests) is
 * read in one chunk on the main connection.
 */
/**
 * Rowids per chunk: small enough that a chunk's longest JSON text (the titles of content) stays
 * below V8's large-object size, so a load's chunks are young garbage, collected as they go, and a
 * rebuild's peak RSS stays near the steady one.
 */
const CHUNK_ROWS = 2_000;

export async function* scanOrgRowsSqlite(
  file: string,
  raw: SqliteDatabase.Database,
  query: OrgRowsQuery,
): AsyncGenerator<unknown[]> {
  if (file === ':memory:') {
    yield* rowsOf(raw, query, null);
    return;
  }
  const reader = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    if (query.rowByRow === true) {
      yield* rowByRow(reader, query);
      return;
    }
    reader.exec('begin');
    for (const batch of rowsOf(reader, query, Math.min(query.batchSize, CHUNK_ROWS))) {
      yield batch;
      await new Promise((resolve) => setImmediate(resolve));
    }
    reader.exec('commit');
  } finally {
    reader.close();
  }
}

function* rowsOf(
  db: SqliteDatabase.Database,
  query: OrgRowsQuery,
  chunkRows: number | null,
): Generator<unknown[]> {
  const names = query.columns ?? columnsOf(db, query.table);
  // `+org_id`: the rowid range, not an index on the org column, picks a chunk's rows.
  const from = `from ${quoted(query.table)} where +${quoted(query.orgColumn)} = ?`;
  const select = `select ${names.map((name) => `json_group_array(${quoted(name)})`).join(', ')}`;
  const chunk = db.prepare(`${select} ${from} and rowid >= ? and rowid < ?`).raw(true);
  const toRows = query.columns ? arrayRows : objectRows(names);
  if (chunkRows === null) {
    const all = db.prepare(`${select} ${from}`).raw(true).get(query.orgId) as string[];
    yield toRows(all.map(parsedArray));
    return;
  }
  const [low, high] = db
    .prepare(`select min(rowid), max(rowid) ${from}`)
    .raw(true)
    .get(query.orgId) as [number | null, number | null];
  if (low === null || high === null) return;
  for (let start = low; start <= high; start += chunkRows) {
    const values = (chunk.get(query.orgId, start, start + chunkRows) as string[]).map(parsedArray);
    if (values[0]!.length > 0) yield toRows(values);
  }
}

/** The same rows in the same (rowid) order, one row at a time. */
async function* rowByRow(
  db: SqliteDatabase.Database,
  query: OrgRowsQuery,
): AsyncGenerator<unknown[]> {
  const names = query.columns ?? columnsOf(db, query.table);
  const rows = db
    .prepare(
      `select ${names.map(quoted).join(', ')} from ${quoted(query.table)} ` +
        `where +${quoted(query.orgColumn)} = ? order by rowid`,
    )
    .raw(query.columns !== null)
    .iterate(query.orgId) as IterableIterator<unknown>;
  try {
    for (;;) {
      const batch: unknown[] = [];
      for (let next = rows.next(); !next.done; next = rows.next()) {
        batch.push(next.value);
        if (batch.length === query.batchSize) break;
      }
      if (batch.length > 0) yield batch;
      if (batch.length < query.batchSize) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    rows.return?.();
  }
}

function columnsOf(db: SqliteDatabase.Database, table: string): string[] {
  const info = db.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[];
  if (info.length === 0) throw new Error(`no table ${table}`);
  return info;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

function parsedArray(json: string): unknown[] {
  const values: unknown = JSON.parse(json);
  if (!Array.isArray(values)) throw new Error('json_group_array did not give an array');
  return values;
}

/** Columns (one array each, of equal length) as rows: an array per row, in column order. */
function arrayRows(columns: unknown[][]): unknown[] {
  const count = columns[0]!.length;
  const rows = new Array<unknown[]>(count);
  for (let i = 0; i < count; i++) {
    const row = new Array<unknown>(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = columns[c]![i];
    rows[i] = row;
  }
  return rows;
}

/** Columns as rows: an object per row, keyed by the column names. */
function objectRows(names: readonly string[]): (columns: unknown[][]) => unknown[] {
  return (columns) => {
    const count = columns[0]!.length;
    const rows = new Array<Record<string, unknown>>(count);
    for (let i = 0; i < count; i++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![i];
      rows[i] = row;
    }
    return rows;
  };
}
