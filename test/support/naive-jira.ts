import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import { allow, deny, type NaiveAnswer, type NaiveRequest, type Who } from './naive-evaluator.js';

/**
 * The naive second implementation of the Jira rules (docs/jira.md J1–J17) for the property test:
 * every check reads the database afresh and follows the doc line by line. It shares no code with
 * src/domain.
 */

interface IssueRow {
  id: string;
  site_id: string;
  project_id: string;
  key: string;
  classification: string | null;
  security_level: string | null;
  parent_id: string | null;
}

interface ProjectRow {
  id: string;
  site_id: string;
  key: string;
  default_classification: string | null;
}

const SCOPES: Record<string, string> = {
  read: 'read:jira-work',
  export: 'read:jira-work',
  downloadAttachment: 'read:jira-work',
  update: 'write:jira-work',
  administer: 'manage:jira-project',
};

export class NaiveJira {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly orgId: string,
    private readonly groupsOf: (accountId: string) => Promise<string[]>,
  ) {}

  async decide(who: Who, request: NaiveRequest): Promise<NaiveAnswer> {
    const r = request.resource;
    if ((r.id === undefined) === (r.key === undefined)) return deny('J1 id or key');
    if (r.type === 'issue') {
      const found = await this.issues(r.id, r.key, r.cloudId);
      if (found.length !== 1) return deny(`J1 ${found.length} issues`);
      const issue = found[0]!;
      const project = (await this.projects(issue.project_id, undefined, issue.site_id))[0]!;
      return this.decideIssue(who, request.action, issue, project);
    }
    const found = await this.projects(r.id, r.key, r.cloudId);
    if (found.length !== 1) return deny(`J1 ${found.length} projects`);
    return this.decideProject(who, request.action, found[0]!);
  }

  private async issues(id?: string, key?: string, cloudId?: string): Promise<IssueRow[]> {
    let query = this.db
      .selectFrom('jira_issues')
      .select([
        'id',
        'site_id',
        'project_id',
        'key',
        'classification',
        'security_level',
        'parent_id',
      ])
      .where('org_id', '=', this.orgId);
    query =
      id !== undefined ? query.where('id', '=', id) : query.where('key', '=', key!.toUpperCase());
    if (cloudId !== undefined) query = query.where('site_id', '=', cloudId);
    return query.execute();
  }

  private async projects(id?: string, key?: string, cloudId?: string): Promise<ProjectRow[]> {
    let query = this.db
      .selectFrom('projects')
      .select(['id', 'site_id', 'key', 'default_classification'])
      .where('org_id', '=', this.orgId);
    query =
      id !== undefined ? query.where('id', '=', id) : query.where('key', '=', key!.toUpperCase());
    if (cloudId !== undefined) query = query.where('site_id', '=', cloudId);
    return query.execute();
  }

  /** The account whose grants a principal holds: the user, else the app's app user. */
  private account(who: Who): string | null {
    if (who.user) return who.user.account_id;
    if (who.app) return who.app.account_id;
    return null;
  }

  private async groups(who: Who, accountId: string): Promise<Set<string>> {
    return new Set(who.onlyGroup ? [who.onlyGroup] : await this.groupsOf(accountId));
  }

  /** J2/J3: does the principal hold `permission` in the project? */
  private async holds(who: Who, project: ProjectRow, permission: string): Promise<boolean> {
    const rows = await this.db
      .selectFrom('jira_project_permissions')
      .select(['subject_type', 'subject_id'])
      .where('org_id', '=', this.orgId)
      .where('site_id', '=', project.site_id)
      .where('project_id', '=', project.id)
      .where('permission', '=', permission)
      .execute();
    const anyone = rows.some((row) => row.subject_type === 'anyone');
    if (who.anonymous) {
      if (!anyone) return false;
      const site = await this.db
        .selectFrom('sites')
        .select('anonymous_access')
        .where('cloud_id', '=', project.site_id)
        .executeTakeFirstOrThrow();
      return Number(site.anonymous_access) === 1;
    }
    if (anyone) return true;
    const accountId = this.account(who);
    if (accountId === null) return false;
    if (rows.some((row) => row.subject_type === 'user' && row.subject_id === accountId))
      return true;
    const groups = await this.groups(who, accountId);
    return rows.some((row) => row.subject_type === 'group' && groups.has(row.subject_id));
  }

  /** J5/J6: may the principal see an issue of this level (the parent's for a sub-task)? */
  private async inLevel(who: Who, issue: IssueRow, project: ProjectRow): Promise<boolean> {
    let level = issue.security_level;
    if (issue.parent_id !== null) {
      const parent = await this.issues(issue.parent_id, undefined, issue.site_id);
      level = parent[0]?.security_level ?? null;
    }
    if (level === null) return true;
    const accountId = this.account(who);
    if (who.anonymous || accountId === null) return false;
    const members = await this.db
      .selectFrom('jira_security_level_members')
      .select(['subject_type', 'subject_id'])
      .where('org_id', '=', this.orgId)
      .where('site_id', '=', project.site_id)
      .where('project_id', '=', project.id)
      .where('level_id', '=', level)
      .execute();
    if (members.some((m) => m.subject_type === 'user' && m.subject_id === accountId)) return true;
    const groups = await this.groups(who, accountId);
    return members.some((m) => m.subject_type === 'group' && groups.has(m.subject_id));
  }

  private async published(rule: string) {
    const policies = await this.db
      .selectFrom('policies')
      .select(['id', 'coverage_level', 'rules', 'subject_id'])
      .where('org_id', '=', this.orgId)
      .where('status', '=', 'published')
      .execute();
    const carrying = policies.flatMap((p) => {
      const effect = (JSON.parse(p.rules) as Record<string, { effect: string }>)[rule];
      return effect ? [{ p, effect: effect.effect }] : [];
    });
    if (carrying.length === 0) return [];
    const resources = await this.db
      .selectFrom('policy_resources')
      .select(['policy_id', 'resource_ari'])
      .where(
        'policy_id',
        'in',
        carrying.map((c) => c.p.id),
      )
      .where('application_status', '=', 'applied')
      .execute();
    return carrying.map(({ p, effect }) => ({
      coverage: p.coverage_level,
      effect,
      subject: p.subject_id,
      resources: resources.filter((r) => r.policy_id === p.id).map((r) => r.resource_ari),
    }));
  }

  /** J8/J9 with D6–D8: does `rule` block content of the project at `level`? */
  private async blocks(rule: string, project: ProjectRow, level: string | null): Promise<boolean> {
    const covering = new Set([
      `WORKSPACE ari:cloud:jira::site/${project.site_id}`,
      `CONTAINER ari:cloud:jira:${project.site_id}:project/${project.id}`,
      ...(level === null ? [] : [`CLASSIFICATION ari:cloud:platform::classification-tag/${level}`]),
    ]);
    const policies = await this.published(rule);
    const overrides = policies.filter((p) =>
      p.resources.some((ari) => covering.has(`${p.coverage} ${ari}`)),
    );
    if (overrides.length > 0) return overrides.some((p) => p.effect === 'block');
    return policies.some((p) => p.coverage === 'ORG' && p.effect === 'block');
  }

  /** J11: the D15 steps on the project. */
  private async appBlocked(who: Who, project: ProjectRow): Promise<boolean> {
    if (!who.app || who.app.exempt) return false;
    const ari = who.app.ari;
    const projectAri = `ari:cloud:jira:${project.site_id}:project/${project.id}`;
    const policies = await this.published('appAccess');
    const steps = [
      policies.filter(
        (p) => p.coverage === 'CONTAINER' && p.subject === ari && p.resources.includes(projectAri),
      ),
      policies.filter(
        (p) =>
          p.coverage === 'CONTAINER' &&
          (p.subject ?? 'all_apps') === 'all_apps' &&
          p.resources.includes(projectAri),
      ),
      policies.filter((p) => p.coverage === 'ORG' && p.subject === ari),
      policies.filter((p) => p.coverage === 'ORG' && (p.subject ?? 'all_apps') === 'all_apps'),
    ];
    for (const step of steps) if (step.length > 0) return step.some((p) => p.effect === 'block');
    return false;
  }

  private async effectiveLevel(issue: IssueRow, project: ProjectRow): Promise<string | null> {
    if (issue.classification !== null) return issue.classification;
    if (project.default_classification !== null) return project.default_classification;
    const org = await this.db
      .selectFrom('orgs')
      .select('default_classification')
      .where('id', '=', this.orgId)
      .executeTakeFirstOrThrow();
    return org.default_classification;
  }

  private missingScope(who: Who, action: string): boolean {
    const scope = SCOPES[action];
    return who.app !== null && scope !== undefined && !who.app.scopes.includes(scope);
  }

  private async decideIssue(
    who: Who,
    action: string,
    issue: IssueRow,
    project: ProjectRow,
  ): Promise<NaiveAnswer> {
    if (action === 'viewPublicLink' || action === 'restrict') return deny('J14 no Jira surface');
    if (action === 'administer') return deny('J16 per project');
    if (this.missingScope(who, action)) return deny('J4 scope');
    if (!(await this.holds(who, project, 'BROWSE_PROJECTS'))) return deny('J2 no browse');
    if (!(await this.inLevel(who, issue, project))) return deny('J5 level');
    if (action === 'update') {
      if (who.anonymous) return deny('J3 anonymous edits nothing');
      if (!(await this.holds(who, project, 'EDIT_ISSUES'))) return deny('J17 no edit');
    }
    if (await this.appBlocked(who, project)) return deny('J11 appAccess');
    const level = await this.effectiveLevel(issue, project);
    if (who.anonymous && (await this.blocks('anonymousAccess', project, level))) {
      return deny('J10 anonymousAccess');
    }
    if (action === 'export' && (await this.blocks('export', project, level)))
      return deny('J12 export');
    if (
      action === 'downloadAttachment' &&
      (await this.blocks('attachmentDownload', project, level))
    ) {
      return deny('J13 download');
    }
    return allow(`Jira ${action}`);
  }

  private async decideProject(who: Who, action: string, project: ProjectRow): Promise<NaiveAnswer> {
    if (action !== 'read' && action !== 'administer') return deny('J15 per issue');
    if (this.missingScope(who, action)) return deny('J4 scope');
    if (action === 'administer') {
      if (who.anonymous) return deny('J16 anonymous');
      const siteAdmin = who.user !== null && who.user.site_admin === 1;
      if (!siteAdmin && !(await this.holds(who, project, 'ADMINISTER_PROJECTS'))) {
        return deny('J16 no administer');
      }
      if (await this.appBlocked(who, project)) return deny('J11 appAccess');
      return allow('J16 administer');
    }
    if (!(await this.holds(who, project, 'BROWSE_PROJECTS'))) return deny('J2 no browse');
    if (who.anonymous && (await this.blocks('anonymousAccess', project, null))) {
      return deny('J10 anonymousAccess');
    }
    return allow('J15 project read');
  }
}
