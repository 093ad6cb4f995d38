import type { App, Content, Site, User } from '../domain/world.js';
import { digestHex, secretMatches } from './credentials.js';
import type { OrgSnapshot } from './org-snapshot.js';

/** What finds an org from outside it: sites by name and cloudId, Admin API keys. */
interface Directory {
  readonly siteByName: ReadonlyMap<string, Site>;
  readonly siteByCloudId: ReadonlyMap<string, Site>;
  /** SHA-256 (hex) of an Admin API key → its org */
  readonly adminKeyOrg: ReadonlyMap<string, string>;
}

function directoryOf(orgs: ReadonlyMap<string, OrgSnapshot>): Directory {
  const siteByName = new Map<string, Site>();
  const siteByCloudId = new Map<string, Site>();
  const adminKeyOrg = new Map<string, string>();
  for (const { world } of orgs.values()) {
    for (const site of world.sites.values()) {
      siteByName.set(site.name.toLowerCase(), site);
      siteByCloudId.set(site.cloudId, site);
    }
    for (const key of world.adminKeys) adminKeyOrg.set(digestHex(key), world.id);
  }
  return { siteByName, siteByCloudId, adminKeyOrg };
}

/**
 * The whole index at one revision of the change log: every org's snapshot and the directory that
 * finds them. Immutable; the index replaces it as a whole.
 */
export class IndexSnapshot {
  private constructor(
    readonly revision: number,
    readonly orgs: ReadonlyMap<string, OrgSnapshot>,
    private readonly directory: Directory,
  ) {}

  static empty(): IndexSnapshot {
    return IndexSnapshot.of(0, new Map());
  }

  static of(revision: number, orgs: ReadonlyMap<string, OrgSnapshot>): IndexSnapshot {
    return new IndexSnapshot(revision, orgs, directoryOf(orgs));
  }

  /** The next snapshot; the directory is rebuilt only when orgs were (re)loaded. */
  next(revision: number, orgs: ReadonlyMap<string, OrgSnapshot>, reloaded: boolean): IndexSnapshot {
    return new IndexSnapshot(revision, orgs, reloaded ? directoryOf(orgs) : this.directory);
  }

  org(orgId: string): OrgSnapshot | undefined {
    return this.orgs.get(orgId);
  }

  sites(): Site[] {
    return [...this.directory.siteByCloudId.values()];
  }

  site(cloudId: string): Site | undefined {
    return this.directory.siteByCloudId.get(cloudId);
  }

  siteByHostName(name: string): Site | undefined {
    return this.directory.siteByName.get(name.toLowerCase());
  }

  /** Content by id, only when it belongs to `site`. */
  content(site: Site, id: string): Content | undefined {
    const org = this.orgs.get(site.orgId);
    const content = org?.world.content.get(id);
    if (!content) return undefined;
    return org?.world.spaces.get(content.spaceId)?.siteId === site.cloudId ? content : undefined;
  }

  // ---- credentials (constant-time) ----------------------------------------------------------

  /** The org whose Admin API key this is. */
  orgForAdminKey(key: string): string | undefined {
    return this.directory.adminKeyOrg.get(digestHex(key));
  }

  /** The app of `orgId` whose Bearer token this is. */
  appForToken(orgId: string, token: string): App | undefined {
    const world = this.orgs.get(orgId)?.world;
    const ari = world?.appsByTokenDigest.get(digestHex(token));
    return ari === undefined ? undefined : world?.apps.get(ari);
  }

  /** The user of `orgId` with this email and API token. */
  userForBasic(orgId: string, email: string, apiToken: string): User | undefined {
    const world = this.orgs.get(orgId)?.world;
    const accountId = world?.usersByEmail.get(email.toLowerCase());
    const stored = accountId === undefined ? undefined : world?.userTokens.get(accountId);
    if (!secretMatches(apiToken, stored) || accountId === undefined) return undefined;
    return world?.users.get(accountId);
  }
}
