import { NO_RESTRICTIONS, type Lists, type RestrictionOperation } from '../world.js';
import { canEdit, canView, principalAccountId } from './access.js';
import type { ConfluenceFacts, Principal } from './facts.js';

export type { Lists };

export interface RestrictionUpdate {
  operation: RestrictionOperation;
  users: string[];
  groups: string[];
}

/** A bad restriction body: a 400 naming the problem. */
export class RestrictionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestrictionInputError';
  }
}

export interface SubjectDirectory {
  hasAccount(accountId: string): boolean;
  groupIdByName(name: string): string | undefined;
  hasGroupId(id: string): boolean;
}

export const MAX_SUBJECTS = 1000;

/** Users and groups as the reference sends them: an array, or `{results: [...]}`. */
type Listed<T> = readonly T[] | { readonly results: readonly T[] };

/** A restriction update as the request names it (its shape checked by the HTTP schema). */
export interface RestrictionInput {
  readonly operation: RestrictionOperation;
  readonly restrictions: {
    readonly user?: Listed<{ readonly accountId: string }>;
    readonly group?: Listed<{ readonly id?: string; readonly name?: string }>;
  };
}

const itemsOf = <T>(listed: Listed<T> | undefined): readonly T[] =>
  listed === undefined ? [] : 'results' in listed ? listed.results : listed;

/**
 * R16: what a PUT/POST body names, resolved against the org: users by accountId, groups by id or
 * (deprecated) name. Every problem names its path: an unknown account or group, a group with
 * neither id nor name, an operation given twice, more than MAX_SUBJECTS subjects.
 */
export function resolveRestrictionBody(
  body: readonly RestrictionInput[] | { readonly results: readonly RestrictionInput[] },
  directory: SubjectDirectory,
): RestrictionUpdate[] {
  const list = 'results' in body ? body.results : body;
  let subjects = 0;
  const seen = new Set<string>();
  return list.map((item, i) => {
    const at = `body[${i}]`;
    const operation = item.operation;
    if (seen.has(operation))
      throw new RestrictionInputError(`${at}.operation: "${operation}" is given twice`);
    seen.add(operation);
    const users = itemsOf(item.restrictions.user).map((u, j) => {
      if (!directory.hasAccount(u.accountId)) {
        throw new RestrictionInputError(
          `${at}.restrictions.user[${j}].accountId: unknown account id "${u.accountId}"`,
        );
      }
      return u.accountId;
    });
    const groups = itemsOf(item.restrictions.group).map((g, j) => {
      const path = `${at}.restrictions.group[${j}]`;
      if (g.id !== undefined) {
        if (!directory.hasGroupId(g.id))
          throw new RestrictionInputError(`${path}.id: unknown group id "${g.id}"`);
        return g.id;
      }
      if (g.name !== undefined) {
        const id = directory.groupIdByName(g.name);
        if (id === undefined)
          throw new RestrictionInputError(`${path}.name: unknown group "${g.name}"`);
        return id;
      }
      throw new RestrictionInputError(`${path}: a group needs an id (or a name)`);
    });
    subjects += users.length + groups.length;
    if (subjects > MAX_SUBJECTS) {
      throw new RestrictionInputError(`body: at most ${MAX_SUBJECTS} users and groups per request`);
    }
    return { operation, users, groups };
  });
}

type MutableLists = Record<RestrictionOperation, { users: Set<string>; groups: Set<string> }>;

const copy = (lists: Lists): MutableLists => ({
  read: { users: new Set(lists.read.users), groups: new Set(lists.read.groups) },
  update: { users: new Set(lists.update.users), groups: new Set(lists.update.groups) },
});

/** What a restriction write does to a page's lists (R13, R14, R20). */
export type RestrictionChange =
  | { kind: 'replace'; updates: readonly RestrictionUpdate[] }
  | { kind: 'add'; updates: readonly RestrictionUpdate[] }
  | { kind: 'clear' }
  | {
      kind: 'member';
      mode: 'add' | 'remove';
      operation: RestrictionOperation;
      subject: { kind: 'users' | 'groups'; id: string };
    };

/** The lists after `change` (a new value; `current` is never modified). */
export function applyChange(current: Lists, change: RestrictionChange): Lists {
  switch (change.kind) {
    case 'replace':
      return replaceLists(current, change.updates);
    case 'add':
      return addToLists(current, change.updates);
    case 'clear':
      return NO_RESTRICTIONS;
    case 'member': {
      const next = copy(current);
      const set = next[change.operation][change.subject.kind];
      if (change.mode === 'add') set.add(change.subject.id);
      else set.delete(change.subject.id);
      return next;
    }
  }
}

/** R13: PUT replaces each operation in the body; operations absent from it stay as they were. */
export function replaceLists(current: Lists, updates: readonly RestrictionUpdate[]): Lists {
  const next = copy(current);
  for (const u of updates)
    next[u.operation] = { users: new Set(u.users), groups: new Set(u.groups) };
  return next;
}

/** R14: POST adds to what exists. */
export function addToLists(current: Lists, updates: readonly RestrictionUpdate[]): Lists {
  const next = copy(current);
  for (const u of updates) {
    for (const user of u.users) next[u.operation].users.add(user);
    for (const group of u.groups) next[u.operation].groups.add(group);
  }
  return next;
}

/**
 * R18 Lock-out: when new lists would leave the caller unable to view or edit the page (a slot of
 * `facts.pages`), the caller is added to the list that excludes them (Confluence's UI does the
 * same).
 */
export function keepCallerIn(
  facts: ConfluenceFacts,
  principal: Principal,
  slot: number,
  next: Lists,
): Lists {
  const accountId = principalAccountId(principal);
  if (accountId === null) return next;
  const result = copy(next);
  const contentId = facts.pages.id(slot);
  const view = canView(facts, principal, slot, result);
  if (!view.allowed && view.reasons.some((r) => r.restriction?.contentId === contentId)) {
    result.read.users.add(accountId);
  }
  const edit = canEdit(facts, principal, slot, result);
  if (
    !edit.allowed &&
    edit.reasons.some(
      (r) => r.restriction?.contentId === contentId && r.restriction.operation === 'update',
    )
  ) {
    result.update.users.add(accountId);
  }
  return result;
}

/** R17: a stable digest of both lists; it changes whenever any restriction changes. */
export function canonicalLists(lists: Lists): string {
  const sorted = (s: ReadonlySet<string>) => [...s].sort();
  return JSON.stringify({
    read: { users: sorted(lists.read.users), groups: sorted(lists.read.groups) },
    update: { users: sorted(lists.update.users), groups: sorted(lists.update.groups) },
  });
}
