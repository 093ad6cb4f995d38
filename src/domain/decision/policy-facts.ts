/**
 * Published data security policies, arranged for enforcement. Built from the published policies of
 * one org (drafts, deleted, UNASSIGNED and DC_WORKSPACE policies never enforce: D3).
 */
export const RULES = [
  'export',
  'publicLinks',
  'anonymousAccess',
  'appAccess',
  'attachmentDownload',
] as const;
export type RuleName = (typeof RULES)[number];
export type Effect = 'block' | 'allow';

export interface PublishedPolicy {
  readonly id: string;
  readonly name: string;
  readonly coverageLevel: string;
  readonly effects: Readonly<Partial<Record<RuleName, Effect>>>;
  /** appAccess subject: 'all_apps' or an app ARI; null for other rules. */
  readonly subjectId: string | null;
  readonly resourceAris: readonly string[];
}

export const ALL_APPS = 'all_apps';

/** Matching policies of one rule, by what they cover. */
export interface RuleCoverage {
  readonly org: readonly PublishedPolicy[];
  readonly bySite: ReadonlyMap<string, readonly PublishedPolicy[]>;
  readonly bySpace: ReadonlyMap<string, readonly PublishedPolicy[]>;
  readonly byLevel: ReadonlyMap<string, readonly PublishedPolicy[]>;
  /** Jira sites (`ari:cloud:jira::site/{cloudId}`) by cloudId (J8). */
  readonly byJiraSite: ReadonlyMap<string, readonly PublishedPolicy[]>;
  /** Jira projects (`ari:cloud:jira:{cloudId}:project/{id}`) by `{cloudId}/{projectId}` (J8). */
  readonly byProject: ReadonlyMap<string, readonly PublishedPolicy[]>;
}

export interface AppAccessCoverage {
  /** subject → ORG policies */
  readonly org: ReadonlyMap<string, readonly PublishedPolicy[]>;
  /** spaceId → subject → CONTAINER policies */
  readonly container: ReadonlyMap<string, ReadonlyMap<string, readonly PublishedPolicy[]>>;
  /** `{cloudId}/{projectId}` → subject → CONTAINER policies on Jira projects (J11) */
  readonly projects: ReadonlyMap<string, ReadonlyMap<string, readonly PublishedPolicy[]>>;
}

export interface PolicyFacts {
  readonly rules: Readonly<Record<Exclude<RuleName, 'appAccess'>, RuleCoverage>>;
  readonly appAccess: AppAccessCoverage;
  /** Every published policy that enforces, by id (to name the policies a decision cites). */
  readonly byId: ReadonlyMap<string, PublishedPolicy>;
}

/** The names of the policies a decision cites whose `rule` effect is `block`. */
export function blockingPolicyNames(
  policies: PolicyFacts,
  rule: RuleName,
  reasons: readonly { readonly policyId?: string }[],
): string[] {
  const names = new Set<string>();
  for (const reason of reasons) {
    const policy = reason.policyId === undefined ? undefined : policies.byId.get(reason.policyId);
    if (policy && policy.effects[rule] === 'block') names.add(policy.name);
  }
  return [...names];
}

export type CoveredResource =
  | { kind: 'site'; cloudId: string }
  | { kind: 'space'; spaceId: string }
  | { kind: 'level'; levelId: string }
  | { kind: 'jira-site'; cloudId: string }
  | { kind: 'project'; projectRef: string };

/**
 * What a resource ARI covers: Confluence sites and spaces, Jira sites and projects, levels (both
 * products). Jira ARIs cover no Confluence content and Confluence ARIs no Jira content (D4, J8).
 */
