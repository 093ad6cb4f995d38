import { parseDraft } from '../domain/policies/drafts.js';
import { PolicyRuleError } from '../domain/policies/model.js';
import { checkResourceAri, type ResourceWorld } from '../domain/policies/resources.js';
import type { TenantFile, TenantOrg } from './schema.js';

interface FileOrg {
  sites: Map<string, { orgId: string; name: string; products: string[] }>;
  spaces: Map<string, { orgId: string; siteId: string; key: string; name: string }>;
  projects: Map<string, { orgId: string; key: string; name: string; projectType: string | null }>;
  levels: Map<string, { orgId: string; name: string }>;
}

function fileOrg(org: TenantOrg): FileOrg {
  const found: FileOrg = {
    sites: new Map(),
    spaces: new Map(),
    projects: new Map(),
    levels: new Map(),
  };
  for (const level of org.classificationLevels ?? [])
    found.levels.set(level.id, { orgId: org.id, name: level.name });
  for (const site of org.sites ?? []) {
    found.sites.set(site.cloudId, { orgId: org.id, name: site.name, products: site.products });
    for (const space of site.spaces ?? [])
      found.spaces.set(`${site.cloudId}/${space.id}`, {
        orgId: org.id,
        siteId: site.cloudId,
        key: space.key,
        name: space.name,
      });
    for (const p of site.projects ?? []) {
      found.projects.set(`${site.cloudId}/${p.id}`, {
        orgId: org.id,
        key: p.key,
        name: p.name,
        projectType: p.projectType ?? null,
      });
    }
  }
  return found;
}

/**
 * Resource lookups over the file itself: a policy may only name things the file defines. Ids are
 * unique per org, so `org`'s own things are found first, other orgs' after (to tell "another
 * organization" from "nothing").
 */
function fileWorld(file: TenantFile, org: TenantOrg): ResourceWorld {
  const orgs = [org, ...file.orgs.filter((o) => o !== org)].map(fileOrg);
  const find = <T>(pick: (o: FileOrg) => T | undefined) => {
    for (const o of orgs) {
      const found = pick(o);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return {
    site: (id) => find((o) => o.sites.get(id)),
    space: (cloudId, id) => find((o) => o.spaces.get(`${cloudId}/${id}`)),
    project: (cloudId, id) => find((o) => o.projects.get(`${cloudId}/${id}`)),
    level: (id) => find((o) => o.levels.get(id)),
  };
}

/** The `policies` of a tenant file keep the Admin API's shape rules (P2–P6, P12). */
export function checkPolicies(
  file: TenantFile,
  org: TenantOrg,
  path: string,
  add: (at: string, message: string) => void,
): void {
  const world = fileWorld(file, org);
  (org.policies ?? []).forEach((policy, i) => {
    const at = `${path}.policies[${i}]`;
    try {
      parseDraft({
        name: policy.name,
        description: policy.description ?? null,
        coverageLevel: policy.coverageLevel,
        rule: policy.rule as Record<string, { effect: string }>,
        subject: policy.subject ?? null,
      });
    } catch (error) {
      if (error instanceof PolicyRuleError) add(at, error.message);
      else throw error;
    }
    (policy.resources ?? []).forEach((ari, j) => {
      try {
        checkResourceAri(ari, policy.coverageLevel, org.id, world, `resources[${j}]`);
      } catch (error) {
        if (error instanceof PolicyRuleError) add(at, error.message);
        else throw error;
      }
    });
  });
}
