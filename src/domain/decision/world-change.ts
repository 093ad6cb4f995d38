import { GroupBits } from '../group-bits.js';
import { ALL_APPS, type PublishedPolicy, type RuleName } from './policy-facts.js';
import {
  NO_SUBJECTS,
  sealedSet,
  type App,
  type Lists,
  type Site,
  type Space,
  type SubjectList,
} from '../world.js';

/**
 * One change to the world or its published policies that a suggestion proposes (docs/suggestions.md):
 * plain data, applied to copies of the affected entries to build a hypothetical snapshot, and
 * through the real APIs by whoever takes the advice.
 */
export type ListSubject =
  | { readonly type: 'user'; readonly accountId: string }
  | { readonly type: 'group'; readonly groupId: string };

export type SpaceSubject = ListSubject | { readonly type: 'anonymous' };

export type OverrideLevel = 'WORKSPACE' | 'CONTAINER' | 'CLASSIFICATION';

export type WorldChange =
  /** Add a user (or app user) or a group to a page's read or update restriction. */
  | {
      readonly kind: 'restriction.add';
      readonly contentId: string;
      readonly operation: 'read' | 'update';
      readonly subject: ListSubject;
    }
  /** Remove a page's read restriction (anonymous callers can never be listed in one). */
  | { readonly kind: 'restriction.clear'; readonly contentId: string; readonly operation: 'read' }
  /** Grant a space permission to a user, a group or anonymous. */
  | {
      readonly kind: 'space.grant';
      readonly spaceId: string;
      readonly operation: 'read' | 'update' | 'administer';
      readonly subject: SpaceSubject;
    }
  /** Turn on anonymous access of a site. */
  | { readonly kind: 'site.anonymousAccess'; readonly cloudId: string }
  /** Give an app a scope. */
  | { readonly kind: 'app.scope'; readonly ari: string; readonly scope: string }
  /** Take a resource out of a published policy's coverage. */
  | {
      readonly kind: 'policy.removeResource';
      readonly policyId: string;
      readonly rule: RuleName;
      readonly coverageLevel: string;
      readonly resourceAri: string;
    }
  /** Add a resource to a published policy (one that allows the rule). */
  | {
      readonly kind: 'policy.addResource';
      readonly policyId: string;
      readonly rule: RuleName;
      readonly coverageLevel: string;
      readonly resourceAri: string;
    }
  /** Publish a new override that allows the rule for one resource, over the org-wide policy. */
  | {
      readonly kind: 'policy.publishOverride';
      readonly rule: RuleName;
      readonly coverageLevel: OverrideLevel;
      readonly resourceAri: string;
      /** appAccess: `all_apps` or an app ARI; null for the other rules */
      readonly subjectId: string | null;
      /** the org-wide policy the override overrides */
      readonly overrides: string | null;
    };

const withMember = (list: SubjectList, subject: ListSubject): SubjectList =>
  Object.freeze({
    users: subject.type === 'user' ? sealedSet([...list.users, subject.accountId]) : list.users,
    groups: subject.type === 'group' ? sealedSet([...list.groups, subject.groupId]) : list.groups,
  });

/** A page's own lists after the restriction changes aimed at it (`lists` is unchanged). */
export function changedLists(
  contentId: string,
  lists: Lists,
  changes: readonly WorldChange[],
): Lists {
  let restrictions = lists;
  for (const change of changes) {
    if (change.kind === 'restriction.add' && change.contentId === contentId) {
      restrictions = Object.freeze({
        ...restrictions,
        [change.operation]: withMember(restrictions[change.operation], change.subject),
      });
    } else if (change.kind === 'restriction.clear' && change.contentId === contentId) {
      restrictions = Object.freeze({ ...restrictions, read: NO_SUBJECTS });
    }
  }
  return restrictions;
}

function grant(
  map: ReadonlyMap<string, ReadonlySet<string>>,
  key: string,
  operation: string,
): ReadonlyMap<string, ReadonlySet<string>> {
  const next = new Map(map);
  next.set(key, sealedSet([...(map.get(key) ?? []), operation]));
  return next;
}

