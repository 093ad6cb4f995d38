import SqliteDatabase from 'better-sqlite3';
import { quoted, type OrgRowsQuery } from './dialect.js';

/** Rowids per chunk of a read as columns (from 250 to 10,000 read alike; a chunk's texts stay small). */
const CHUNK_ROWS = 2_000;

/**
 * One org's rows of a table, in rowid order, in batches. Handing a row over costs better-sqlite3
 * about a microsecond whatever its size, so where the org's rows lie close together in the table
 * (an import or a fork writes them so) they are read as columns: one row per range of rowids
 * holding each column as a JSON array (`json_group_array`), which JavaScript parses — a fraction
 * of the time a million rows take one by one. Where they are scattered (an org that grew among
 * others), or when asked (`rowByRow`), they are read one by one through the org's index, so a read
 * never walks other orgs' rows.
 *
 * A file is read in one transaction on a read-only connection of its own, so the chunks see one
 * snapshot (WAL) while the main connection writes; an in-memory database (tests) is read on the
 * main connection.
 */
export async function* scanOrgRowsSqlite(
  file: string,
  raw: SqliteDatabase.Database,
  query: OrgRowsQuery,
): AsyncGenerator<unknown[]> {
  if (file === ':memory:') {
    // One batch: no statement stays open on the main connection while the caller awaits.
    yield [...orgRows(raw, query)].flat();
    return;
  }
  const reader = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    reader.exec('begin');
    for (const batch of orgRows(reader, query)) {
      yield batch;
      await new Promise((resolve) => setImmediate(resolve));
    }
    reader.exec('commit');
  } finally {
    reader.close();
  }
}

function* orgRows(db: SqliteDatabase.Database, query: OrgRowsQuery): Generator<unknown[]> {
  const names = query.columns ?? columnsOf(db, query.table);
  const table = quoted(query.table);
  const org = quoted(query.orgColumn);
  const [count, low, high] = db
    .prepare(`select count(*), min(rowid), max(rowid) from ${table} where ${org} = ?`)
    .raw(true)
    .get(query.orgId) as [number, number | null, number | null];
  if (count === 0 || low === null || high === null) return;
  // NOT INDEXED: a rowid range, never the index on the org column, picks a chunk's rows.
  const range = `from ${table} not indexed where ${org} = ? and rowid >= ? and rowid < ?`;
  const dense = high - low + 1 <= 2 * count;
  if (dense && query.rowByRow !== true) {
    const select = `select ${names.map((name) => `json_group_array(${quoted(name)})`).join(', ')}`;
    const chunk = db.prepare(`${select} ${range}`).raw(true);
    const toRows = query.columns ? arrayRows : objectRows(names);
    const step = Math.min(query.batchSize, CHUNK_ROWS);
    for (let start = low; start <= high; start += step) {
      const texts = chunk.get(query.orgId, start, start + step) as string[];
      const values = texts.map(parsedArray);
      if (values[0]!.length > 0) yield toRows(values);
    }
    return;
  }
  const select = `select ${names.map(quoted).join(', ')}`;
  const rows = (
    dense
      ? db.prepare(`${select} ${range} order by rowid`).raw(query.columns !== null)
      : db
          .prepare(`${select} from ${table} where ${org} = ? order by rowid`)
          .raw(query.columns !== null)
  ).iterate(...(dense ? [query.orgId, low, high + 1] : [query.orgId])) as IterableIterator<unknown>;
  yield* batchesOf(rows, query.batchSize);
}

/** Rows in batches of `size` (the last one shorter), read as they are asked for. */
export function* batchesOf(rows: Iterable<unknown>, size: number): Generator<unknown[]> {
  let batch: unknown[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function columnsOf(db: SqliteDatabase.Database, table: string): string[] {
  const info = db.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[];
  if (info.length === 0) throw new Error(`no table ${table}`);
  return info;
}

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
