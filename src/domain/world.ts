/**
 * The world Gatehouse enforces over, as plain data. The in-memory index (`src/index`) builds these
 * from the database; the rules in this folder read them and never do I/O.
 */
import type { GroupBits } from './group-bits.js';

export type RestrictionOperation = 'read' | 'update';
export const RESTRICTION_OPERATIONS: readonly RestrictionOperation[] = ['read', 'update'];

export type ContentType = 'page' | 'blogpost';

export interface SubjectList {
  /** accountIds (users and app users) */
  readonly users: ReadonlySet<string>;
  /** group ids */
  readonly groups: ReadonlySet<string>;
}

/** A page's own read and update restrictions. */
export type Lists = Readonly<Record<RestrictionOperation, SubjectList>>;

export interface ClassificationLevel {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly description: string | null;
  readonly guideline: string | null;
  readonly color: string | null;
  readonly status: string;
  readonly rank: number;
}

export interface User {
  readonly accountId: string;
  readonly orgId: string;
  readonly email: string | null;
  readonly displayName: string;
  readonly siteAdmin: boolean;
}

export interface Group {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  /**
   * The members who are users of the org (not app users), ascending: what reverse lookups merge.
   * Every member's groups, app users' too, are the index's account → groups map.
   */
  readonly userMembers: readonly string[];
}

export interface App {
  readonly ari: string;
  readonly orgId: string;
  readonly key: string;
  readonly name: string;
  readonly accountId: string | null;
  readonly scopes: ReadonlySet<string>;
  readonly exempt: boolean;
}

export interface Site {
  readonly cloudId: string;
  readonly orgId: string;
  readonly name: string;
  readonly products: readonly string[];
  readonly anonymousAccess: boolean;
}

export interface SpacePermissions {
  /** accountId → operations */
  readonly users: ReadonlyMap<string, ReadonlySet<string>>;
  /** group id → operations */
  readonly groups: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * operation → the groups holding it, by group number (`ConfluenceFacts.groupNumbersOf`): the
   * same grants as `groups`, in the form a decision tests.
   */
  readonly groupGrants: ReadonlyMap<string, GroupBits>;
  readonly anonymous: ReadonlySet<string>;
}

export interface Space {
  readonly id: string;
  readonly orgId: string;
  readonly siteId: string;
  readonly key: string;
  readonly name: string;
  readonly defaultClassification: string | null;
  readonly permissions: SpacePermissions;
}

export interface Attachment {
  readonly id: string;
  readonly contentId: string;
  readonly title: string;
  readonly mediaType: string | null;
  readonly fileSize: number | null;
}

export interface PublicLink {
  readonly id: string;
  readonly contentId: string;
  readonly enabled: boolean;
}

export interface Content {
  readonly id: string;
  readonly orgId: string;
  readonly spaceId: string;
  readonly parentId: string | null;
  readonly type: ContentType;
  readonly title: string;
  readonly classification: string | null;
  readonly position: number;
  readonly restrictions: Lists;
  readonly children: readonly string[];
  readonly attachments: readonly string[];
  readonly publicLinkId: string | null;
}

export interface Project {
  readonly id: string;
  readonly orgId: string;
  readonly siteId: string;
  readonly key: string;
  readonly name: string;
  readonly projectType: string | null;
}

/** A set that refuses every change: shared empty sets stay empty whoever holds them. */
class SealedSet<T> extends Set<T> {
  constructor(values: Iterable<T> = []) {
    super();
    for (const value of values) super.add(value);
  }
  override add(): this {
    throw new TypeError('a sealed set cannot change');
  }
  override delete(): boolean {
    throw new TypeError('a sealed set cannot change');
  }
  override clear(): void {
    throw new TypeError('a sealed set cannot change');
  }
}

/** An immutable set of `values` (a Set subclass whose mutators throw). */
export function sealedSet<T>(values: Iterable<T> = []): ReadonlySet<T> {
  return Object.freeze(new SealedSet(values));
}

export const NO_SUBJECTS: SubjectList = Object.freeze({
  users: sealedSet<string>(),
  groups: sealedSet<string>(),
});

/** The lists of every unrestricted page: one shared object that nothing can change. */
export const NO_RESTRICTIONS: Lists = Object.freeze({ read: NO_SUBJECTS, update: NO_SUBJECTS });

export function isRestricted(list: SubjectList): boolean {
  return list.users.size > 0 || list.groups.size > 0;
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
}

/** True when two pages' lists name the same subjects for each operation. */
export function sameLists(a: Lists, b: Lists): boolean {
  return RESTRICTION_OPERATIONS.every(
    (operation) =>
      sameSet(a[operation].users, b[operation].users) &&
      sameSet(a[operation].groups, b[operation].groups),
  );
}
