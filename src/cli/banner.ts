import type { WorldIndex } from '../index/world-index.js';

/** What a newcomer needs after `npm start`: where, which org, which keys, one curl to paste. */
export function startBanner(
  index: WorldIndex,
  url: string,
  storage: string,
  /** The operator key when it was generated (a given one is not printed). */
  generatedOperatorKey: string | null = null,
): string {
  const lines = [`Gatehouse is listening on ${url}  (storage: ${storage})`];
  if (generatedOperatorKey !== null) {
    lines.push(
      `Operator key:    ${generatedOperatorKey}  (generated; set --operator-key to keep one)`,
    );
  }
  const org = index.allOrgs().next().value;
  if (!org) {
    lines.push('No org is loaded: give --tenant FILE or run `gatehouse import FILE`.');
    return lines.join('\n');
  }
  const adminKey = org.adminKeys[0];
  const [accountId, token] = [...org.userTokens.entries()][0] ?? [];
  const user = accountId ? org.users.get(accountId) : undefined;
  const [appToken, appAri] = [...org.appTokens.entries()][0] ?? [];
  const site = org.sites.values().next().value;
  lines.push(`Org id:          ${org.id}  (${org.name})`);
  if (adminKey) lines.push(`Admin API key:   ${adminKey}`);
  if (user?.email && token) lines.push(`User (Basic):    ${user.email}:${token}`);
  if (appToken) lines.push(`App (Bearer):    ${appToken}  (${appAri})`);
  if (site) lines.push(`Site:            ${site.name}  (cloudId ${site.cloudId})`);
  if (adminKey) {
    lines.push(
      'Try:',
      `  curl -s -H 'Authorization: Bearer ${adminKey}' ${url}/admin/control/v2/orgs/${org.id}/policies`,
    );
  }
  return lines.join('\n');
}
