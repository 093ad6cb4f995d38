import type { WorldIndex } from '../index/world-index.js';
import { orgCredentials } from '../presenters/credentials.js';

/** The first line, printed as soon as the server listens (before the index is loaded). */
export function listeningLine(url: string, storage: string): string {
  return `Gatehouse is listening on ${url}  (storage: ${storage})`;
}

/** The operator key, printed with the first line when it was generated (a given one never is). */
export function operatorKeyLine(key: string): string {
  return `Operator key:    ${key}  (generated; set --operator-key to keep one)`;
}

/**
 * What a newcomer needs after `npm start`, once the index is ready: which org, every credential
 * of the first org (the README walk-through uses the demo's admin key, users and app tokens), one
 * curl to paste.
 */
export function readyBanner(index: WorldIndex, url: string, loadMs: number): string {
  const pages = [...index.allOrgs()].reduce((n, org) => n + org.pages.count, 0);
  const lines = [`Index ready:     ${pages} pages in ${Math.round(loadMs)} ms`];
  const org = index.allOrgs().next().value;
  if (!org) {
    lines.push('No org is loaded: give --tenant FILE or run `gatehouse import FILE`.');
    return lines.join('\n');
  }
  const c = orgCredentials(org);
  const width = Math.max(0, ...c.users.map((u) => `${u.email}:${u.apiToken}`.length));
  lines.push(`Org id:          ${c.orgId}  (${c.orgName})`);
  for (const key of c.adminApiKeys) lines.push(`Admin API key:   ${key}`);
  for (const site of c.sites)
    lines.push(`Site:            ${site.name}  (cloudId ${site.cloudId})`);
  for (const u of c.users) {
    const basic = `${u.email}:${u.apiToken}`.padEnd(width);
    lines.push(`User (Basic):    ${basic}  ${u.accountId}  ${u.displayName}`);
  }
  for (const app of c.apps) lines.push(`App (Bearer):    ${app.token}  (${app.ari})`);
  lines.push(`Start page:      ${url}/  (APIs, OpenAPI document, these credentials)`);
  lines.push(`Admin console:   ${url}/console  (sign in with the Admin API key above)`);
  const adminKey = c.adminApiKeys[0];
  if (adminKey) {
    lines.push(
      'Try:',
      `  curl -s -H 'Authorization: Bearer ${adminKey}' ${url}/admin/control/v2/orgs/${c.orgId}/policies`,
    );
  }
  return lines.join('\n');
}
