import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialects/dialect.js';

/** The world, policies, restrictions and the change log, portable across both dialects. */
export function initialMigration(adapter: DialectAdapter) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const text = 'text' as const;
      const int = 'integer' as const;

      await db.schema
        .createTable('orgs')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('default_classification', text)
        .addColumn('position', int, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('admin_api_keys')
        .addColumn('key', text, (c) => c.primaryKey())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('classification_levels')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('description', text)
        .addColumn('guideline', text)
        .addColumn('color', text)
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('rank', int, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('account_id', text, (c) => c.primaryKey())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('email', text)
        .addColumn('display_name', text, (c) => c.notNull())
        .addColumn('api_token', text)
        .addColumn('site_admin', int, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('groups')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addUniqueConstraint('groups_org_name', ['org_id', 'name'])
        .execute();

      await db.schema
        .createTable('group_members')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('group_id', text, (c) => c.notNull())
        .addColumn('account_id', text, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'account_id'])
        .execute();

      await db.schema
        .createTable('apps')
        .addColumn('ari', text, (c) => c.primaryKey())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('token', text)
        .addColumn('account_id', text)
        .addColumn('scopes', text, (c) => c.notNull())
        .addColumn('exempt', int, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sites')
        .addColumn('cloud_id', text, (c) => c.primaryKey())
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull().unique())
        .addColumn('products', text, (c) => c.notNull())
        .addColumn('anonymous_access', int, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('spaces')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('site_id', text, (c) => c.notNull())
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('default_classification', text)
        .addColumn('position', int, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('space_permissions')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('space_id', text, (c) => c.notNull())
        .addColumn('subject_type', text, (c) => c.notNull())
        .addColumn('subject_id', text, (c) => c.notNull())
        .addColumn('operation', text, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('space_permissions_pk', [
          'space_id',
          'subject_type',
          'subject_id',
          'operation',
        ])
        .execute();

      await db.schema
        .createTable('content')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('space_id', text, (c) => c.notNull())
        .addColumn('parent_id', text)
        .addColumn('type', text, (c) => c.notNull())
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('body', text)
        .addColumn('classification', text)
        .addColumn('position', int, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('content_space').on('content').column('space_id').execute();
      await db.schema.createIndex('content_parent').on('content').column('parent_id').execute();

      await db.schema
        .createTable('attachments')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('content_id', text, (c) => c.notNull())
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('media_type', text)
        .addColumn('file_size', int)
        .addColumn('position', int, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('attachments_content')
        .on('attachments')
        .column('content_id')
        .execute();

      await db.schema
        .createTable('public_links')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('content_id', text, (c) => c.notNull().unique())
        .addColumn('enabled', int, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('content_restrictions')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('content_id', text, (c) => c.notNull())
        .addColumn('operation', text, (c) => c.notNull())
        .addColumn('subject_type', text, (c) => c.notNull())
        .addColumn('subject_id', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('content_restrictions_pk', [
          'content_id',
          'operation',
          'subject_type',
          'subject_id',
        ])
        .execute();

      await db.schema
        .createTable('projects')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('site_id', text, (c) => c.notNull())
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('project_type', text)
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('projects_pk', ['site_id', 'id'])
        .execute();

      await db.schema
        .createTable('policies')
        .addColumn('id', text, (c) => c.primaryKey())
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
        .execute();
      await db.schema
        .createIndex('policies_org_status')
        .on('policies')
        .columns(['org_id', 'status'])
        .execute();

      await db.schema
        .createTable('policy_resources')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('policy_id', text, (c) => c.notNull())
        .addColumn('resource_ari', text, (c) => c.notNull())
        .addColumn('application_status', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .addUniqueConstraint('policy_resources_policy_ari', ['policy_id', 'resource_ari'])
        .execute();

      await db.schema
        .createTable('change_log')
        .addColumn('revision', adapter.serialType, (c) => adapter.serialColumn(c))
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('entity_id', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tenant_loads')
        .addColumn('digest', text, (c) => c.primaryKey())
        .addColumn('loaded_at', text, (c) => c.notNull())
        .execute();
    },
  };
}
