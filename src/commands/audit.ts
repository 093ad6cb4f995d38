import type { AuditObject, AuditRecord } from '../domain/audit/event.js';
import {
  contentObject,
  groupObject,
  levelObject,
  orgObject,
  policyObject,
  publicLinkObject,
  resourceObject,
  siteObject,
  spaceObject,
  userObject,
} from '../domain/audit/objects.js';
import type { AuditAction } from '../domain/audit/actions.js';
import type { Policy } from '../domain/policies/model.js';
import { ruleNames } from '../domain/policies/model.js';
import type { Content, Lists, RestrictionOperation } from '../domain/world.js';
import type { OrgWorld } from '../index/org-world.js';
import type { CommandContext } from './command.js';

/**
 * The events each command records (docs/audit-log.md): what changed is the `context`, the org,
 * site or space it happened in the `container`.
 */

/** The org as a container, named from the snapshot the write began from (its id otherwise). */
export function orgContainer(ctx: CommandContext, orgId: string): AuditObject {
  return orgObject({ id: orgId, name: ctx.world.org(orgId)?.world.name ?? orgId });
}

const describePolicy = (policy: Policy) =>
  `"${policy.name}" (${ruleNames(policy).join(', ')}, ${policy.coverageLevel})`;

export function policyEvent(
  ctx: CommandContext,
  action: AuditAction,
  policy: Policy,
  message: string,
  more: readonly AuditObject[] = [],
): AuditRecord {
  return {
    orgId: policy.orgId,
    action,
    context: [policyObject(policy), ...more],
    container: [orgContainer(ctx, policy.orgId)],
    message: `${message} ${describePolicy(policy)}`,
  };
}

export function resourcesEvent(
  ctx: CommandContext,
  action: 'policy_resources_added' | 'policy_resources_removed' | 'policy_resources_applied',
  policy: Policy,
  aris: readonly string[],
): AuditRecord {
  const verb =
    action === 'policy_resources_added'
      ? 'Added'
      : action === 'policy_resources_removed'
        ? 'Removed'
        : 'Applied';
  const noun = aris.length === 1 ? 'resource' : 'resources';
  return policyEvent(
    ctx,
    action,
    policy,
    `${verb} ${aris.length} ${noun} (${aris.join(', ')}) of`,
    aris.map(resourceObject),
  );
}

/** Where a page lives: its site and its space. */
export function contentContainers(world: OrgWorld, content: Content): AuditObject[] {
  const space = world.spaces.get(content.spaceId);
  const site = space ? world.sites.get(space.siteId) : undefined;
  return [...(site ? [siteObject(site)] : []), ...(space ? [spaceObject(space)] : [])];
}

/**
 * A restriction write as events: per operation, who was added and who was removed (nothing for a
 * list that did not change).
 */
export function restrictionEvents(
  world: OrgWorld,
  content: Content,
  before: Lists,
  after: Lists,
): AuditRecord[] {
  const events: AuditRecord[] = [];
  const subjects = (users: string[], groups: string[]) => [
    ...users.map((accountId) =>
      userObject({
        accountId,
        displayName:
          world.users.get(accountId)?.displayName ??
          world.appsByAccount.get(accountId)?.name ??
          accountId,
      }),
    ),
    ...groups.map((id) => groupObject({ id, name: world.groups.get(id)?.name ?? id })),
  ];
  const minus = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
    [...a].filter((x) => !b.has(x)).sort();
  for (const operation of ['read', 'update'] as RestrictionOperation[]) {
    const was = before[operation];
    const now = after[operation];
    for (const [action, users, groups] of [
      ['content_restriction_added', minus(now.users, was.users), minus(now.groups, was.groups)],
      ['content_restriction_removed', minus(was.users, now.users), minus(was.groups, now.groups)],
    ] as const) {
      if (users.length === 0 && groups.length === 0) continue;
      const names = subjects(users, groups);
      events.push({
        orgId: content.orgId,
        action,
        context: [
          { ...contentObject(content), attributes: { title: content.title, operation } },
          ...names,
        ],
        container: contentContainers(world, content),
        message: `${action === 'content_restriction_added' ? 'Added' : 'Removed'} ${names
          .map((n) => `${n.type === 'groups' ? 'group' : 'user'} ${n.attributes.name as string}`)
          .join(
            ', ',
          )} ${action === 'content_restriction_added' ? 'to' : 'from'} the ${operation} restriction of ${content.type} "${content.title}"`,
      });
    }
  }
  return events;
}

const levelName = (world: OrgWorld, id: string | null) =>
  id === null ? 'none' : `"${world.levels.get(id)?.name ?? id}"`;

export function contentLevelEvent(
  world: OrgWorld,
  content: Content,
  levelId: string | null,
): AuditRecord {
  const level = levelId === null ? undefined : world.levels.get(levelId);
  return {
    orgId: content.orgId,
    action: 'content_classification_changed',
    context: [
      {
        ...contentObject(content),
        attributes: { title: content.title, from: content.classification, to: levelId },
      },
      ...(level ? [levelObject(level)] : []),
    ],
    container: contentContainers(world, content),
    message:
      levelId === null
        ? `Reset the classification level of ${content.type} "${content.title}" to the space default (was ${levelName(world, content.classification)})`
        : `Set the classification level of ${content.type} "${content.title}" to ${levelName(world, levelId)} (was ${levelName(world, content.classification)})`,
  };
}

export function spaceLevelEvent(world: OrgWorld, spaceId: string, levelId: string | null) {
  const space = world.spaces.get(spaceId);
  const site = space ? world.sites.get(space.siteId) : undefined;
  const level = levelId === null ? undefined : world.levels.get(levelId);
  const was = space?.defaultClassification ?? null;
  const record: AuditRecord = {
    orgId: world.id,
    action: 'space_default_classification_changed',
    context: [
      ...(space
        ? [
            {
              ...spaceObject(space),
              attributes: { key: space.key, name: space.name, from: was, to: levelId },
            },
          ]
        : []),
      ...(level ? [levelObject(level)] : []),
    ],
    container: site ? [siteObject(site)] : [],
    message: `${levelId === null ? 'Removed' : 'Set'} the default classification level of space ${space?.key ?? spaceId}${
      levelId === null ? '' : ` to ${levelName(world, levelId)}`
    } (was ${levelName(world, was)})`,
  };
  return record;
}

export function linkTurnedOffEvent(world: OrgWorld, link: { id: string; contentId: string }) {
  const content = world.content.get(link.contentId);
  const record: AuditRecord = {
    orgId: world.id,
    action: 'confluence_public_link_turned_off',
    context: [publicLinkObject(link), ...(content ? [contentObject(content)] : [])],
    container: content ? contentContainers(world, content) : [],
    message: `Turned off the public link of ${content ? `${content.type} "${content.title}"` : link.contentId}: a publicLinks policy blocks it (it is not turned back on)`,
  };
  return record;
}
