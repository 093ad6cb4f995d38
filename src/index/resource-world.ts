import type { ResourceWorld } from '../domain/policies/resources.js';
import type { IndexSnapshot } from './index-snapshot.js';
import type { OrgWorld } from './org-world.js';

/**
 * Resource-ARI validation looks across every org, to tell "another org" from "nothing"; ids repeat
 * across orgs (forks keep them), so `orgId`'s own things are found first.
 */
export function resourceWorld(index: IndexSnapshot, orgId: string): ResourceWorld {
  const own = index.org(orgId)?.world;
  const find = <T>(pick: (org: OrgWorld) => T | undefined) => {
    const mine = own ? pick(own) : undefined;
    if (mine !== undefined) return mine;
    for (const { world } of index.orgs.values()) {
      const found = pick(world);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return {
    site: (cloudId) => index.site(cloudId),
    space: (cloudId, spaceId) => {
      const site = index.site(cloudId);
      const space = site ? index.org(site.orgId)?.world.spaces.get(spaceId) : undefined;
      return space ?? find((org) => org.spaces.get(spaceId));
    },
    project: (cloudId, projectId) => find((org) => org.projects.get(`${cloudId}/${projectId}`)),
    level: (levelId) => find((org) => org.levels.get(levelId)),
  };
}