/** `GroupBits` of one operation after a grant to a group (by its number in the world). */
function grantBits(
  grants: ReadonlyMap<string, GroupBits>,
  groupNumber: number | undefined,
  operation: string,
): ReadonlyMap<string, GroupBits> {
  // a group without a number has no member and no grant: nobody holds anything through it
  if (groupNumber === undefined) return grants;
  const next = new Map(grants);
  next.set(operation, (grants.get(operation) ?? GroupBits.of([])).with(groupNumber));
  return next;
}

/**
 * The space after the permission grants aimed at it (a copy); `groupNumber` numbers a group as
 * the world does (`ConfluenceFacts.groupNumber`).
 */
export function changedSpace(
  space: Space,
  changes: readonly WorldChange[],
  groupNumber: (groupId: string) => number | undefined,
): Space {
  let permissions = space.permissions;
  for (const change of changes) {
    if (change.kind !== 'space.grant' || change.spaceId !== space.id) continue;
    const subject = change.subject;
    permissions =
      subject.type === 'anonymous'
        ? {
            ...permissions,
            anonymous: sealedSet([...permissions.anonymous, change.operation]),
          }
        : subject.type === 'user'
          ? { ...permissions, users: grant(permissions.users, subject.accountId, change.operation) }
          : {
              ...permissions,
              groups: grant(permissions.groups, subject.groupId, change.operation),
              groupGrants: grantBits(
                permissions.groupGrants,
                groupNumber(subject.groupId),
                change.operation,
              ),
            };
  }
  return permissions === space.permissions ? space : Object.freeze({ ...space, permissions });
}

export function changedSite(site: Site, changes: readonly WorldChange[]): Site {
  return changes.some((c) => c.kind === 'site.anonymousAccess' && c.cloudId === site.cloudId)
    ? Object.freeze({ ...site, anonymousAccess: true })
    : site;
}

export function changedApp(app: App, changes: readonly WorldChange[]): App {
  const added = changes.flatMap((c) =>
    c.kind === 'app.scope' && c.ari === app.ari ? [c.scope] : [],
  );
  return added.length === 0
    ? app
    : Object.freeze({ ...app, scopes: sealedSet([...app.scopes, ...added]) });
}

/** Hypothetical ids of the overrides a change publishes (never an id of a stored policy). */
export const HYPOTHETICAL_PREFIX = 'hypothetical:';

/** The published policies after the policy changes (new objects where something changed). */
export function changedPolicies(
  policies: readonly PublishedPolicy[],
  changes: readonly WorldChange[],
): PublishedPolicy[] {
  const result = policies.map((policy) => {
    let aris = policy.resourceAris;
    for (const change of changes) {
      if (change.kind === 'policy.removeResource' && change.policyId === policy.id) {
        aris = aris.filter((a) => a !== change.resourceAri);
      } else if (
        change.kind === 'policy.addResource' &&
        change.policyId === policy.id &&
        !aris.includes(change.resourceAri)
      ) {
        aris = [...aris, change.resourceAri];
      }
    }
    return aris === policy.resourceAris
      ? policy
      : Object.freeze({ ...policy, resourceAris: Object.freeze(aris) });
  });
  changes.forEach((change, i) => {
    if (change.kind !== 'policy.publishOverride') return;
    result.push(
      Object.freeze({
        id: `${HYPOTHETICAL_PREFIX}${i}`,
        name: `${change.coverageLevel} override allowing ${change.rule}`,
        coverageLevel: change.coverageLevel,
        effects: Object.freeze({ [change.rule]: 'allow' as const }),
        subjectId: change.rule === 'appAccess' ? (change.subjectId ?? ALL_APPS) : null,
        resourceAris: Object.freeze([change.resourceAri]),
      }),
    );
  });
  return result;
}

export const touchesPolicies = (changes: readonly WorldChange[]): boolean =>
  changes.some((c) => c.kind.startsWith('policy.'));
