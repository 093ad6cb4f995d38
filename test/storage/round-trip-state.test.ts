import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import {
  DIALECTS,
  basic,
  openTestStorage,
  startTestApp,
  type TestApp,
} from '../support/harness.js';
import { LEVEL_CONFIDENTIAL, admin, levelAri } from '../admin/helpers.js';
import { withoutLatestImport } from '../support/round-trip.js';

/** T7 on state made through the APIs: policies, resources, restrictions and classification. */
describe.each(DIALECTS)('export of the whole state on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('T7 API writes survive export → import into an empty database → export', async () => {
    const api = admin(t);
    const org = await api.draft({ level: 'ORG', rule: { export: { effect: 'allow' } } });
    const override = await api.draft({
      level: 'CLASSIFICATION',
      rule: { export: { effect: 'block' } },
    });
    await api.resources(override, [
      { operation: 'ADD', resourceAri: levelAri(LEVEL_CONFIDENTIAL) },
    ]);
    expect(
      (
        await api.publish('export', [
          { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
          { policyId: override, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
        ])
      ).statusCode,
    ).toBe(202);
    const draft = await api.draft({ level: 'ORG', rule: { publicLinks: { effect: 'block' } } });
    await api.remove(draft);
    const restricted = await t.app.inject({
      method: 'PUT',
      url: '/wiki/rest/api/content/98305/restriction',
      headers: { authorization: basic('ada@acme.test', 'ada-token') },
      payload: [
        {
          operation: 'update',
          restrictions: { user: [{ accountId: '5b10ac8d82e05b22cc7d4ef6' }] },
        },
      ],
    });
    expect(restricted.statusCode).toBe(200);

    const first = await exportTenant(t.storage);
    const acme = first.orgs[0]! as unknown as {
      policies: { id: string; status: string; resources?: string[] }[];
    };
    expect(acme.policies.map((p) => [p.id, p.status])).toEqual([
      [org, 'published'],
      [override, 'published'],
      [draft, 'deleted'],
    ]);
    expect(acme.policies[1]!.resources).toEqual([levelAri(LEVEL_CONFIDENTIAL)]);
    const home = first.orgs[0]!.sites![0]!.spaces![0]!.pages![0]!;
    expect(home.restrictions?.update?.users).toEqual(
      ['5b10ac8d82e05b22cc7d4ef5', '5b10ac8d82e05b22cc7d4ef6'].sort(),
    );

    const copy = await openTestStorage(dialect);
    try {
      await importTenant(copy.storage, first, 'export');
      expect(withoutLatestImport(await exportTenant(copy.storage))).toEqual(first);
    } finally {
      await copy.dispose();
    }
  });
});
