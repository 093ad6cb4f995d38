import type { ResourceWorld } from '../domain/policies/resources.js';
import type { IndexSnapshot } from './index-snapshot.js';
import type { OrgWorld } from './org-world.js';

/** Resource-ARI validation looks across every org, to tell "another org" from "nothing". */
export function resourceWorld(index: IndexSnapshot): ResourceWorld {
  const find = <T>(pick: (org: OrgWorld) => T | undefined) => {
    for (const { world } of index.orgs.values()) {
      const found = pick(world);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return {
    site: (cloudId) => index.site(cloudId),
    space: (spaceId) => find((org) => org.spaces.get(spaceId)),
    project: (cloudId, projectId) => find((org) => org.projects.get(`${cloudId}/${projectId}`)),
    level: (levelId) => find((org) => org.levels.get(levelId)),
  };
}
