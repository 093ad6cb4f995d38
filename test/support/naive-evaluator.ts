import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import { NaiveJira } from './naive-jira.js';

/**
 * A deliberately naive second implementation of the decision rules, for the property test: it
 * reads straight from the database for every check and follows docs/decision-scenarios.md,
 * docs/restriction-rules.md and semantics §8 line by line. It shares no code with src/domain.
 */

export type NaiveSubject =
  | { type: 'user'; accountId: string; adminKey?: boolean }
  | { type: 'app'; ari: string; actingFor?: string }
  | { type: 'anonymous' };

export interface NaiveRequest {
  subject: NaiveSubject;
  action: string;
  /** Confluence resources by id; Jira issues and projects by id or key (maybe with cloudId). */
  resource: { type: string; id?: string; key?: string; cloudId?: string };
}

export interface NaiveAnswer {
  decision: 'allow' | 'deny';
  /** Why, in a few words (for failure messages only). */
  why: string;
}

const READ_SCOPE = 'read:confluence-content.all';
const WRITE_SCOPE = 'write:confluence-content';

export const allow = (why: string): NaiveAnswer => ({ decision: 'allow', why });
export const deny = (why: string): NaiveAnswer => ({ decision: 'deny', why });

interface ContentRow {
  id: string;
  space_id: string;
  parent_id: string | null;
  type: string;
  classification: string | null;
}

export interface Who {
  /** The user whose rights are exercised (a user, or the user an app acts for). */
  user: { account_id: string; site_admin: number } | null;
  adminKey: boolean;
  /** The calling app, if any. */
  app: { ari: string; account_id: string | null; scopes: string[]; exempt: boolean } | null;
  anonymous: boolean;
  /** Set for a probe "someone whose only membership is this group" (list-subjects' groups). */
  onlyGroup?: string;
}

/** An account id no restriction or permission can name. */
export const PROBE = '\u0000group-member-probe';

