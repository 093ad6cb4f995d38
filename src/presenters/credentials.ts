import type { OrgWorld } from '../index/org-world.js';

/** What a person needs to call an org's APIs: the banner and `GET /` show the same. */
export interface OrgCredentials {
  orgId: string;
  orgName: string;
  adminApiKeys: string[];
  /** Basic `email:apiToken`, each with the accountId and name the APIs show. */
  users: { email: string; apiToken: string; accountId: string; displayName: string }[];
  /** Bearer tokens of apps, with the app's ARI. */
  apps: { token: string; ari: string; name: string }[];
  sites: { name: string; cloudId: string }[];
}

export function orgCredentials(org: OrgWorld): OrgCredentials {
  const users = [...org.userTokens].flatMap(([accountId, apiToken]) => {
    const user = org.users.get(accountId);
    return user?.email
      ? [{ email: user.email, apiToken, accountId, displayName: user.displayName }]
      : [];
  });
  const apps = [...org.appTokens].map(([token, ari]) => ({
    token,
    ari,
    name: org.apps.get(ari)?.name ?? ari,
  }));
  return {
    orgId: org.id,
    orgName: org.name,
    adminApiKeys: [...org.adminKeys],
    users,
    apps,
    sites: [...org.sites.values()].map((s) => ({ name: s.name, cloudId: s.cloudId })),
  };
}
