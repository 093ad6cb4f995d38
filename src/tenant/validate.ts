import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  TenantFileSchema,
  type TenantFile,
  type TenantOrg,
  type TenantPage,
  type TenantSpace,
} from './schema.js';
import { checkJiraSite } from './validate-jira.js';
import { checkPolicies } from './validate-policies.js';

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set(
    'date-time',
    (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v),
  );
}

/** `/orgs/0/sites/1` → `orgs[0].sites[1]` */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
      '',
    );
}

/**
 * Checks the whole document and returns every problem as `path: message`; an empty list means the
 * file keeps the contract. Structure first (types, required and unknown fields); references and
 * uniqueness only on a well-formed document.
 */
export function validateTenant(document: unknown): TenantCheck {
  const structural = structuralProblems(document);
  if (structural.length > 0) return { problems: structural, claims: new Map() };
  return checkReferences(document as TenantFile);
}

/** Types, required and unknown fields (each problem once); references are not looked at. */
export function structuralProblems(document: unknown): string[] {
  const structural = [...Value.Errors(TenantFileSchema, document)].map(
    (e) => `${pointerToPath(e.path) || '(root)'}: ${e.message}`,
  );
  return [...new Set(structural)];
}

export interface TenantCheck {
  problems: string[];
  /**
   * For each kind of value unique across the whole server (`org`, `site`, `siteName`, `adminKey`):
   * value → path in the file. Every other id is unique per org (docs/tenant-file.md T2).
   */
  claims: Map<string, ReadonlyMap<string, string>>;
}

export class Problems {
  readonly list: string[] = [];
  add(path: string, message: string) {
    this.list.push(`${path}: ${message}`);
  }
}

/** Values that may occur once in their scope: the whole file, or one org. */
class UniqueIds {
  private readonly seen = new Map<string, string>();
  constructor(
    private readonly label: string,
    private readonly problems: Problems,
    private readonly fold: (v: string) => string = (v) => v,
  ) {}
  get claimed(): ReadonlyMap<string, string> {
    return this.seen;
  }
  claim(value: string, path: string) {
    const key = this.fold(value);
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.problems.add(path, `duplicate ${this.label} "${value}" (first at ${first})`);
    } else {
      this.seen.set(key, path);
    }
  }
}

/** What routes requests or identifies an org: unique across the server. */
function globalIds(problems: Problems) {
  return {
    org: new UniqueIds('id', problems),
    site: new UniqueIds('cloudId', problems),
    siteName: new UniqueIds('name', problems, (v) => v.toLowerCase()),
    adminKey: new UniqueIds('admin API key', problems),
  };
}

/** Everything else the file names: unique within its org (forks repeat them in other orgs). */
function orgIds(problems: Problems) {
  return {
    space: new UniqueIds('id', problems),
    content: new UniqueIds('id', problems),
    attachment: new UniqueIds('id', problems),
    publicLink: new UniqueIds('id', problems),
    account: new UniqueIds('accountId', problems),
    email: new UniqueIds('email', problems, (v) => v.toLowerCase()),
    group: new UniqueIds('id', problems),
    app: new UniqueIds('ari', problems),
    appToken: new UniqueIds('token', problems),
    level: new UniqueIds('id', problems),
    policy: new UniqueIds('id', problems),
    issue: new UniqueIds('issue id', problems),
    jiraAttachment: new UniqueIds('attachment id', problems),
    jiraComment: new UniqueIds('comment id', problems),
  };
}

/**
 * Every reference and uniqueness rule of a well-formed document, and each org's context for
 * checking more pages later (a streamed import's); `pageClaims` replaces the page ids' claims.
 */
