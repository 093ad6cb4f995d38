import type { Group, RestrictionOperation } from '../domain/world.js';
import type { Lists } from '../domain/confluence/restriction-update.js';

/** Where links point: the site base (`{origin}/wiki`). */
export interface LinkBase {
  base: string;
}

export interface PersonLike {
  accountId: string;
  displayName: string;
  email: string | null;
  isApp: boolean;
}

/** A Confluence v1 user object. `showEmail`: emails are visible to signed-in users only. */
export function presentUser(person: PersonLike, links: LinkBase, showEmail: boolean) {
  return {
    type: 'known',
    accountId: person.accountId,
    accountType: person.isApp ? 'app' : 'atlassian',
    email: showEmail && person.email ? person.email : '',
    publicName: person.displayName,
    displayName: person.displayName,
    profilePicture: {
      path: `/wiki/aa-avatar/${encodeURIComponent(person.accountId)}`,
      width: 48,
      height: 48,
      isDefault: true,
    },
    isExternalCollaborator: false,
    isGuest: false,
    _links: {
      self: `${links.base}/rest/api/user?accountId=${encodeURIComponent(person.accountId)}`,
    },
  };
}

export function presentGroup(group: Group, links: LinkBase) {
  return {
    type: 'group',
    name: group.name,
    id: group.id,
    _links: { self: `${links.base}/rest/api/group/by-id?id=${encodeURIComponent(group.id)}` },
  };
}

export interface ContentLike {
  id: string;
  type: 'page' | 'blogpost' | 'attachment';
  title: string;
}

export function presentContent(content: ContentLike, links: LinkBase) {
  return {
    id: content.id,
    type: content.type,
    status: 'current',
    title: content.title,
    _expandable: { space: '', history: '', version: '', ancestors: '', body: '' },
    _links: {
      self: `${links.base}/rest/api/content/${content.id}`,
      tinyui: `/x/${content.id}`,
      webui: `/pages/viewpage.action?pageId=${content.id}`,
    },
  };
}

export interface RestrictionView {
  content: ContentLike;
  lists: Lists;
  person(accountId: string): PersonLike | undefined;
  group(id: string): Group | undefined;
  showEmail: boolean;
  expandContent: boolean;
  start: number;
  limit: number;
  links: LinkBase;
}

/** One operation's restriction: users and groups paged by start/limit (R19). */
export function presentRestriction(view: RestrictionView, operation: RestrictionOperation) {
  const page = <T>(all: T[]) => all.slice(view.start, view.start + view.limit);
  const users = [...view.lists[operation].users]
    .sort()
    .map((id) => view.person(id))
    .filter((p): p is PersonLike => p !== undefined);
  const groups = [...view.lists[operation].groups]
    .sort()
    .map((id) => view.group(id))
    .filter((g): g is Group => g !== undefined);
  const userPage = page(users);
  const groupPage = page(groups);
  const self = `${view.links.base}/rest/api/content/${view.content.id}/restriction/byOperation/${operation}`;
  return {
    operation,
    restrictions: {
      user: {
        results: userPage.map((p) => presentUser(p, view.links, view.showEmail)),
        start: view.start,
        limit: view.limit,
        size: userPage.length,
        totalSize: users.length,
        _links: { self },
      },
      group: {
        results: groupPage.map((g) => presentGroup(g, view.links)),
        start: view.start,
        limit: view.limit,
        size: groupPage.length,
      },
    },
    ...(view.expandContent ? { content: presentContent(view.content, view.links) } : {}),
    _expandable: (view.expandContent
      ? {}
      : { content: `/rest/api/content/${view.content.id}` }) as Record<string, string>,
    _links: { self, base: view.links.base, context: '/wiki' },
  };
}