export class NaiveEvaluator {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly orgId: string,
  ) {}

  async decide(request: NaiveRequest): Promise<NaiveAnswer> {
    const who = await this.who(request.subject);
    if (typeof who === 'string') return deny(who);
    return this.decideFor(who, request);
  }

  /** D20: would a user whose only membership is `groupId` be allowed? */
  decideForGroupMember(
    groupId: string,
    action: string,
    resource: NaiveRequest['resource'],
  ): Promise<NaiveAnswer> {
    const who: Who = {
      user: { account_id: PROBE, site_admin: 0 },
      adminKey: false,
      app: null,
      anonymous: false,
      onlyGroup: groupId,
    };
    return this.decideFor(who, { subject: { type: 'anonymous' }, action, resource });
  }

  private async decideFor(who: Who, request: NaiveRequest): Promise<NaiveAnswer> {
    if (request.resource.type === 'issue' || request.resource.type === 'project') {
      return new NaiveJira(this.db, this.orgId, (accountId) => this.groupIdsOf(accountId)).decide(
        who,
        request,
      );
    }
    const { type } = request.resource;
    const id = request.resource.id ?? '';

    if (type === 'space') return this.decideSpace(who, request.action, id);

    let content: ContentRow | undefined;
    if (type === 'attachment') {
      const attachment = await this.db
        .selectFrom('attachments')
        .select('content_id')
        .where('org_id', '=', this.orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (attachment) content = await this.content(attachment.content_id);
    } else {
      content = await this.content(id);
      if (content && content.type !== type) content = undefined;
    }
    if (!content) return deny(`D1 no ${type} ${id}`);

    if (request.action === 'viewPublicLink') {
      const link = await this.db
        .selectFrom('public_links')
        .select('enabled')
        .where('content_id', '=', content.id)
        .executeTakeFirst();
      if (!link) return deny('D12 no public link');
      if (Number(link.enabled) !== 1) return deny('D12 link off');
      return (await this.ruleBlocks('publicLinks', content))
        ? deny('D12 publicLinks blocked')
        : allow('D12 link on');
    }

    const writes = request.action === 'update' || request.action === 'restrict';
    if (who.app && !who.app.scopes.includes(writes ? WRITE_SCOPE : READ_SCOPE)) {
      return deny('D17 app scope');
    }
    const confluence = writes ? await this.mayEdit(who, content) : await this.mayView(who, content);
    if (confluence !== null) return deny(confluence);

    if (who.app && !who.app.exempt && (await this.appBlocked(who.app.ari, content.space_id))) {
      return deny('D14 appAccess blocks');
    }
    if (who.anonymous && (await this.ruleBlocks('anonymousAccess', content))) {
      return deny('D11 anonymousAccess blocks');
    }
    if (request.action === 'export' && (await this.ruleBlocks('export', content))) {
      return deny('D9 export blocked');
    }
    if (
      request.action === 'downloadAttachment' &&
      (await this.ruleBlocks('attachmentDownload', content))
    ) {
      return deny('D10 download blocked');
    }
    if (['read', 'update', 'restrict', 'export', 'downloadAttachment'].includes(request.action)) {
      return allow('all layers pass');
    }
    return deny(`unknown action ${request.action}`);
  }

  private async who(subject: NaiveSubject): Promise<Who | string> {
    const findUser = (accountId: string) =>
      this.db
        .selectFrom('users')
        .select(['account_id', 'site_admin'])
        .where('org_id', '=', this.orgId)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
    if (subject.type === 'anonymous') {
      return { user: null, adminKey: false, app: null, anonymous: true };
    }
    if (subject.type === 'user') {
      const user = await findUser(subject.accountId);
      if (!user) return 'D1 unknown user';
      return { user, adminKey: subject.adminKey === true, app: null, anonymous: false };
    }
    const row = await this.db
      .selectFrom('apps')
      .select(['ari', 'account_id', 'scopes', 'exempt'])
      .where('org_id', '=', this.orgId)
      .where('ari', '=', subject.ari)
      .executeTakeFirst();
    if (!row) return 'D1 unknown app';
    const app = {
      ari: row.ari,
      account_id: row.account_id,
      scopes: JSON.parse(row.scopes) as string[],
      exempt: Number(row.exempt) === 1,
    };
    if (subject.actingFor === undefined) {
      return { user: null, adminKey: false, app, anonymous: false };
    }
    const user = await findUser(subject.actingFor);
    if (!user) return 'D1 unknown acted-for user';
    return { user, adminKey: false, app, anonymous: false };
  }

  private content(id: string): Promise<ContentRow | undefined> {
    return this.db
      .selectFrom('content')
      .select(['id', 'space_id', 'parent_id', 'type', 'classification'])
      .where('org_id', '=', this.orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The account id restrictions name the principal by: the user's, else the app user's. */
  private accountOf(who: Who): string | null {
    if (who.user) return who.user.account_id;
    if (who.app) return who.app.account_id;
    return null;
  }

  private async groupIdsOf(accountId: string): Promise<string[]> {
    if (accountId === PROBE) return [];
    const rows = await this.db
      .selectFrom('group_members')
      .select('group_id')
      .where('org_id', '=', this.orgId)
      .where('account_id', '=', accountId)
      .execute();
    return rows.map((r) => r.group_id);
  }

  private bypasses(who: Who): boolean {
    return who.user !== null && who.app === null && who.adminKey && who.user.site_admin === 1;
  }

  /** R5/R6: may the principal `operation` in the space at all? */
  private async spacePermission(who: Who, spaceId: string, operation: string): Promise<boolean> {
    const space = await this.db
      .selectFrom('spaces')
      .innerJoin('sites', 'sites.cloud_id', 'spaces.site_id')
      .select(['sites.anonymous_access'])
      .where('spaces.org_id', '=', this.orgId)
      .where('spaces.id', '=', spaceId)
      .executeTakeFirst();
    if (!space) return false;
    const perms = await this.db
      .selectFrom('space_permissions')
      .select(['subject_type', 'subject_id', 'operation'])
      .where('org_id', '=', this.orgId)
      .where('space_id', '=', spaceId)
      .where('operation', '=', operation)
      .execute();
    if (who.anonymous) {
      return (
        operation === 'read' &&
        Number(space.anonymous_access) === 1 &&
        perms.some((p) => p.subject_type === 'anonymous')
      );
    }
    if (!who.user) {
      // An app on its own: its scopes stand in for space permissions (R6).
      return who.app!.scopes.includes(operation === 'read' ? READ_SCOPE : WRITE_SCOPE);
    }
    const accountId = who.user.account_id;
    if (perms.some((p) => p.subject_type === 'user' && p.subject_id === accountId)) return true;
    // Stored by group id (the tenant file names groups, the import resolves them).
    const groupIds = new Set(who.onlyGroup ? [who.onlyGroup] : await this.groupIdsOf(accountId));
    return perms.some((p) => p.subject_type === 'group' && groupIds.has(p.subject_id));
  }

  /** R4: listed directly or through a group. */
  private async listed(
    who: Who,
    contentId: string,
    operation: 'read' | 'update',
  ): Promise<'unrestricted' | 'listed' | 'not listed'> {
    const rows = await this.db
      .selectFrom('content_restrictions')
      .select(['subject_type', 'subject_id'])
      .where('content_id', '=', contentId)
      .where('operation', '=', operation)
      .execute();
    if (rows.length === 0) return 'unrestricted';
    const accountId = this.accountOf(who);
    if (accountId === null) return 'not listed';
    if (rows.some((r) => r.subject_type === 'user' && r.subject_id === accountId)) return 'listed';
    const groups = new Set(who.onlyGroup ? [who.onlyGroup] : await this.groupIdsOf(accountId));
    return rows.some((r) => r.subject_type === 'group' && groups.has(r.subject_id))
      ? 'listed'
      : 'not listed';
  }

  /** View (R1, R5–R7, R9): null when allowed, else why not. */
  private async mayView(who: Who, content: ContentRow): Promise<string | null> {
    if (this.bypasses(who)) return null;
    if (!(await this.spacePermission(who, content.space_id, 'read'))) return 'R6 no space read';
    let page: ContentRow | undefined = content;
    const seen = new Set<string>();
    while (page && !seen.has(page.id)) {
      seen.add(page.id);
      if ((await this.listed(who, page.id, 'read')) === 'not listed') {
        return `R1 read restriction on ${page.id}`;
      }
      page = page.parent_id === null ? undefined : await this.content(page.parent_id);
    }
    return null;
  }

  /** Edit (R2, R3): view, space update, the page's own update list. */
  private async mayEdit(who: Who, content: ContentRow): Promise<string | null> {
    if (who.anonymous) return 'R5 anonymous never edits';
    const view = await this.mayView(who, content);
    if (view !== null) return view;
    if (this.bypasses(who)) return null;
    if (!(await this.spacePermission(who, content.space_id, 'update'))) {
      return 'R3 no space update';
    }
    if ((await this.listed(who, content.id, 'update')) === 'not listed') {
      return 'R2 update restriction';
    }
    return null;
  }

  /** Published policies carrying `rule`, with their applied resource ARIs. */
  private async published(rule: string): Promise<
    {
      coverage: string;
      effect: string;
      subject: string | null;
      resources: string[];
    }[]
  > {
    const policies = await this.db
      .selectFrom('policies')
      .select(['id', 'coverage_level', 'rules', 'subject_id'])
      .where('org_id', '=', this.orgId)
      .where('status', '=', 'published')
      .execute();
    const carrying = policies
      .map((p) => ({
        p,
        effect: (JSON.parse(p.rules) as Record<string, { effect: string }>)[rule],
      }))
      .filter((x) => x.effect !== undefined);
    if (carrying.length === 0) return [];
    const resources = await this.db
      .selectFrom('policy_resources')
      .select(['policy_id', 'resource_ari'])
      .where(
        'policy_id',
        'in',
        carrying.map((x) => x.p.id),
      )
      .where('application_status', '=', 'applied')
      .execute();
    return carrying.map(({ p, effect }) => ({
      coverage: p.coverage_level,
      effect: effect!.effect,
      subject: p.subject_id,
      resources: resources.filter((r) => r.policy_id === p.id).map((r) => r.resource_ari),
    }));
  }

  /** D4–D8: does the published rule block this content? */
  private async ruleBlocks(rule: string, content: ContentRow): Promise<boolean> {
    const space = await this.db
      .selectFrom('spaces')
      .select(['site_id', 'default_classification'])
      .where('org_id', '=', this.orgId)
      .where('id', '=', content.space_id)
      .executeTakeFirstOrThrow();
    const org = await this.db
      .selectFrom('orgs')
      .select('default_classification')
      .where('id', '=', this.orgId)
      .executeTakeFirstOrThrow();
    const level =
      content.classification ?? space.default_classification ?? org.default_classification;
    const covering = new Set([
      `WORKSPACE ari:cloud:confluence::site/${space.site_id}`,
      `CONTAINER ari:cloud:confluence:${space.site_id}:space/${content.space_id}`,
      ...(level === null ? [] : [`CLASSIFICATION ari:cloud:platform::classification-tag/${level}`]),
    ]);
    const policies = await this.published(rule);
    const overrides = policies.filter((p) =>
      p.resources.some((ari) => covering.has(`${p.coverage} ${ari}`)),
    );
    if (overrides.length > 0) return overrides.some((p) => p.effect === 'block');
    return policies.some((p) => p.coverage === 'ORG' && p.effect === 'block');
  }

  /** D15: CONTAINER for the app, CONTAINER all_apps, ORG for the app, ORG all_apps, allow. */
  private async appBlocked(ari: string, spaceId: string): Promise<boolean> {
    const space = await this.db
      .selectFrom('spaces')
      .select('site_id')
      .where('org_id', '=', this.orgId)
      .where('id', '=', spaceId)
      .executeTakeFirstOrThrow();
    const spaceAri = `ari:cloud:confluence:${space.site_id}:space/${spaceId}`;
    const policies = await this.published('appAccess');
    const steps = [
      policies.filter(
        (p) => p.coverage === 'CONTAINER' && p.subject === ari && p.resources.includes(spaceAri),
      ),
      policies.filter(
        (p) =>
          p.coverage === 'CONTAINER' &&
          (p.subject ?? 'all_apps') === 'all_apps' &&
          p.resources.includes(spaceAri),
      ),
      policies.filter((p) => p.coverage === 'ORG' && p.subject === ari),
      policies.filter((p) => p.coverage === 'ORG' && (p.subject ?? 'all_apps') === 'all_apps'),
    ];
    for (const step of steps) {
      if (step.length > 0) return step.some((p) => p.effect === 'block');
    }
    return false;
  }

  /** D19: read of a space = space read (apps: scope, their principal's right, appAccess). */
  private async decideSpace(who: Who, action: string, spaceId: string): Promise<NaiveAnswer> {
    const space = await this.db
      .selectFrom('spaces')
      .select('id')
      .where('org_id', '=', this.orgId)
      .where('id', '=', spaceId)
      .executeTakeFirst();
    if (!space) return deny('D1 no space');
    if (action !== 'read') return deny('D19 per page');
    if (who.app && !who.app.scopes.includes(READ_SCOPE)) return deny('D17 app scope');
    if (!this.bypasses(who) && !(await this.spacePermission(who, spaceId, 'read'))) {
      return deny('R6 no space read');
    }
    if (who.app && !who.app.exempt && (await this.appBlocked(who.app.ari, spaceId))) {
      return deny('D14 appAccess blocks the space');
    }
    return allow('D19 space read');
  }
}
