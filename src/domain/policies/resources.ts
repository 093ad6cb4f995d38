import { PolicyRuleError, type CoverageLevel } from './model.js';

/**
 * The world as resource validation sees it: across all orgs, to tell "another org" apart. Ids
 * other than cloudIds repeat across orgs (forks), so a lookup prefers the validating org's own.
 */
export interface ResourceWorld {
  site(cloudId: string): { orgId: string; name: string; products: readonly string[] } | undefined;
  space(
    cloudId: string,
    spaceId: string,
  ): { orgId: string; siteId: string; key: string; name: string } | undefined;
  project(
    cloudId: string,
    projectId: string,
  ): { orgId: string; key: string; name: string; projectType: string | null } | undefined;
  level(levelId: string): { orgId: string; name: string } | undefined;
}

export type ParsedResource =
  | { kind: 'site'; product: 'confluence' | 'jira'; cloudId: string }
  | { kind: 'space'; cloudId: string; spaceId: string }
  | { kind: 'project'; cloudId: string; projectId: string }
  | { kind: 'level'; levelId: string };

/** What a resource ARI names, or null when it is no ARI Gatehouse knows. */
export function parseResourceAri(ari: string): ParsedResource | null {
  let m = /^ari:cloud:(confluence|jira)::site\/([^/\s]+)$/.exec(ari);
  if (m) return { kind: 'site', product: m[1] as 'confluence' | 'jira', cloudId: m[2]! };
  m = /^ari:cloud:confluence:([^:/\s]+):space\/([^/\s]+)$/.exec(ari);
  if (m) return { kind: 'space', cloudId: m[1]!, spaceId: m[2]! };
  m = /^ari:cloud:jira:([^:/\s]+):project\/([^/\s]+)$/.exec(ari);
  if (m) return { kind: 'project', cloudId: m[1]!, projectId: m[2]! };
  m = /^ari:cloud:platform::classification-tag\/([^/\s]+)$/.exec(ari);
  if (m) return { kind: 'level', levelId: m[1]! };
  return null;
}

const KINDS_BY_LEVEL: Partial<
  Record<CoverageLevel, { kinds: ParsedResource['kind'][]; text: string }>
> = {
  WORKSPACE: {
    kinds: ['site'],
    text: 'site ARIs (ari:cloud:confluence::site/{cloudId}, ari:cloud:jira::site/{cloudId})',
  },
  CONTAINER: {
    kinds: ['space', 'project'],
    text: 'space and project ARIs (ari:cloud:confluence:{cloudId}:space/{spaceId}, ari:cloud:jira:{cloudId}:project/{id})',
  },
  CLASSIFICATION: {
    kinds: ['level'],
    text: 'classification level ARIs (ari:cloud:platform::classification-tag/{id})',
  },
};

const KIND_NAMES: Record<ParsedResource['kind'], string> = {
  site: 'a site',
  space: 'a space',
  project: 'a project',
  level: 'a classification level',
};

/** The org a resource belongs to, or undefined when it names nothing in the world. */
function ownerOf(resource: ParsedResource, world: ResourceWorld): string | undefined {
  switch (resource.kind) {
    case 'site': {
      const site = world.site(resource.cloudId);
      return site && site.products.includes(resource.product) ? site.orgId : undefined;
    }
    case 'space': {
      const space = world.space(resource.cloudId, resource.spaceId);
      return space && space.siteId === resource.cloudId ? space.orgId : undefined;
    }
    case 'project':
      return world.project(resource.cloudId, resource.projectId)?.orgId;
    case 'level':
      return world.level(resource.levelId)?.orgId;
  }
}

/** P12: an ARI fits the policy's coverage level and names a thing of this org. */
export function checkResourceAri(
  ari: string,
  level: CoverageLevel,
  orgId: string,
  world: ResourceWorld,
  field: string,
): ParsedResource {
  const accepted = KINDS_BY_LEVEL[level];
  if (!accepted) {
    throw new PolicyRuleError(`${field}: ${level} policies take no resources`);
  }
  const resource = parseResourceAri(ari);
  if (!resource) {
    throw new PolicyRuleError(
      `${field}: "${ari}" is not a resource ARI; ${level} policies take ${accepted.text}`,
    );
  }
  if (!accepted.kinds.includes(resource.kind)) {
    throw new PolicyRuleError(
      `${field}: "${ari}" is ${KIND_NAMES[resource.kind]}; ${level} policies take ${accepted.text}`,
    );
  }
  const owner = ownerOf(resource, world);
  if (owner === undefined)
    throw new PolicyRuleError(`${field}: "${ari}" names nothing in this organization`);
  if (owner !== orgId)
    throw new PolicyRuleError(`${field}: "${ari}" belongs to another organization`);
  return resource;
}
