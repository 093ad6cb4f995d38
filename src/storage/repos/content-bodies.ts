import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Storage-format bodies of pages and blog posts, by id (absent: no body). Bodies are not kept in
 * the index: they are read only after the index has decided the caller may see the content.
 */
export async function readBodies(
  db: Kysely<Database>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  if (ids.length === 0) return bodies;
  const rows = await db
    .selectFrom('content')
    .select(['id', 'body'])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute();
  for (const row of rows) if (row.body !== null) bodies.set(row.id, row.body);
  return bodies;
}
