import type { Kysely } from 'kysely';

/**
 * The Jira world (docs/jira.md): project defaults, permission schemes, issue security levels,
 * issues, their attachments and comments. Every primary and unique key starts with `org_id`
 * (ids may repeat across orgs); issue keys are unique per site.
 */
export function jiraMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const text = 'text' as const;
      const int = 'integer' as const;

      await db.schema.alterTable('projects').addColumn('default_classification', text).execute();

      await db.schema
        .createTable('jira_project_permissions')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('site_id', text, (c) => c.notNull())
        .addColumn('project_id', text, (c) => c.notNull())
        .addColumn('subject_type', text, (c) => c.notNull())
        .addColumn('subject_id', text, (c) => c.notNull())
        .addColumn('permission', text, (c) => c.notNull())
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('jira_project_permissions_pk', [
          'org_id',
          'site_id',
          'project_id',
          'subject_type',
          'subject_id',
          'permission',
        ])
        .execute();

      await db.schema
        .createTable('jira_security_levels')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('site_id', text, (c) => c.notNull())
        .addColumn('project_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('description', text)
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('jira_security_levels_pk', [
          'org_id',
          'site_id',
          'project_id',
          'id',
        ])
        .execute();

      await db.schema
        .createTable('jira_security_level_members')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('site_id', text, (c) => c.notNull())
        .addColumn('project_id', text, (c) => c.notNull())
        .addColumn('level_id', text, (c) => c.notNull())
        .addColumn('subject_type', text, (c) => c.notNull())
        .addColumn('subject_id', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('jira_security_level_members_pk', [
          'org_id',
          'site_id',
          'project_id',
          'level_id',
          'subject_type',
          'subject_id',
        ])
        .execute();

      await db.schema
        .createTable('jira_issues')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('site_id', text, (c) => c.notNull())
        .addColumn('project_id', text, (c) => c.notNull())
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('summary', text, (c) => c.notNull())
        .addColumn('issue_type', text, (c) => c.notNull())
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('description', text)
        .addColumn('labels', text, (c) => c.notNull())
        .addColumn('reporter', text)
        .addColumn('assignee', text)
        .addColumn('created', text, (c) => c.notNull())
        .addColumn('updated', text, (c) => c.notNull())
        .addColumn('classification', text)
        .addColumn('security_level', text)
        .addColumn('parent_id', text)
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('jira_issues_pk', ['org_id', 'id'])
        .addUniqueConstraint('jira_issues_site_key', ['org_id', 'site_id', 'key'])
        .execute();
      await db.schema
        .createIndex('jira_issues_project')
        .on('jira_issues')
        .columns(['org_id', 'site_id', 'project_id'])
        .execute();

      await db.schema
        .createTable('jira_attachments')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('issue_id', text, (c) => c.notNull())
        .addColumn('filename', text, (c) => c.notNull())
        .addColumn('mime_type', text)
        .addColumn('size', int)
        .addColumn('author', text)
        .addColumn('created', text)
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('jira_attachments_pk', ['org_id', 'id'])
        .execute();

      await db.schema
        .createTable('jira_comments')
        .addColumn('org_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('issue_id', text, (c) => c.notNull())
        .addColumn('author', text)
        .addColumn('body', text, (c) => c.notNull())
        .addColumn('created', text)
        .addColumn('position', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('jira_comments_pk', ['org_id', 'id'])
        .execute();
    },
  };
}