export function checkReferences(
  file: TenantFile,
  pageClaims?: (add: (path: string, message: string) => void) => Partial<PageClaims>,
): TenantCheck & { contexts: OrgContext[] } {
  const problems = new Problems();
  const global = globalIds(problems);
  const add = (path: string, message: string) => problems.add(path, message);
  const contexts = file.orgs.map((org, o) => {
    const ids = { ...global, ...orgIds(problems), ...pageClaims?.(add) };
    const ctx = checkOrg(org, `orgs[${o}]`, ids, problems);
    checkPolicies(file, org, `orgs[${o}]`, (at, message) => problems.add(at, message));
    return ctx;
  });
  return {
    problems: problems.list,
    claims: new Map(Object.entries(global).map(([kind, unique]) => [kind, unique.claimed])),
    contexts,
  };
}

/** Claims values that may occur once; a second claim is a problem at its path. */
export interface Claims {
  claim(value: string, path: string): void;
}

type Ids = Record<string, Claims>;

/** The claims of a page's own ids (content, attachment, public link), replaceable by a stream's. */
export type PageClaims = Record<'content' | 'attachment' | 'publicLink', Claims>;

function checkOrg(org: TenantOrg, path: string, ids: Ids, problems: Problems): OrgContext {
  ids.org!.claim(org.id, `${path}.id`);
  const levels = new Set<string>();
  (org.classificationLevels ?? []).forEach((level, i) => {
    ids.level!.claim(level.id, `${path}.classificationLevels[${i}].id`);
    levels.add(level.id);
  });
  const checkLevel = (id: string | undefined, at: string) => {
    if (id !== undefined && !levels.has(id)) {
      problems.add(at, `unknown classification level "${id}" (not a level of org ${org.id})`);
    }
  };
  checkLevel(org.defaultClassification, `${path}.defaultClassification`);
  (org.adminApiKeys ?? []).forEach((key, i) =>
    ids.adminKey!.claim(key, `${path}.adminApiKeys[${i}]`),
  );

  const accounts = new Set<string>();
  (org.users ?? []).forEach((user, i) => {
    ids.account!.claim(user.accountId, `${path}.users[${i}].accountId`);
    if (user.email !== undefined) ids.email!.claim(user.email, `${path}.users[${i}].email`);
    accounts.add(user.accountId);
  });
  (org.apps ?? []).forEach((app, i) => {
    ids.app!.claim(app.ari, `${path}.apps[${i}].ari`);
    if (app.token !== undefined) ids.appToken!.claim(app.token, `${path}.apps[${i}].token`);
    if (app.accountId !== undefined) {
      ids.account!.claim(app.accountId, `${path}.apps[${i}].accountId`);
      accounts.add(app.accountId);
    }
  });
  const checkAccount = (accountId: string, at: string) => {
    if (!accounts.has(accountId)) {
      problems.add(
        at,
        `unknown accountId "${accountId}" (not a user or app user of org ${org.id})`,
      );
    }
  };

  const groupNames = new Set<string>();
  const groupNameIds = new UniqueIds('group name', problems);
  (org.groups ?? []).forEach((group, i) => {
    ids.group!.claim(group.id, `${path}.groups[${i}].id`);
    groupNameIds.claim(group.name, `${path}.groups[${i}].name`);
    groupNames.add(group.name);
    const members = new UniqueIds('member', problems);
    (group.members ?? []).forEach((m, j) => {
      members.claim(m, `${path}.groups[${i}].members[${j}]`);
      checkAccount(m, `${path}.groups[${i}].members[${j}]`);
    });
  });
  const checkGroup = (name: string, at: string) => {
    if (!groupNames.has(name))
      problems.add(at, `unknown group "${name}" (not a group of org ${org.id})`);
  };

  const ctx: OrgContext = { ids, problems, checkAccount, checkGroup, checkLevel };
  (org.sites ?? []).forEach((site, s) => {
    const sitePath = `${path}.sites[${s}]`;
    ids.site!.claim(site.cloudId, `${sitePath}.cloudId`);
    ids.siteName!.claim(site.name, `${sitePath}.name`);
    const spaceKeys = new UniqueIds('space key', problems);
    (site.spaces ?? []).forEach((space, k) => {
      spaceKeys.claim(space.key, `${sitePath}.spaces[${k}].key`);
      checkSpace(space, `${sitePath}.spaces[${k}]`, ctx);
    });
    checkJiraSite(site, sitePath, {
      add: (at, message) => problems.add(at, message),
      claim: (kind, value, at) => ids[kind]!.claim(value, at),
      checkAccount,
      checkGroup,
      checkLevel,
    });
  });

  (org.policies ?? []).forEach((policy, i) =>
    ids.policy!.claim(policy.id, `${path}.policies[${i}].id`),
  );
  // T16: event ids are unique per org (the log's key is the org and the id).
  const events = new UniqueIds('event id', problems);
  (org.events ?? []).forEach((event, i) => events.claim(event.id, `${path}.events[${i}].id`));
  return ctx;
}

