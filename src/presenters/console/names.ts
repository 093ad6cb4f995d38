import type { OrgWorld } from '../../index/org-world.js';

export interface NamedAri {
  ari: string;
  name: string;
}

export const levelAri = (id: string) => `ari:cloud:platform::classification-tag/${id}`;
export const spaceAri = (cloudId: string, spaceId: string) =>
  `ari:cloud:confluence:${cloudId}:space/${spaceId}`;
export const siteAri = (cloudId: string) => `ari:cloud:confluence::site/${cloudId}`;

/** What a policy of this coverage level may cover, by name: levels, spaces or sites. */
export function candidateResources(world: OrgWorld, level: string): NamedAri[] {
  if (level === 'CLASSIFICATION') {
    return [...world.levels.values()]
      .sort((a, b) => a.rank - b.rank)
      .map((l) => ({ ari: levelAri(l.id), name: `classification level ${l.name}` }));
  }
  if (level === 'CONTAINER') {
    return [...world.spaces.values()].map((s) => ({
      ari: spaceAri(s.siteId, s.id),
      name: `space ${s.name} (${s.key}) on ${world.sites.get(s.siteId)?.name ?? s.siteId}`,
    }));
  }
  if (level === 'WORKSPACE') {
    return [...world.sites.values()].map((s) => ({
      ari: siteAri(s.cloudId),
      name: `site ${s.name}`,
    }));
  }
  return [];
}

/** ARI → name of every level, space and site of the org. */
export function resourceNames(world: OrgWorld): Map<string, string> {
  return new Map(
    ['CLASSIFICATION', 'CONTAINER', 'WORKSPACE'].flatMap((l) =>
      candidateResources(world, l).map((c) => [c.ari, c.name] as const),
    ),
  );
}
