import { WRITE_SCOPE } from '../../../domain/confluence/facts.js';
import type { Action, ResourceRef } from '../../../domain/decision/types.js';
import type { Space } from '../../../domain/world.js';
import type { Caller } from '../../auth.js';
import { ApiError } from '../../errors/catalogue.js';
import { decideFor, type ReadContext } from './content-context.js';

/**
 * What the classification, export and data-policy routes add to the read context of
 * content-context.ts: the write scope, space visibility and the space `administer` permission.
 */

/** E7: an app changing a level also needs the write scope (it has the read scope: C2). */
export function requireWriteScope(caller: Caller): void {
  if (caller.kind === 'app' && !caller.app.scopes.has(WRITE_SCOPE)) {
    throw new ApiError(
      'SCOPE_MISSING',
      `Unauthorized; scope does not match (needs ${WRITE_SCOPE})`,
    );
  }
}

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
  if (caller.kind === 'anonymous') return false;
  if (caller.kind === 'app') return caller.app.scopes.has(WRITE_SCOPE);
  if (caller.user.siteAdmin && subject.type === 'user' && subject.adminKey === true) return true;
  const accountId = caller.user.accountId;
  if (space.permissions.users.get(accountId)?.has('administer')) return true;
  for (const group of ctx.facts.groupsOf(accountId)) {
    if (space.permissions.groups.get(group)?.has('administer')) return true;
  }
  return false;
}
