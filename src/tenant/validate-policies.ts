import { parseDraft } from '../domain/policies/drafts.js';
import { PolicyRuleError } from '../domain/policies/model.js';
import { checkResourceAri, type ResourceWorld } from '../domain/policies/resources.js';
import type { TenantFile, TenantOrg } from './schema.js';

/** Resource lookups over the file itself: a policy may only name things the file defines. */
function fileWorld(file: TenantFile): ResourceWorld {
  const sites = new Map<string, { orgId: string; name: string; products: string[] }>();
  const spaces = new Map<string, { orgId: string; siteId: string; key: string; name: string }>();
  const projects = new Map<
    string,
    { orgId: string; key: string; name: string; projectType: string | null }
  >();
  const levels = new Map<string, { orgId: string; name: string }>();
  for (const org of file.orgs) {
    for (const level of org.classificationLevels ?? [])
      levels.set(level.id, { orgId: org.id, name: level.name });
    for (const site of org.sites ?? []) {
      sites.set(site.cloudId, { orgId: org.id, name: site.name, products: site.products });
      for (const space of site.spaces ?? [])
        spaces.set(space.id, {
          orgId: org.id,
          siteId: site.cloudId,
          key: space.key,
          name: space.name,
        });
      for (const p of site.projects ?? []) {
        projects.set(`${site.cloudId}/${p.id}`, {
          orgId: org.id,
          key: p.key,
          name: p.name,
          projectType: p.projectType ?? null,
        });
      }
    }
  }
  return {
    site: (id) => sites.get(id),
    space: (id) => spaces.get(id),
    project: (cloudId, id) => projects.get(`${cloudId}/${id}`),
    level: (id) => levels.get(id),
  };
}

/** The `policies` of a tenant file keep the Admin API's shape rules (P2–P6, P12). */
export function checkPolicies(
  file: TenantFile,
  org: TenantOrg,
  path: string,
  add: (at: string, message: string) => void,
): void {
  const world = fileWorld(file);
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
