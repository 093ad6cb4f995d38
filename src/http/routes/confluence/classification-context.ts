import { hasSpacePermission } from '../../../domain/confluence/access.js';
import type { Action, ResourceRef } from '../../../domain/decision/types.js';
import type { Space } from '../../../domain/world.js';
import { ApiError } from '../../errors/catalogue.js';
import { decideFor, type ReadContext } from './content-context.js';

/**
 * What the classification, export and data-policy routes add to the read context of
 * content-context.ts: space visibility and the space `administer` permission.
 */

export function allows(ctx: ReadContext, action: Action, resource: ResourceRef): boolean {
  return decideFor(ctx, action, resource).decision === 'allow';
}

export const spaceNotFound = (id: string) =>
  new ApiError('CLASSIFICATION_SPACE_NOT_FOUND', `No space found with id: ${id}`);

/** A space of this site that the caller may view (D19: space read; apps: scope and appAccess). */
export function viewableSpace(ctx: ReadContext, id: string): Space {
  const space = ctx.org.spaces.get(id);
  if (!space || space.siteId !== ctx.site.cloudId) throw spaceNotFound(id);
  if (!allows(ctx, 'read', { type: 'space', id })) throw spaceNotFound(id);
  return space;
}

/**
 * E11: the space `administer` permission (a site admin with the admin key bypasses it; an app's
 * write scope stands in for its space permissions, as for read and update).
 */
export function canAdministerSpace(ctx: ReadContext, space: Space): boolean {
  const { caller, subject } = ctx;
  if (caller.kind !== 'user') return hasSpacePermission(ctx.facts, caller, space.id, 'administer');
  if (caller.user.siteAdmin && subject.type === 'user' && subject.adminKey === true) return true;
  const principal = { kind: 'user', user: caller.user, adminKey: false } as const;
  return hasSpacePermission(ctx.facts, principal, space.id, 'administer');
}
