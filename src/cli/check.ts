import { resolveConfig, ConfigError, type ConfigInput } from '../config.js';
import { decide } from '../domain/decision/engine.js';
import {
  ACTIONS,
  RESOURCE_TYPES,
  type Action,
  type CheckRequest,
  type Decision,
  type DecisionFacts,
  type ConfluenceResourceType,
  type Reason,
  type ResourceRef,
} from '../domain/decision/types.js';
import type { OrgSnapshot } from '../index/org-snapshot.js';
import { WorldIndex } from '../index/world-index.js';
import { listOrgIds } from '../storage/repos/world.js';
import { openStorage } from '../storage/storage.js';

/** Exit codes of `gatehouse check` (documented in the command's help and the README). */
export const EXIT_ALLOW = 0;
export const EXIT_DENY = 3;

export interface DecisionFlags extends ConfigInput {
  org?: string;
  user?: string;
  adminKey?: boolean;
  app?: string;
  actingFor?: string;
  anonymous?: boolean;
  action?: string;
  resource?: string;
  json?: boolean;
}

/** The subject exactly as `POST /gatehouse/v1/orgs/{orgId}/check` takes it. */
export type SubjectBody =
  | { type: 'user'; accountId: string; adminKey?: true }
  | { type: 'app'; ari: string; actingFor?: string }
  | { type: 'anonymous' };

/** The decision as the HTTP check answers it (same fields, same order). */
export interface CheckAnswer extends Decision {
  subject: SubjectBody;
  action: Action;
  resource: ResourceRef;
}

export interface DecisionContext {
  orgId: string;
  snapshot: OrgSnapshot;
  facts: DecisionFacts;
  request: CheckRequest;
  answer: CheckAnswer;
}

function subjectOf(flags: DecisionFlags, problems: string[]): SubjectBody | null {
  const given = [flags.user, flags.app, flags.anonymous].filter((v) => v !== undefined).length;
  if (given !== 1) {
    problems.push('give exactly one subject: --user ACCOUNT_ID, --app ARI or --anonymous');
    return null;
  }
  if (flags.adminKey && flags.user === undefined) problems.push('--admin-key goes with --user');
  if (flags.actingFor !== undefined && flags.app === undefined) {
    problems.push('--acting-for goes with --app');
  }
  if (flags.user !== undefined) {
    return flags.adminKey
      ? { type: 'user', accountId: flags.user, adminKey: true }
      : { type: 'user', accountId: flags.user };
  }
  if (flags.app !== undefined) {
    return flags.actingFor === undefined
      ? { type: 'app', ari: flags.app }
      : { type: 'app', ari: flags.app, actingFor: flags.actingFor };
  }
  return { type: 'anonymous' };
}

const RESOURCE_HELP =
  'page:ID, blogpost:ID, attachment:ID, space:ID, issue:KEY|ID, project:KEY|ID (or issue:key=…, issue:id=…)';

/**
 * `--resource TYPE:VALUE`. A Jira issue value that looks like a key (`OPS-1`) is a key and a
 * project value that looks like one (`OPS`) is a key, else an id; `key=` and `id=` say which.
 */
function resourceOf(value: string | undefined, problems: string[]): ResourceRef | null {
  if (value === undefined) {
    problems.push(`--resource is required (${RESOURCE_HELP})`);
    return null;
  }
  const colon = value.indexOf(':');
  const type = value.slice(0, colon);
  const id = value.slice(colon + 1);
  if (colon < 0 || !(RESOURCE_TYPES as readonly string[]).includes(type) || id === '') {
    problems.push(`--resource: expected ${RESOURCE_HELP}, got "${value}"`);
    return null;
  }
  if (type === 'issue' || type === 'project') {
    const explicit = /^(key|id)=(.+)$/.exec(id);
    if (explicit)
      return explicit[1] === 'key' ? { type, key: explicit[2]! } : { type, id: explicit[2]! };
    const looksLikeKey =
      type === 'issue' ? /^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(id) : /^[A-Z][A-Z0-9_]*$/.test(id);
    return looksLikeKey ? { type, key: id } : { type, id };
  }
  return { type: type as ConfluenceResourceType, id };
}

function actionOf(value: string | undefined, problems: string[]): Action | null {
  if (value === undefined || !(ACTIONS as readonly string[]).includes(value)) {
    problems.push(
      value === undefined
        ? `--action is required (${ACTIONS.join(', ')})`
        : `--action: expected one of ${ACTIONS.join(', ')}, got "${value}"`,
    );
    return null;
  }
  return value as Action;
}

/** Parses the flags (every problem at once, as ConfigError: exit 2) into one check request. */
export function parseCheckFlags(flags: DecisionFlags): {
  subject: SubjectBody;
  action: Action;
  resource: ResourceRef;
} {
  const problems: string[] = [];
  const subject = subjectOf(flags, problems);
  const action = actionOf(flags.action, problems);
  const resource = resourceOf(flags.resource, problems);
  if (problems.length > 0 || !subject || !action || !resource) throw new ConfigError(problems);
  return { subject, action, resource };
}

/**
 * Loads the index from the database and decides, exactly as the HTTP check does: the same
 * engine over the same facts, answered in the same shape.
 */
export async function decideFromDatabase(flags: DecisionFlags): Promise<DecisionContext> {
  const input = parseCheckFlags(flags);
  const config = resolveConfig({ ...flags, demo: false });
  const storage = await openStorage(config.storage);
  try {
    let orgId = flags.org;
    if (orgId === undefined) {
      const orgIds = await listOrgIds(storage.db);
      if (orgIds.length !== 1) {
        throw new ConfigError([
          orgIds.length === 0
            ? 'the database holds no org'
            : `--org is required: the database holds ${orgIds.length} orgs (${orgIds.join(', ')})`,
        ]);
      }
      orgId = orgIds[0]!;
    }
    const index = await WorldIndex.load(storage);
    const snapshot = index.snapshot().org(orgId);
    if (!snapshot) throw new ConfigError([`--org: no org ${orgId} in the database`]);
    const facts = snapshot.facts;
    const request: CheckRequest = {
      subject:
        input.subject.type === 'user'
          ? { ...input.subject, adminKey: input.subject.adminKey === true }
          : input.subject,
      action: input.action,
      resource: input.resource,
    };
    return { orgId, snapshot, facts, request, answer: { ...decide(facts, request), ...input } };
  } finally {
    await storage.close();
  }
}

/** One reason on one line: rule, text, and the policy or restriction it names. */
export function reasonLine(reason: Reason): string {
  const extra: string[] = [];
  if (reason.policyId !== undefined) extra.push(`policy ${reason.policyId}`);
  if (reason.restriction) {
    extra.push(`${reason.restriction.operation} restriction of ${reason.restriction.contentId}`);
  }
  if (reason.permission !== undefined) extra.push(`permission ${reason.permission}`);
  if (reason.securityLevel !== undefined) extra.push(`security level ${reason.securityLevel}`);
  return `${reason.rule} ${reason.text}${extra.length > 0 ? ` [${extra.join(', ')}]` : ''}`;
}

/** `gatehouse check`: one line, exit 0 for allow and 3 for deny. */
export async function runCheck(flags: DecisionFlags): Promise<number> {
  const { answer } = await decideFromDatabase(flags);
  if (flags.json) process.stdout.write(`${JSON.stringify(answer)}\n`);
  else process.stdout.write(`${answer.decision}: ${answer.reasons.map(reasonLine).join('; ')}\n`);
  return answer.decision === 'allow' ? EXIT_ALLOW : EXIT_DENY;
}