export function coveredBy(ari: string): CoveredResource | null {
  let m = /^ari:cloud:confluence::site\/([^/]+)$/.exec(ari);
  if (m) return { kind: 'site', cloudId: m[1]! };
  m = /^ari:cloud:confluence:[^:]+:space\/([^/]+)$/.exec(ari);
  if (m) return { kind: 'space', spaceId: m[1]! };
  m = /^ari:cloud:platform::classification-tag\/([^/]+)$/.exec(ari);
  if (m) return { kind: 'level', levelId: m[1]! };
  m = /^ari:cloud:jira::site\/([^/]+)$/.exec(ari);
  if (m) return { kind: 'jira-site', cloudId: m[1]! };
  m = /^ari:cloud:jira:([^:/]+):project\/([^/]+)$/.exec(ari);
  if (m) return { kind: 'project', projectRef: `${m[1]!}/${m[2]!}` };
  return null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface MutableCoverage {
  org: PublishedPolicy[];
  bySite: Map<string, PublishedPolicy[]>;
  bySpace: Map<string, PublishedPolicy[]>;
  byLevel: Map<string, PublishedPolicy[]>;
  byJiraSite: Map<string, PublishedPolicy[]>;
  byProject: Map<string, PublishedPolicy[]>;
}

const emptyCoverage = (): MutableCoverage => ({
  org: [],
  bySite: new Map(),
  bySpace: new Map(),
  byLevel: new Map(),
  byJiraSite: new Map(),
  byProject: new Map(),
});

function pushContainer(
  map: Map<string, Map<string, PublishedPolicy[]>>,
  container: string,
  subject: string,
  policy: PublishedPolicy,
) {
  let bySubject = map.get(container);
  if (!bySubject) map.set(container, (bySubject = new Map()));
  push(bySubject, subject, policy);
}

/** Arranges published policies for enforcement (a new object; nothing is shared with the input). */
export function buildPolicyFacts(policies: readonly PublishedPolicy[]): PolicyFacts {
  const facts = {
    rules: {
      export: emptyCoverage(),
      publicLinks: emptyCoverage(),
      anonymousAccess: emptyCoverage(),
      attachmentDownload: emptyCoverage(),
    },
    appAccess: {
      org: new Map<string, PublishedPolicy[]>(),
      container: new Map<string, Map<string, PublishedPolicy[]>>(),
      projects: new Map<string, Map<string, PublishedPolicy[]>>(),
    },
    byId: new Map(policies.map((p) => [p.id, p])),
  };
  for (const policy of policies) {
    for (const rule of RULES) {
      if (policy.effects[rule] === undefined) continue;
      if (rule === 'appAccess') {
        const subject = policy.subjectId ?? ALL_APPS;
        if (policy.coverageLevel === 'ORG') push(facts.appAccess.org, subject, policy);
        if (policy.coverageLevel === 'CONTAINER') {
          for (const ari of policy.resourceAris) {
            const covered = coveredBy(ari);
            if (covered?.kind === 'space') {
              pushContainer(facts.appAccess.container, covered.spaceId, subject, policy);
            } else if (covered?.kind === 'project') {
              pushContainer(facts.appAccess.projects, covered.projectRef, subject, policy);
            }
          }
        }
        continue;
      }
      const coverage = facts.rules[rule];
      if (policy.coverageLevel === 'ORG') {
        coverage.org.push(policy);
        continue;
      }
      for (const ari of policy.resourceAris) {
        const covered = coveredBy(ari);
        if (!covered) continue;
        if (covered.kind === 'site' && policy.coverageLevel === 'WORKSPACE')
          push(coverage.bySite, covered.cloudId, policy);
        if (covered.kind === 'space' && policy.coverageLevel === 'CONTAINER')
          push(coverage.bySpace, covered.spaceId, policy);
        if (covered.kind === 'level' && policy.coverageLevel === 'CLASSIFICATION')
          push(coverage.byLevel, covered.levelId, policy);
        if (covered.kind === 'jira-site' && policy.coverageLevel === 'WORKSPACE')
          push(coverage.byJiraSite, covered.cloudId, policy);
        if (covered.kind === 'project' && policy.coverageLevel === 'CONTAINER')
          push(coverage.byProject, covered.projectRef, policy);
      }
    }
  }
  return facts;
}
