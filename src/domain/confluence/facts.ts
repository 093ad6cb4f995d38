import type { App, Site, Space, User } from '../world.js';
import type { Pages } from './pages.js';

/** What the Confluence permission rules read. The index implements it; tests can build it. */
export interface ConfluenceFacts {
  site(cloudId: string): Site | undefined;
  space(spaceId: string): Space | undefined;
  /** Pages and blog posts by slot (the rules' hot path). */
  readonly pages: Pages;
  /** Group ids of an accountId (users and app users), each once. */
  groupsOf(accountId: string): readonly string[];
  /** The numbers of the same groups (what a space's `groupGrants` hold). */
  groupNumbersOf(accountId: string): readonly number[];
  /** A group's number in this org, if it has one (groups no member or space names have none). */
  groupNumber(groupId: string): number | undefined;
}

/**
 * Whose rights a Confluence request exercises: a user, an app (through its app user, its scopes
 * standing in for space permissions), or anonymous. `adminKey`: a site admin who sent
 * `Atl-Confluence-With-Admin-Key: true`.
 */
export type Principal =
  | { kind: 'user'; user: User; adminKey: boolean }
  | { kind: 'app'; app: App }
  | { kind: 'anonymous' };

export const READ_SCOPE = 'read:confluence-content.all';
export const WRITE_SCOPE = 'write:confluence-content';
