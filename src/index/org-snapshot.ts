import { AudienceIndex } from '../domain/decision/audience.js';
import { DecisionMemo } from '../domain/decision/memo.js';
import type { PolicyFacts } from '../domain/decision/policy-facts.js';
import type { EnforcementModes } from '../domain/decision/enforcement-modes.js';
import type { DecisionFacts } from '../domain/decision/types.js';
import type { Content, PublicLink, Space } from '../domain/world.js';
import {
  groupNumbersOf,
  groupsOf,
  withPages,
  withPublicLinks,
  withSpace,
  type OrgWorld,
  type PageChange,
} from './org-world.js';

/**
 * One org's decision facts at one revision of the change log: the world, the published policies,
 * the memo of rule outcomes, and `facts` — the engine's view of them. Never changed: applying a
 * change derives a new snapshot that shares everything the change did not touch, and a request
 * that holds a snapshot sees one consistent state however many writes commit meanwhile.
 */
export interface OrgSnapshot {
  readonly revision: number;
  readonly world: OrgWorld;
  readonly policies: PolicyFacts;
  readonly facts: DecisionFacts;
  /**
   * The reverse lookup over this snapshot (who may do what), built on first use and kept with
   * the snapshot: paging through a resource's subjects reuses what the first page computed.
   */
  audience(): AudienceIndex;
}

/**
 * The engine's view of a world: a plain object of functions (so a probe can lay a user over it by
 * spreading) carrying the snapshot's revision, policies and memo.
 */
function factsOf(
  world: OrgWorld,
  policies: PolicyFacts,
  revision: number,
  memo: DecisionMemo,
): DecisionFacts {
  return Object.freeze({
    revision,
    orgId: world.id,
    orgDefaultClassification: world.defaultClassification,
    policies,
    memo,
    pages: world.pages,
    site: (cloudId: string) => world.sites.get(cloudId),
    space: (spaceId: string) => world.spaces.get(spaceId),
    content: (contentId: string) => world.content.get(contentId),
    groupsOf: (accountId: string) => groupsOf(world, accountId),
    groupNumbersOf: (accountId: string) => groupNumbersOf(world, accountId),
    groupNumber: (groupId: string) => world.groupNumbers.get(groupId),
    user: (accountId: string) => world.users.get(accountId),
    app: (ari: string) => world.apps.get(ari),
    attachment: (id: string) => world.attachments.get(id),
    publicLink: (id: string) => world.publicLinks.get(id),
    publicLinkOf: (slot: number) => world.pages.linkOf(slot),
    spaces: () => world.spaces.values(),
    users: () => world.users.values(),
    groups: () => world.groups.values(),
    group: (id: string) => world.groups.get(id),
    apps: () => world.apps.values(),
    jira: world.jira,
  });
}

function snapshot(
  world: OrgWorld,
  policies: PolicyFacts,
  revision: number,
  memo: DecisionMemo,
): OrgSnapshot {
  const facts = factsOf(world, policies, revision, memo);
  let audience: AudienceIndex | null = null;
  return Object.freeze({
    revision,
    world,
    policies,
    facts,
    audience: () => (audience ??= new AudienceIndex(facts)),
  });
}

/** A snapshot of a freshly loaded world and its policies (a new memo). */
export function orgSnapshot(world: OrgWorld, policies: PolicyFacts, revision: number): OrgSnapshot {
  return snapshot(world, policies, revision, new DecisionMemo());
}

/**
 * The snapshot after a change of pages, one space's default level, public links or the org's
 * enforcement modes. Rule outcomes depend on the policies, the space and the effective level
 * only, so the memo carries over.
 */
export function derive(
  previous: OrgSnapshot,
  revision: number,
  change:
    | { kind: 'pages'; changes: readonly PageChange[] }
    | { kind: 'content'; content: readonly Content[] }
    | { kind: 'space'; space: Space }
    | { kind: 'public-links'; links: readonly PublicLink[] }
    | { kind: 'enforcement'; modes: EnforcementModes },
): OrgSnapshot {
  const world =
    change.kind === 'pages'
      ? withPages(previous.world, change.changes)
      : change.kind === 'content'
        ? withPages(
            previous.world,
            change.content.map((c) => ({
              id: c.id,
              level: c.classification,
              lists: c.restrictions,
            })),
          )
        : change.kind === 'space'
          ? withSpace(previous.world, change.space)
          : change.kind === 'enforcement'
            ? { ...previous.world, enforcement: change.modes }
            : withPublicLinks(previous.world, change.links);
  return snapshot(world, previous.policies, revision, previous.facts.memo);
}

/** The snapshot with new published policies: rule outcomes change, so the memo starts afresh. */
export function withPolicies(
  previous: OrgSnapshot,
  revision: number,
  policies: PolicyFacts,
): OrgSnapshot {
  return orgSnapshot(previous.world, policies, revision);
}