export interface OrgContext {
  ids: Ids;
  problems: Problems;
  checkAccount(accountId: string, at: string): void;
  checkGroup(name: string, at: string): void;
  checkLevel(id: string | undefined, at: string): void;
}

function checkSpace(space: TenantSpace, path: string, ctx: OrgContext) {
  ctx.ids.space!.claim(space.id, `${path}.id`);
  ctx.checkLevel(space.defaultClassification, `${path}.defaultClassification`);
  const granted = new Map<string, string>();
  (space.permissions ?? []).forEach((perm, i) => {
    const at = `${path}.permissions[${i}]`;
    const named = [perm.group, perm.accountId, perm.anonymous].filter((v) => v !== undefined);
    if (named.length !== 1) {
      ctx.problems.add(at, 'name exactly one of "group", "accountId" or "anonymous"');
    }
    if (perm.group !== undefined) ctx.checkGroup(perm.group, `${at}.group`);
    if (perm.accountId !== undefined) ctx.checkAccount(perm.accountId, `${at}.accountId`);
    const who =
      perm.group !== undefined
        ? `group "${perm.group}"`
        : perm.accountId !== undefined
          ? `user "${perm.accountId}"`
          : 'anonymous';
    (perm.operations ?? []).forEach((operation, j) => {
      const key = `${who} ${operation}`;
      const first = granted.get(key);
      if (first !== undefined) {
        ctx.problems.add(
          `${at}.operations[${j}]`,
          `duplicate grant of "${operation}" to ${who} (already at ${first})`,
        );
      } else granted.set(key, `${at}.operations[${j}]`);
    });
  });
  (space.pages ?? []).forEach((page, i) =>
    checkPage(page as TenantPage, `${path}.pages[${i}]`, false, ctx),
  );
}

function checkPage(page: TenantPage, path: string, nested: boolean, ctx: OrgContext) {
  checkPageFields(page, path, nested, (page.children ?? []).length, ctx);
  (page.children ?? []).forEach((child, i) =>
    checkPage(child, `${path}.children[${i}]`, true, ctx),
  );
}

/** One page's own rules (T2–T4), its children apart: shared by the whole and the streamed check. */
export function checkPageFields(
  page: TenantPage,
  path: string,
  nested: boolean,
  childCount: number,
  ctx: OrgContext,
) {
  ctx.ids.content!.claim(page.id, `${path}.id`);
  ctx.checkLevel(page.classification, `${path}.classification`);
  if (page.type === 'blogpost' && nested) {
    ctx.problems.add(`${path}.type`, 'a blog post has no parent: list it under the space');
  }
  if (page.type === 'blogpost' && childCount > 0) {
    ctx.problems.add(`${path}.children`, 'a blog post cannot have child pages');
  }
  for (const op of ['read', 'update'] as const) {
    const list = page.restrictions?.[op];
    (list?.users ?? []).forEach((u, i) =>
      ctx.checkAccount(u, `${path}.restrictions.${op}.users[${i}]`),
    );
    (list?.groups ?? []).forEach((g, i) =>
      ctx.checkGroup(g, `${path}.restrictions.${op}.groups[${i}]`),
    );
  }
  (page.attachments ?? []).forEach((a, i) =>
    ctx.ids.attachment!.claim(a.id, `${path}.attachments[${i}].id`),
  );
  if (page.publicLink) ctx.ids.publicLink!.claim(page.publicLink.id, `${path}.publicLink.id`);
}
