import { createV1Client } from 'confluence.js';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../../src/testing/index.js';
import { DIALECTS, demoTenant } from '../support/harness.js';
import { createTestDatabase } from '../support/postgres-cluster.js';

const ADA = '5b10ac8d82e05b22cc7d4ef5';
const PAT = '5b10ac8d82e05b22cc7d4efa';
const FINANCE = '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b02';

/**
 * Every contentRestrictions method of confluence.js, unmodified, with its response validation on,
 * against `gatehouse/testing`: one server, a fork of the demo org per test (G31), reached through
 * the gateway form of its own site.
 */
describe.each(DIALECTS)('confluence.js contentRestrictions against Gatehouse on %s', (dialect) => {
  let gatehouse: Gatehouse;
  let database: { url: string; drop(): Promise<void> } | null = null;
  let client: ReturnType<typeof createV1Client>;
  beforeAll(async () => {
    if (dialect === 'postgres') database = await createTestDatabase(inject('postgresUrl'));
    gatehouse = await startGatehouse({
      tenant: demoTenant(),
      ...(database ? { databaseUrl: database.url } : {}),
    });
  });
  beforeEach(async () => {
    const org = await gatehouse.fork(gatehouse.orgs[0]!.id);
    const ada = org.users.find((u) => u.accountId === ADA)!;
    client = createV1Client({
      host: gatehouse.confluenceUrl(org.sites[0]!.cloudId),
      auth: { type: 'basic', email: ada.email!, apiToken: ada.apiToken! },
    });
  });
  afterAll(async () => {
    await gatehouse.close();
    await database?.drop();
  });

  it('reads restrictions: getRestrictions, getRestrictionsByOperation, getRestrictionsForOperation', async () => {
    const all = await client.contentRestrictions.getRestrictions({
      id: '98306',
      expand: ['restrictions.user', 'restrictions.group', 'content'],
    });
    expect(all.results.map((r) => r.operation)).toEqual(['read', 'update']);
    expect(all.results[0]!.restrictions?.group?.results.map((g) => g.name)).toEqual([
      'engineering',
    ]);
    expect(all.results[0]!.content?.id).toBe('98306');
    const byOperation = await client.contentRestrictions.getRestrictionsByOperation({
      id: '98306',
    });
    expect(byOperation.read?.restrictions?.user?.results[0]?.accountId).toBe(
      '5b10ac8d82e05b22cc7d4ef7',
    );
    const read = await client.contentRestrictions.getRestrictionsForOperation({
      id: '98307',
      operationKey: 'update',
      start: 0,
      limit: 10,
    });
    expect(read.restrictions?.user?.results.map((u) => u.accountId)).toEqual([ADA]);
  });

  it('writes restrictions: addRestrictions, updateRestrictions, deleteRestrictions', async () => {
    const added = await client.contentRestrictions.addRestrictions({
      id: '98309',
      body: [
        {
          operation: 'read',
          restrictions: {
            user: [{ type: 'known', accountId: PAT }],
            group: [{ type: 'group', id: FINANCE }],
          },
        },
      ],
    } as never);
    const read = added.results.find((r) => r.operation === 'read')!;
    // Ada is kept in the list she would otherwise be locked out of (R18).
    expect(read.restrictions?.user?.results.map((u) => u.accountId).sort()).toEqual(
      [ADA, PAT].sort(),
    );
    const updated = await client.contentRestrictions.updateRestrictions({
      id: '98309',
      body: [{ operation: 'read', restrictions: { user: [{ type: 'known', accountId: ADA }] } }],
    } as never);
    expect(
      updated.results
        .find((r) => r.operation === 'read')!
        .restrictions?.user?.results.map((u) => u.accountId),
    ).toEqual([ADA]);
    expect(updated.restrictionsHash).not.toBe(added.restrictionsHash);
    const deleted = await client.contentRestrictions.deleteRestrictions({ id: '98309' });
    expect(
      deleted.results.every(
        (r) => (r.restrictions?.user?.size ?? 0) === 0 && (r.restrictions?.group?.size ?? 0) === 0,
      ),
    ).toBe(true);
  });

  it('group membership by id: get, add, remove', async () => {
    const ops = client.contentRestrictions;
    await ops.addGroupToContentRestrictionByGroupId({
      id: '98305',
      operationKey: 'update',
      groupId: FINANCE,
    });
    await ops.getIndividualGroupRestrictionStatusByGroupId({
      id: '98305',
      operationKey: 'update',
      groupId: FINANCE,
    });
    await ops.removeGroupFromContentRestriction({
      id: '98305',
      operationKey: 'update',
      groupId: FINANCE,
    });
    await expect(
      ops.getIndividualGroupRestrictionStatusByGroupId({
        id: '98305',
        operationKey: 'update',
        groupId: FINANCE,
      }),
    ).rejects.toThrow();
  });

  it('user membership: get, add, remove', async () => {
    const ops = client.contentRestrictions;
    await ops.addUserToContentRestriction({ id: '98305', operationKey: 'read', accountId: PAT });
    await ops.getContentRestrictionStatusForUser({
      id: '98305',
      operationKey: 'read',
      accountId: PAT,
    });
    await ops.removeUserFromContentRestriction({
      id: '98305',
      operationKey: 'read',
      accountId: PAT,
    });
    await expect(
      ops.getContentRestrictionStatusForUser({ id: '98305', operationKey: 'read', accountId: PAT }),
    ).rejects.toThrow();
  });
});
