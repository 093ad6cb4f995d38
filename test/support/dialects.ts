import type { DialectName } from '../../src/storage/dialects/dialect.js';

const KNOWN: readonly DialectName[] = ['sqlite', 'postgres'];

/**
 * The dialects the storage and route suites run on: `GATEHOUSE_TEST_DIALECTS`, a comma list
 * (default `sqlite,postgres`), as Kysely's `DIALECTS`. `sqlite` alone needs no PostgreSQL binaries.
 */
export function testDialects(value: string | undefined): DialectName[] {
  if (value === undefined || value.trim() === '') return [...KNOWN];
  const names = value.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(KNOWN as readonly string[]).includes(name));
  if (unknown.length > 0 || names.includes('')) {
    throw new Error(
      `GATEHOUSE_TEST_DIALECTS=${value}: unknown dialect ${unknown.map((n) => `"${n}"`).join(', ') || '""'}; use a comma list of ${KNOWN.join(', ')}`,
    );
  }
  return KNOWN.filter((known) => names.includes(known));
}
