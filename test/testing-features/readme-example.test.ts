// G33: the README's vitest example, word for word (readme.test.ts checks the README holds it).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse, type OrgAccess } from 'gatehouse/testing';

const tenant: unknown = JSON.parse(readFileSync('demo/tenant.json', 'utf8')); // your tenant file

let gatehouse: Gatehouse;
let org: OrgAccess; // a fresh copy of the tenant's org for every test

beforeAll(async () => {
  gatehouse = await startGatehouse({ tenant });
});
afterAll(() => gatehouse.close());
beforeEach(async () => {
  org = await gatehouse.fork(gatehouse.orgs[0]!.id);
});

it('retries after a 429 and never reads a page it may not see', async () => {
  const pat = org.users.find((u) => u.email === 'pat@acme.test')!;
  const wiki = `${gatehouse.confluenceUrl(org.sites[0]!.cloudId)}/wiki/api/v2`;
  const basic = Buffer.from(`${pat.email}:${pat.apiToken}`).toString('base64');
  const headers = { authorization: `Basic ${basic}` };

  // The next Confluence v2 call gets Atlassian's 429, then the retry goes through.
  await gatehouse.faults([{ api: 'confluence-v2', times: 1, status: 429 }]);
  const limited = await fetch(`${wiki}/pages/98305`, { headers });
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBe('1');
  expect((await fetch(`${wiki}/pages/98305`, { headers })).status).toBe(200);

  // Pat is not in the Roadmap's read restriction: hidden (404), and the decision log says so.
  expect((await fetch(`${wiki}/pages/98306`, { headers })).status).toBe(404);
  const log = await gatehouse.decisionLog(org.id);
  expect(log.results).toHaveLength(1);
  expect(log.results[0]).toMatchObject({
    decision: 'deny',
    action: 'read',
    resource: { type: 'page', id: '98306' },
    reasons: [{ rule: 'R1' }],
  });
});

it('starts every test from the same state', async () => {
  const log = await gatehouse.decisionLog(org.id);
  expect(log.results).toEqual([]);
});
