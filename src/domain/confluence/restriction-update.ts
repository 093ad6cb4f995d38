import { type Content, type RestrictionOperation, type SubjectList } from '../world.js';
import { canEdit, canView } from './access.js';
import type { ConfluenceFacts, Principal } from './facts.js';

export type Lists = Record<RestrictionOperation, SubjectList>;

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

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Users and groups may come as arrays or as `{results: [...]}` (the reference allows both). */
function items(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (isObject(value) && Array.isArray(value.results)) return value.results;
  throw new RestrictionInputError(`${path}: expected an array`);
}

/**
 * R16: parses a PUT/POST body — an array (or `{results: [...]}`) of `{operation, restrictions:
 * {user, group}}` — naming every problem's path; users by accountId, groups by id or name.
 */
export function parseRestrictionBody(
  body: unknown,
  directory: SubjectDirectory,
): RestrictionUpdate[] {
  const list = Array.isArray(body)
    ? body
    : isObject(body) && Array.isArray(body.results)
      ? body.results
      : undefined;
  if (!list) throw new RestrictionInputError('body: expected an array of content restrictions');
  let subjects = 0;
  const seen = new Set<string>();
  return list.map((item, i) => {
    const at = `body[${i}]`;
    if (!isObject(item))
      throw new RestrictionInputError(`${at}: expected an object with operation and restrictions`);
    const operation = item.operation;
    if (operation !== 'read' && operation !== 'update') {
      throw new RestrictionInputError(
        `${at}.operation: "${String(operation)}" is not a restriction operation (read, update)`,
      );
    }
    if (seen.has(operation))
      throw new RestrictionInputError(`${at}.operation: "${operation}" is given twice`);
    seen.add(operation);
    const restrictions = item.restrictions;
    if (!isObject(restrictions)) {
      throw new RestrictionInputError(
        `${at}.restrictions: ContentRestriction must have valid non empty map of subject types to restriction subjects`,
      );
    }
    const users = items(restrictions.user, `${at}.restrictions.user`).map((u, j) => {
      const path = `${at}.restrictions.user[${j}]`;
      if (!isObject(u) || typeof u.accountId !== 'string' || u.accountId === '') {
        throw new RestrictionInputError(`${path}.accountId: a user needs an accountId`);
      }
      if (!directory.hasAccount(u.accountId))
        throw new RestrictionInputError(`${path}.accountId: unknown account id "${u.accountId}"`);
      return u.accountId;
    });
    const groups = items(restrictions.group, `${at}.restrictions.group`).map((g, j) => {
      const path = `${at}.restrictions.group[${j}]`;
      if (!isObject(g)) throw new RestrictionInputError(`${path}: expected a group object`);
      if (typeof g.id === 'string' && g.id !== '') {
        if (!directory.hasGroupId(g.id))
          throw new RestrictionInputError(`${path}.id: unknown group id "${g.id}"`);
        return g.id;
      }
      if (typeof g.name === 'string' && g.name !== '') {
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

const copy = (lists: Lists): Lists => ({
  read: { users: new Set(lists.read.users), groups: new Set(lists.read.groups) },
  update: { users: new Set(lists.update.users), groups: new Set(lists.update.groups) },
});

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

export function emptyLists(): Lists {
  return {
    read: { users: new Set(), groups: new Set() },
    update: { users: new Set(), groups: new Set() },
  };
}

/**
 * R18 Lock-out: when new lists would leave the caller unable to view or edit the page, the caller
 * is added to the list that excludes them (Confluence's UI does the same).
 */
export function keepCallerIn(
  facts: ConfluenceFacts,
  principal: Principal,
  content: Content,
  next: Lists,
): Lists {
  const accountId =
    principal.kind === 'user'
      ? principal.user.accountId
      : principal.kind === 'app'
        ? principal.app.accountId
        : null;
  if (accountId === null) return next;
  const result = copy(next);
  const as = (lists: Lists): Content => ({ ...content, restrictions: lists });
  const view = canView(facts, principal, as(result));
  if (!view.allowed && view.reasons.some((r) => r.restriction?.contentId === content.id)) {
    result.read.users.add(accountId);
  }
  const edit = canEdit(facts, principal, as(result));
  if (
    !edit.allowed &&
    edit.reasons.some(
      (r) => r.restriction?.contentId === content.id && r.restriction.operation === 'update',
    )
  ) {
    result.update.users.add(accountId);
  }
  return result;
}

/** R17: a stable digest of both lists; it changes whenever any restriction changes. */
export function canonicalLists(lists: Lists): string {
  const sorted = (s: Set<string>) => [...s].sort();
  return JSON.stringify({
    read: { users: sorted(lists.read.users), groups: sorted(lists.read.groups) },
    update: { users: sorted(lists.update.users), groups: sorted(lists.update.groups) },
  });
}
