import type { OrgWorld } from '../index/org-world.js';

/**
 * What a test needs to reach an org (G2, G3): its id, Admin API keys, sites (name and cloudId),
 * users with their API tokens and apps with their tokens.
 */
export function presentOrgAccess(world: OrgWorld) {
  const appTokens = new Map([...world.appTokens].map(([token, ari]) => [ari, token]));
  return {
    id: world.id,
    adminApiKeys: [...world.adminKeys],
    sites: [...world.sites.values()].map((s) => ({ name: s.name, cloudId: s.cloudId })),
    users: [...world.users.values()].map((u) => ({
      accountId: u.accountId,
      email: u.email,
      apiToken: world.userTokens.get(u.accountId) ?? null,
    })),
    apps: [...world.apps.values()].map((a) => ({
      ari: a.ari,
      token: appTokens.get(a.ari) ?? null,
    })),
  };
}
