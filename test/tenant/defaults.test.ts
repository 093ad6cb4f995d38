import { describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { SPACE_OPERATIONS } from '../../src/tenant/schema.js';
import { digestTenant, parseTenantText, TenantFileError } from '../../src/tenant/parse.js';
import { validateTenant } from '../../src/tenant/validate.js';
import { stringify } from 'yaml';
import { openTestStorage } from '../support/harness.js';

/** The least a file may say: every optional field left out. */
const minimal = () => ({
  orgs: [
    {
      id: 'org-min',
      name: 'Min',
      classificationLevels: [{ id: 'lvl', name: 'Secret', order: 1 }],
      users: [{ accountId: 'u1', email: 'u1@min.test', displayName: 'U1' }],
      apps: [{ ari: 'ari:cloud:ecosystem::connect-app/a', key: 'a', name: 'A', token: 'tok-a' }],
      sites: [
        {
          cloudId: 'cloud-min',
          name: 'min',
          products: ['confluence'],
          spaces: [
            {
              id: 'sp-min',
              key: 'MIN',
              name: 'Min',
              pages: [{ id: 'pg-min', title: 'Home' }],
            },
          ],
        },
      ],
    },
  ],
});

describe('tenant file decisions (docs/tenant-file.md)', () => {
  it('T8 defaults: page type, PUBLISHED level, no site admin, no anonymous access, no scopes, not exempt', async () => {
    const test = await openTestStorage('sqlite');
    try {
      await importTenant(test.storage, minimal(), 'minimal');
      const index = await WorldIndex.load(test.storage);
      const org = index.org('org-min')!;
      expect(org.content.get('pg-min')!.type).toBe('page');
      expect(org.levels.get('lvl')!.status).toBe('PUBLISHED');
      expect(org.users.get('u1')!.siteAdmin).toBe(false);
      expect(org.sites.get('cloud-min')!.anonymousAccess).toBe(false);
      const app = org.apps.get('ari:cloud:ecosystem::connect-app/a')!;
      expect([...app.scopes]).toEqual([]);
      expect(app.exempt).toBe(false);
    } finally {
      await test.dispose();
    }
  });

  it('T11 a space operation granted twice to one subject is refused with both paths', () => {
    const doc = minimal();
    const space = doc.orgs[0]!.sites[0]!.spaces[0]! as Record<string, unknown>;
    space.permissions = [
      { accountId: 'u1', operations: ['read', 'update'] },
      { anonymous: true, operations: ['read'] },
      { accountId: 'u1', operations: ['read'] },
      { anonymous: true, operations: ['update', 'update'] },
    ];
    const at = 'orgs[0].sites[0].spaces[0].permissions';
    expect(validateTenant(doc).problems).toEqual([
      `${at}[2].operations[0]: duplicate grant of "read" to user "u1" (already at ${at}[0].operations[0])`,
      `${at}[3].operations[1]: duplicate grant of "update" to anonymous (already at ${at}[3].operations[0])`,
    ]);
  });

  it('T9 space operations: the listed ones are accepted, anything else is refused by path', () => {
    const doc = minimal();
    const space = doc.orgs[0]!.sites[0]!.spaces[0]! as Record<string, unknown>;
    space.permissions = [{ accountId: 'u1', operations: [...SPACE_OPERATIONS] }];
    expect(validateTenant(doc).problems).toEqual([]);
    expect([...SPACE_OPERATIONS].sort()).toEqual(
      [
        'read',
        'update',
        'delete',
        'administer',
        'export',
        'restrict_content',
        'comment',
        'archive',
      ].sort(),
    );
    space.permissions = [{ accountId: 'u1', operations: ['read', 'purge'] }];
    expect(validateTenant(doc).problems).toEqual([
      expect.stringMatching(
        /^orgs\[0\]\.sites\[0\]\.spaces\[0\]\.permissions\[0\]\.operations\[1\]: /,
      ),
    ]);
  });

  it('T10 YAML for .yaml and .yml, JSON otherwise; the same document digests the same', () => {
    const doc = minimal();
    const yaml = stringify(doc);
    const json = JSON.stringify(doc);
    expect(parseTenantText(yaml, 'world.yaml')).toEqual(doc);
    expect(parseTenantText(yaml, 'WORLD.YML')).toEqual(doc);
    expect(parseTenantText(json, 'world.json')).toEqual(doc);
    expect(digestTenant(parseTenantText(yaml, 'w.yml'))).toBe(
      digestTenant(parseTenantText(json, 'w.json')),
    );
    expect(() => parseTenantText(yaml, 'world.json')).toThrow(TenantFileError);
    expect(() => parseTenantText('orgs: [', 'world.yaml')).toThrow(/not valid YAML/);
  });
});
