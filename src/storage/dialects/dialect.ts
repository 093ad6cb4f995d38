import type { ColumnDefinitionBuilder, Kysely, Transaction } from 'kysely';
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
  /** Cheap liveness probe for /readyz. */
  ping(db: Kysely<Database>): Promise<void>;
}
