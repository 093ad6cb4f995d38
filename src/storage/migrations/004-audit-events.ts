import type { Kysely } from 'kysely';

/**
 * The org audit log (docs/audit-log.md). Keys start with `org_id`; events are listed newest first
 * by (time, batch, seq): `batch` is one write (its events share a time), `seq` their order in it.
 */
export function auditEventsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('audit_events')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('batch', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('product', 'text')
        .addColumn('search', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_events_pk', ['org_id', 'id'])
        .execute();
      await db.schema
        .createIndex('audit_events_order')
        .on('audit_events')
        .columns(['org_id', 'time', 'batch', 'seq'])
        .execute();
    },
  };
}
