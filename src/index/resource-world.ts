import type { ResourceWorld } from '../domain/policies/resources.js';
import type { WorldIndex } from './world-index.js';

/** Resource-ARI validation looks across every org, to tell "another org" from "nothing". */
export function resourceWorld(index: WorldIndex): ResourceWorld {
  const find = <T>(
    pick: (
      org: ReturnType<WorldIndex['allOrgs']> extends IterableIterator<infer O> ? O : never,
    ) => T | undefined,
  ) => {
    for (const org of index.allOrgs()) {
      const found = pick(org);
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
