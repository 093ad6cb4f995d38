/**
 * The world Gatehouse enforces over, as plain data. The in-memory index (`src/index`) builds these
 * from the database; the rules in this folder read them and never do I/O.
 */

export type RestrictionOperation = 'read' | 'update';
export const RESTRICTION_OPERATIONS: readonly RestrictionOperation[] = ['read', 'update'];

export type ContentType = 'page' | 'blogpost';

export interface SubjectList {
  /** accountIds (users and app users) */
  readonly users: Set<string>;
  /** group ids */
  readonly groups: Set<string>;
}

export interface ClassificationLevel {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  guideline: string | null;
  color: string | null;
  status: string;
  rank: number;
}

export interface User {
  accountId: string;
  orgId: string;
  email: string | null;
  displayName: string;
  siteAdmin: boolean;
}

export interface Group {
  id: string;
  orgId: string;
  name: string;
  members: Set<string>;
}

export interface App {
  ari: string;
  orgId: string;
  key: string;
  name: string;
  accountId: string | null;
  scopes: Set<string>;
  exempt: boolean;
}

export interface Site {
  cloudId: string;
  orgId: string;
  name: string;
  products: string[];
  anonymousAccess: boolean;
}

export interface SpacePermissions {
  /** accountId → operations */
  users: Map<string, Set<string>>;
  /** group id → operations */
  groups: Map<string, Set<string>>;
  anonymous: Set<string>;
}

export interface Space {
  id: string;
  orgId: string;
  siteId: string;
  key: string;
  name: string;
  defaultClassification: string | null;
  permissions: SpacePermissions;
}

export interface Attachment {
  id: string;
  contentId: string;
  title: string;
  mediaType: string | null;
  fileSize: number | null;
}

export interface PublicLink {
  id: string;
  contentId: string;
  enabled: boolean;
}

export interface Content {
  id: string;
  orgId: string;
  spaceId: string;
  parentId: string | null;
  type: ContentType;
  title: string;
  classification: string | null;
  position: number;
  restrictions: Record<RestrictionOperation, SubjectList>;
  children: string[];
  attachments: string[];
  publicLinkId: string | null;
}

export interface Project {
  id: string;
  orgId: string;
  siteId: string;
  key: string;
  name: string;
  projectType: string | null;
}

export function emptySubjectList(): SubjectList {
  return { users: new Set(), groups: new Set() };
}

export function isRestricted(list: SubjectList): boolean {
  return list.users.size > 0 || list.groups.size > 0;
}
