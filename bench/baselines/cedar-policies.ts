import { ALL_APPS, type PublishedPolicy } from '../../src/domain/decision/policy-facts.js';
import type { DecisionFacts } from '../../src/domain/decision/types.js';
import { MAX_DEPTH } from '../world.js';

/**
 * The Confluence rules and the org's published data security policies written as Cedar policies
 * (id → text), for the entities of cedar-entities.ts. Policy precedence (matching overrides beat
 * ORG, block wins; appAccess steps) is compiled into forbid conditions.
 */
export function cedarPolicies(facts: DecisionFacts): Record<string, string> {
  const policies: Record<string, string> = {
    R6: 'permit(principal is User, action, resource) when { principal in resource.space.reader };',
    'R6-app':
      'permit(principal is App, action, resource) when { principal.scopes.contains("read:confluence-content.all") };',
    R5: 'permit(principal is Anonymous, action, resource) when { resource.space.anonymousRead && resource.space.site.anonymousAccess };',
  };
  let page = 'resource';
  const guards: string[] = [];
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    policies[`R1-${depth}`] =
      `forbid(principal, action, resource) when { ${[...guards, `${page} has readList`, `!(principal in ${page}.readList)`].join(' && ')} };`;
    guards.push(`${page} has parent`);
    page = `${page}.parent`;
  }
  const scopes = {
    export: 'principal, action == Action::"export", resource',
    attachmentDownload: 'principal, action == Action::"downloadAttachment", resource',
    anonymousAccess: 'principal is Anonymous, action, resource',
  } as const;
  for (const [rule, scope] of Object.entries(scopes) as [keyof typeof scopes, string][]) {
    const coverage = facts.policies.rules[rule];
    const conditions = new Map<PublishedPolicy, string[]>();
    const add = (
      map: ReadonlyMap<string, readonly PublishedPolicy[]>,
      condition: (key: string) => string,
    ) => {
      for (const [key, list] of map) {
        for (const p of list) conditions.set(p, [...(conditions.get(p) ?? []), condition(key)]);
      }
    };
    add(coverage.bySite, (cloudId) => `resource.space.site == Site::${JSON.stringify(cloudId)}`);
    add(coverage.bySpace, (spaceId) => `resource.space == Space::${JSON.stringify(spaceId)}`);
    add(coverage.byLevel, (level) => levelIs(level, facts.orgDefaultClassification));
    const all: string[] = [];
    for (const [policy, covers] of conditions) {
      const cond = covers.map((c) => `(${c})`).join(' || ');
      all.push(cond);
      if (policy.effects[rule] === 'block') {
        policies[`D6:${rule}:${policy.id}`] = `forbid(${scope}) when { ${cond} };`;
      }
    }
    for (const policy of coverage.org) {
      if (policy.effects[rule] !== 'block') continue;
      policies[`D7:${rule}:${policy.id}`] =
        all.length === 0
          ? `forbid(${scope});`
          : `forbid(${scope}) when { !(${all.join(' || ')}) };`;
    }
  }
  Object.assign(policies, appAccessPolicies(facts));
  return policies;
}

/** D5: page level, else the space default, else the org default. */
function levelIs(level: string, orgDefault: string | null): string {
  const quoted = JSON.stringify(level);
  const noSpaceDefault = orgDefault === level ? ' || !(resource.space has defaultLevel)' : '';
  return `if resource has level then resource.level == ${quoted} else ((resource.space has defaultLevel && resource.space.defaultLevel == ${quoted})${noSpaceDefault})`;
}

const app = (ari: string) => `App::${JSON.stringify(ari)}`;
const space = (id: string) => `Space::${JSON.stringify(id)}`;
const blocks = (list: readonly PublishedPolicy[] | undefined) =>
  list !== undefined && list.some((p) => p.effects.appAccess === 'block');
const nonEmpty = (list: readonly PublishedPolicy[] | undefined) =>
  list !== undefined && list.length > 0;

/** D15: CONTAINER for the app, CONTAINER all_apps, ORG for the app, ORG all_apps; exempt apps skip. */
function appAccessPolicies(facts: DecisionFacts): Record<string, string> {
  const { org, container } = facts.policies.appAccess;
  const out: Record<string, string> = {};
  const unlessExempt = 'unless { principal.exempt }';
  const appsIn = (bySubject: ReadonlyMap<string, readonly PublishedPolicy[]>) =>
    [...bySubject].filter(([s, l]) => s !== ALL_APPS && nonEmpty(l)).map(([s]) => s);
  for (const [spaceId, bySubject] of container) {
    for (const [subject, list] of bySubject) {
      if (subject === ALL_APPS || !blocks(list)) continue;
      out[`D15:container:${subject}:${spaceId}`] =
        `forbid(principal == ${app(subject)}, action, resource) when { resource.space == ${space(spaceId)} } ${unlessExempt};`;
    }
    if (blocks(bySubject.get(ALL_APPS))) {
      out[`D15:container:all:${spaceId}`] =
        `forbid(principal is App, action, resource) when { resource.space == ${space(spaceId)} && ![${appsIn(bySubject).map(app).join(', ')}].contains(principal) } ${unlessExempt};`;
    }
  }
  const containerSpaces = (subject: string) =>
    [...container]
      .filter(
        ([, bySubject]) => nonEmpty(bySubject.get(subject)) || nonEmpty(bySubject.get(ALL_APPS)),
      )
      .map(([id]) => space(id));
  for (const [subject, list] of org) {
    if (subject === ALL_APPS || !blocks(list)) continue;
    out[`D15:org:${subject}`] =
      `forbid(principal == ${app(subject)}, action, resource) when { ![${containerSpaces(subject).join(', ')}].contains(resource.space) } ${unlessExempt};`;
  }
  if (blocks(org.get(ALL_APPS))) {
    const withOrg = [...org].filter(([s, l]) => s !== ALL_APPS && nonEmpty(l)).map(([s]) => app(s));
    const pairs = [...container].flatMap(([spaceId, bySubject]) =>
      appsIn(bySubject).map(
        (a) => `(principal == ${app(a)} && resource.space == ${space(spaceId)})`,
      ),
    );
    const allContainer = [...container]
      .filter(([, bySubject]) => nonEmpty(bySubject.get(ALL_APPS)))
      .map(([id]) => space(id));
    const conditions = [
      `![${withOrg.join(', ')}].contains(principal)`,
      `![${allContainer.join(', ')}].contains(resource.space)`,
      ...(pairs.length > 0 ? [`!(${pairs.join(' || ')})`] : []),
    ];
    out['D15:org:all'] =
      `forbid(principal is App, action, resource) when { ${conditions.join(' && ')} } ${unlessExempt};`;
  }
  return out;
}
