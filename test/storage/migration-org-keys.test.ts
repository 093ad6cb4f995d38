import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import type { DialectAdapter } from '../../src/storage/dialects/dialect.js';
import { openPostgres } from '../../src/storage/dialects/postgres.js';
import { openSqlite } from '../../src/storage/dialects/sqlite.js';
import { migrateToLatest, migrationsFor } from '../../src/storage/migrations/index.js';
import type { Database } from '../../src/storage/schema.js';
import { DIALECTS } from '../support/harness.js';
import { createTestDatabase } from '../support/postgres-cluster.js';

async function open(dialect: string) {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-migration-'));
    const { db, adapter } = openSqlite(join(dir, 'm.db'), 'NORMAL');
    return { db, adapter, done: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createTestDatabase(inject('postgresUrl'));
  const { db, adapter } = openPostgres(database.url);
  return { db, adapter, done: () => database.drop() };
}

async function migrateTo(db: Kysely<Database>, adapter: DialectAdapter, name: string) {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrationsFor(adapter)) },
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
}

/** 002-org-scoped-keys over a database that holds rows of 001: nothing lost, keys per org. */
describe.each(DIALECTS)('migration 002-org-scoped-keys on %s', (dialect) => {
  it('keeps every row of 001, gives resources their org, and lets ids repeat across orgs', async () => {
    const { db, adapter, done } = await open(dialect);
    try {
      await migrateTo(db, adapter, '001-initial');
      await sql`insert into orgs (id, name, default_classification, position) values ('o1', 'One', null, 0)`.execute(
        db,
      );
      await sql`insert into content (org_id, id, space_id, parent_id, type, title, body, classification, position)
        values ('o1', '98305', 's1', null, 'page', 'Home', '<p>x</p>', null, 0)`.execute(db);
      await sql`insert into content_restrictions (org_id, content_id, operation, subject_type, subject_id)
        values ('o1', '98305', 'read', 'user', 'u1')`.execute(db);
      await sql`insert into users (account_id, org_id, email, display_name, api_token, site_admin, position)
        values ('u1', 'o1', 'a@x.test', 'A', 't', 0, 0)`.execute(db);
      await sql`insert into policies (id, org_id, type, name, status, coverage_level, description, rules,
          subject_type, subject_id, created_by, last_updated_by, has_had_coverage, system_tag, created_at, updated_at)
        values ('p1', 'o1', 'data-security', 'P', 'published', 'ORG', null, '{}', null, null, 'a', 'a', 0, null, 't', 't')`.execute(
        db,
      );
      await sql`insert into policy_resources (id, policy_id, resource_ari, application_status, created_at, updated_at)
        values ('r1', 'p1', 'ari:x', 'applied', 't', 't')`.execute(db);

      await migrateToLatest(db, adapter);
      expect(
        await db.selectFrom('content').select(['org_id', 'id', 'title', 'body']).execute(),
      ).toEqual([{ org_id: 'o1', id: '98305', title: 'Home', body: '<p>x</p>' }]);
      expect(
        await db.selectFrom('policy_resources').select(['org_id', 'id', 'policy_id']).execute(),
      ).toEqual([{ org_id: 'o1', id: 'r1', policy_id: 'p1' }]);
      expect(await db.selectFrom('content_restrictions').selectAll().execute()).toHaveLength(1);
      expect(await db.selectFrom('orgs').select('enforcement').execute()).toEqual([
        { enforcement: null },
      ]);

      // The same ids in another org are accepted; twice in one org they are not.
      await db
        .insertInto('content')
        .values({
          org_id: 'o2',
          id: '98305',
          space_id: 's1',
          parent_id: null,
          type: 'page',
          title: 'Copy',
          body: null,
          classification: null,
          position: 0,
        })
        .execute();
      await db
        .insertInto('users')
        .values({
          account_id: 'u1',
          org_id: 'o2',
          email: 'a@x.test',
          display_name: 'A',
          api_token: 't',
          site_admin: 0,
          position: 0,
        })
        .execute();
      await db
        .insertInto('policies')
        .values({
          id: 'p1',
          org_id: 'o2',
          type: 'data-security',
          name: 'P',
          status: 'draft',
          coverage_level: 'ORG',
          description: null,
          rules: '{}',
          subject_type: null,
          subject_id: null,
          created_by: 'a',
          last_updated_by: 'a',
          has_had_coverage: 0,
          system_tag: null,
          created_at: 't',
          updated_at: 't',
        })
        .execute();
      await expect(
        db
          .insertInto('content')
          .values({
            org_id: 'o1',
            id: '98305',
            space_id: 's1',
            parent_id: null,
            type: 'page',
            title: 'Again',
            body: null,
            classification: null,
            position: 1,
          })
          .execute(),
      ).rejects.toThrow();
      // Site names and cloudIds stay unique across the server.
      await db
        .insertInto('sites')
        .values({
          cloud_id: 'c1',
          org_id: 'o1',
          name: 'acme',
          products: '[]',
          anonymous_access: 0,
          position: 0,
        })
        .execute();
      await expect(
        db
          .insertInto('sites')
          .values({
            cloud_id: 'c2',
            org_id: 'o2',
            name: 'acme',
            products: '[]',
            anonymous_access: 0,
            position: 0,
          })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await db.destroy();
      await done();
    }
  });
});
