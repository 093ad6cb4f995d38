import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionLog } from '../../src/http/door/decision-log.js';
import type { OrgAccess } from '../../src/http/schemas/orgs.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import {
  ADA,
  EXPORTER,
  OPERATOR_KEY,
  PAT,
  check,
  createOrg,
  forkOrg,
  gatehouseError,
  inject,
  operator,
  orgDocument,
  page,
  user,
  userAuth,
  wiki,
} from './helpers.js';

interface Entry {
  time: string;
  caller: Record<string, unknown>;
  method: string;
  path: string;
  action: string;
  resource: { type: string; id: string };
  decision: string;
  reasons: { rule: string }[];
}
interface Page {
  results: Entry[];
  _links: { next?: string };
}

describe.each(DIALECTS)('the decision log on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp(dialect, null, { operatorKey: OPERATOR_KEY, decisionLogSize: '5' });
  });
  afterAll(async () => {
    await t.close();
  });
  const fresh = () => createOrg(t, orgDocument(`dl-${++n}`));
  const read = async (org: OrgAccess, query = '', key = `Bearer ${OPERATOR_KEY}`) => {
    const res = await inject(t, 'GET', `/gatehouse/v1/orgs/${org.id}/decision-log${query}`, key);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };

  it('G27 records the denials and soft denials of the Confluence endpoints, with caller, request and reasons', async () => {
    const org = await fresh();
    const started = Date.now();
    expect(
      (
        await wiki(
          t,
          org,
          'GET',
          '/wiki/api/v2/pages/98306?body-format=storage',
          userAuth(org, PAT),
        )
      ).statusCode,
    ).toBe(404);
    const app = org.apps.find((a) => a.ari === EXPORTER)!;
    expect(
      (await wiki(t, org, 'GET', '/wiki/rest/api/content/98305', `Bearer ${app.token}`)).statusCode,
    ).toBe(200);
    expect(
      (await wiki(t, org, 'GET', '/wiki/api/v2/pages/98305', userAuth(org, ADA))).statusCode,
    ).toBe(200);
    await check(t, org, user(PAT), 'read', page('98306'));
    expect(
      (await wiki(t, org, 'GET', '/wiki/api/v2/spaces/10005/pages', userAuth(org, PAT))).statusCode,
    ).toBe(200);
    const { results } = await read(org);
    expect(results).toHaveLength(1);
    const [entry] = results;
    expect(entry).toEqual({
      time: expect.any(String),
      caller: { type: 'user', accountId: PAT, adminKey: false },
      method: 'GET',
      path: `/wiki/api/v2/pages/98306`,
      action: 'read',
      resource: { type: 'page', id: '98306' },
      decision: 'deny',
      reasons: [
        {
          rule: 'R1',
          text: 'not in the read restriction of the page',
          restriction: { contentId: '98306', operation: 'read' },
        },
      ],
    });
    expect(Date.parse(entry!.time)).toBeGreaterThanOrEqual(started - 1000);
    const soft = await operator(t, 'PUT', `/gatehouse/v1/orgs/${org.id}/enforcement`, {
      rules: { restrictions: 'soft' },
    });
    expect(soft.statusCode).toBe(200);
    expect(
      (await wiki(t, org, 'GET', '/wiki/api/v2/pages/98306', userAuth(org, PAT))).statusCode,
    ).toBe(200);
    const after = await read(org);
    expect(after.results.map((e) => e.decision)).toEqual(['soft-deny', 'deny']);
  });

  it('G28 newest first, cursor-paged', async () => {
    const org = await fresh();
    for (const id of ['98306', '98307', '98308', '98320']) {
      expect(
        (await wiki(t, org, 'GET', `/wiki/api/v2/pages/${id}`, userAuth(org, PAT))).statusCode,
      ).toBe(404);
    }
    const first = await read(org, '?limit=3');
    expect(first.results.map((e) => e.resource.id)).toEqual(['98320', '98308', '98307']);
    expect(first._links.next).toMatch(
      new RegExp(`^/gatehouse/v1/orgs/${org.id}/decision-log\\?cursor=.+&limit=3$`),
    );
    const second = await read(org, first._links.next!.slice(first._links.next!.indexOf('?')));
    expect(second).toEqual({
      results: [expect.objectContaining({ resource: { type: 'page', id: '98306' } })],
      _links: {},
    });
    expect((await read(org)).results).toHaveLength(4);
    for (const query of ['?cursor=nonsense', '?limit=0', '?limit=251']) {
      const res = await operator(t, 'GET', `/gatehouse/v1/orgs/${org.id}/decision-log${query}`);
      expect(res.statusCode, query).toBe(400);
    }
  });

  it('G29 bounded: a ring buffer per org keeps the newest --decision-log-size entries', async () => {
    const org = await fresh();
    const ids = ['98306', '98307', '98308', '98320', '98321', '98322', '98306'];
    for (const id of ids) await wiki(t, org, 'GET', `/wiki/api/v2/pages/${id}`, userAuth(org, PAT));
    const { results } = await read(org, '?limit=250');
    expect(results.map((e) => e.resource.id)).toEqual([
      '98306',
      '98322',
      '98321',
      '98320',
      '98308',
    ]);
    const log = new DecisionLog(3);
    const entry = (id: string) => ({
      subject: { type: 'anonymous' as const },
      method: 'GET',
      url: `/wiki/x/${id}`,
      action: 'read' as const,
      resource: { type: 'page' as const, id },
      decision: 'deny' as const,
      reasons: [],
    });
    for (const id of ['1', '2', '3', '4']) log.record('org', entry(id));
    log.record('other', entry('9'));
    expect(log.page('org', undefined, 10).entries.map((e) => e.resource.id)).toEqual([
      '4',
      '3',
      '2',
    ]);
    expect(log.page('other', undefined, 10).entries).toHaveLength(1);
    const off = new DecisionLog(0);
    off.record('org', entry('1'));
    expect(off.page('org', undefined, 10).entries).toEqual([]);
  });

  it("G30 per org: its key or the operator's; a fork starts empty; deleting the org drops it", async () => {
    const org = await fresh();
    const other = await fresh();
    await wiki(t, org, 'GET', '/wiki/api/v2/pages/98306', userAuth(org, PAT));
    expect((await read(org, '', `Bearer ${org.adminApiKeys[0]}`)).results).toHaveLength(1);
    expect((await read(other)).results).toEqual([]);
    const foreign = await inject(
      t,
      'GET',
      `/gatehouse/v1/orgs/${org.id}/decision-log`,
      `Bearer ${other.adminApiKeys[0]}`,
    );
    expect(foreign.statusCode).toBe(404);
    expect(
      (await inject(t, 'GET', `/gatehouse/v1/orgs/${org.id}/decision-log`, undefined)).statusCode,
    ).toBe(401);
    const fork = await forkOrg(t, org.id);
    expect((await read(fork)).results).toEqual([]);
    expect((await operator(t, 'DELETE', `/gatehouse/v1/orgs/${org.id}`)).statusCode).toBe(204);
    const gone = await operator(t, 'GET', `/gatehouse/v1/orgs/${org.id}/decision-log`);
    expect(gone.statusCode).toBe(404);
    expect(gatehouseError(gone).code).toBe('ORG_NOT_FOUND');
    const again = await createOrg(t, orgDocument(`dl-${n - 1}`));
    expect(again.id).toBe(org.id);
    expect((await read(again)).results).toEqual([]);
  });
});
