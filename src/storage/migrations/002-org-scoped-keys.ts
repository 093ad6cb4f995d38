import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Ids of the tenant document are unique per org, not across the server: a fork keeps the content
 * ids of its source (tests address pages by the ids they wrote). Every world table gets `org_id`
 * as the first column of its primary (and unique) key. Site names and cloudIds (they route
 * requests) and Admin API keys (they identify the org) stay globally unique; `projects` is keyed
 * by its site, which belongs to one org, and is left as it is.
 *
 * SQLite cannot alter a primary key, so both dialects do the same: rename the old table, create
 * the new one under the old name, copy the rows, drop the old table, recreate the indexes.
 * Constraint names differ from 001's because PostgreSQL keeps them (and their indexes) on the
 * renamed table until it is dropped.
 *
 * Also adds `orgs.enforcement`: the org's enforcement modes (JSON, null = enforce everything).
 */
export const orgScopedKeysMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const text = 'text' as const;
    const int = 'integer' as const;

    const recreate = async (
      table: string,
      define: (builder: CreateTableBuilder<string, never>) => { execute(): Promise<void> },
      copy: (from: string) => Promise<void> = (from) =>
        sql`insert into ${sql.table(table)} select * from ${sql.table(from)}`
          .execute(db)
          .then(() => undefined),
    ) => {
      const old = `${table}_001`;
      await db.schema.alterTable(table).renameTo(old).execute();
      await define(db.schema.createTable(table)).execute();
      await copy(old);
      await db.schema.dropTable(old).execute();
    };

    await recreate('classification_levels', (t) =>
      t
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('description', text)
        .addColumn('guideline', text)
        .addColumn('color', text)
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('rank', int, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('classification_levels_org_pk', ['org_id', 'id']),
    );

    await recreate('users', (t) =>
      t
        .addColumn('account_id', text, (c) => c.notNull())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('email', text)
        .addColumn('display_name', text, (c) => c.notNull())
        .addColumn('api_token', text)
        .addColumn('site_admin', int, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('users_org_pk', ['org_id', 'account_id']),
    );

    await recreate('groups', (t) =>
      t
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('groups_org_pk', ['org_id', 'id'])
        .addUniqueConstraint('groups_org_name_unique', ['org_id', 'name']),
    );

    await recreate('group_members', (t) =>
      t
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('group_id', text, (c) => c.notNull())
        .addColumn('account_id', text, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_org_pk', ['org_id', 'group_id', 'account_id']),
    );

    await recreate('apps', (t) =>
      t
        .addColumn('ari', text, (c) => c.notNull())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('token', text)
        .addColumn('account_id', text)
        .addColumn('scopes', text, (c) => c.notNull())
        .addColumn('exempt', int, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('apps_org_pk', ['org_id', 'ari']),
    );

    await recreate('spaces', (t) =>
      t
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('site_id', text, (c) => c.notNull())
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('default_classification', text)
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('spaces_org_pk', ['org_id', 'id']),
    );

    await recreate('space_permissions', (t) =>
      t
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('space_id', text, (c) => c.notNull())
        .addColumn('subject_type', text, (c) => c.notNull())
        .addColumn('subject_id', text, (c) => c.notNull())
        .addColumn('operation', text, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('space_permissions_org_pk', [
          'org_id',
          'space_id',
          'subject_type',
          'subject_id',
          'operation',
        ]),
    );

    await recreate('content', (t) =>
      t
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('space_id', text, (c) => c.notNull())
        .addColumn('parent_id', text)
        .addColumn('type', text, (c) => c.notNull())
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('body', text)
        .addColumn('classification', text)
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('content_org_pk', ['org_id', 'id']),
    );
    await db.schema
      .createIndex('content_space')
      .on('content')
      .columns(['org_id', 'space_id'])
      .execute();
    await db.schema
      .createIndex('content_parent')
      .on('content')
      .columns(['org_id', 'parent_id'])
      .execute();

    await recreate('attachments', (t) =>
      t
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('content_id', text, (c) => c.notNull())
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('media_type', text)
        .addColumn('file_size', int)
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('attachments_org_pk', ['org_id', 'id']),
    );
    await db.schema
      .createIndex('attachments_content')
      .on('attachments')
      .columns(['org_id', 'content_id'])
      .execute();

    await recreate('public_links', (t) =>
      t
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('content_id', text, (c) => c.notNull())
        .addColumn('enabled', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('public_links_org_pk', ['org_id', 'id'])
        .addUniqueConstraint('public_links_org_content_unique', ['org_id', 'content_id']),
    );

    await recreate('content_restrictions', (t) =>
      t
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('content_id', text, (c) => c.notNull())
        .addColumn('operation', text, (c) => c.notNull())
        .addColumn('subject_type', text, (c) => c.notNull())
        .addColumn('subject_id', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('content_restrictions_org_pk', [
          'org_id',
          'content_id',
          'operation',
          'subject_type',
          'subject_id',
        ]),
    );

    await recreate('policies', (t) =>
      t
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('type', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('coverage_level', text, (c) => c.notNull())
        .addColumn('description', text)
        .addColumn('rules', text, (c) => c.notNull())
        .addColumn('subject_type', text)
        .addColumn('subject_id', text)
        .addColumn('created_by', text, (c) => c.notNull())
        .addColumn('last_updated_by', text, (c) => c.notNull())
        .addColumn('has_had_coverage', int, (c) => c.notNull())
        .addColumn('system_tag', text)
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('policies_org_pk', ['org_id', 'id']),
    );
    await db.schema
      .createIndex('policies_org_status')
      .on('policies')
      .columns(['org_id', 'status'])
      .execute();

    // A resource row now carries its policy's org: policy ids repeat across orgs after a fork.
    await recreate(
      'policy_resources',
      (t) =>
        t
          .addColumn('org_id', text, (c) => c.notNull())
          .addColumn('id', text, (c) => c.notNull())
          .addColumn('policy_id', text, (c) => c.notNull())
          .addColumn('resource_ari', text, (c) => c.notNull())
          .addColumn('application_status', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .addColumn('updated_at', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('policy_resources_org_pk', ['org_id', 'id'])
          .addUniqueConstraint('policy_resources_org_policy_ari', [
            'org_id',
            'policy_id',
            'resource_ari',
          ]),
      async (from) => {
        await sql`insert into policy_resources
            (org_id, id, policy_id, resource_ari, application_status, created_at, updated_at)
          select p.org_id, r.id, r.policy_id, r.resource_ari, r.application_status,
                 r.created_at, r.updated_at
          from ${sql.table(from)} r join policies p on p.id = r.policy_id`.execute(db);
      },
    );

    await db.schema.alterTable('orgs').addColumn('enforcement', text).execute();
  },
};
