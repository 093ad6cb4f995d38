import { describe, expect, it } from 'vitest';
import { validateTenant } from '../../src/tenant/validate.js';

const base = () => ({
  orgs: [
    {
      id: 'org-1',
      name: 'Acme',
      adminApiKeys: ['admin-key-0001'],
      classificationLevels: [{ id: 'lvl-1', name: 'Secret', order: 1 }],
      users: [
        { accountId: 'u1', email: 'ada@acme.test', displayName: 'Ada', apiToken: 't1' },
        { accountId: 'u2', email: 'bob@acme.test', displayName: 'Bob' },
      ],
      groups: [{ id: 'g1', name: 'eng', members: ['u1'] }],
      apps: [
        {
          ari: 'ari:cloud:ecosystem::connect-app/x',
          key: 'x',
          name: 'X',
          token: 'app-t',
          accountId: 'app-u',
          scopes: ['read:confluence-content.all'],
        },
      ],
      sites: [
        {
          cloudId: 'c1',
          name: 'acme',
          products: ['confluence' as const],
          spaces: [
            {
              id: 's1',
              key: 'ENG',
              name: 'Eng',
              permissions: [{ group: 'eng', operations: ['read' as const] }],
              pages: [
                {
                  id: 'p1',
                  title: 'Home',
                  restrictions: { read: { users: ['u1', 'app-u'], groups: ['eng'] } },
                  children: [{ id: 'p2', title: 'Child', classification: 'lvl-1' }],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
});

describe('tenant file validation', () => {
  it('accepts a file that keeps the contract', () => {
    expect(validateTenant(base()).problems).toEqual([]);
  });

  it('T1 names every structural problem by path, unknown fields included', () => {
    const doc = base() as unknown as { orgs: Record<string, unknown>[] };
    doc.orgs[0]!.name = 5;
    doc.orgs[0]!.colour = 'red';
    const problems = validateTenant(doc).problems;
    expect(problems).toContainEqual(expect.stringMatching(/^orgs\[0\]\.name: /));
    expect(problems).toContainEqual(expect.stringMatching(/^orgs\[0\]\.colour: /));
  });

  it('T3 lists every duplicate id and every unknown reference at once', () => {
    const doc = base();
    const space = doc.orgs[0]!.sites[0]!.spaces[0]!;
    space.pages[0]!.children.push({ id: 'p1', title: 'Dup', classification: 'nope' });
    space.pages[0]!.restrictions.read.groups.push('ghosts');
    space.pages[0]!.restrictions.read.users.push('nobody');
    doc.orgs[0]!.groups[0]!.members.push('u9');
    const problems = validateTenant(doc).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'orgs[0].sites[0].spaces[0].pages[0].children[1].id: duplicate id "p1" (first at orgs[0].sites[0].spaces[0].pages[0].id)',
        expect.stringMatching(/children\[1\]\.classification: unknown classification level "nope"/),
        expect.stringMatching(
          /pages\[0\]\.restrictions\.read\.groups\[1\]: unknown group "ghosts"/,
        ),
        expect.stringMatching(
          /pages\[0\]\.restrictions\.read\.users\[2\]: unknown accountId "nobody"/,
        ),
        expect.stringMatching(/^orgs\[0\]\.groups\[0\]\.members\[1\]: unknown accountId "u9"/),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('T4 refuses a blog post under a page (and a permission naming two subjects)', () => {
    const doc = base();
    const space = doc.orgs[0]!.sites[0]!.spaces[0]!;
    (space.pages[0]!.children[0] as Record<string, unknown>).type = 'blogpost';
    (space.permissions[0] as Record<string, unknown>).accountId = 'u1';
    const problems = validateTenant(doc).problems;
    expect(problems).toContainEqual(
      'orgs[0].sites[0].spaces[0].pages[0].children[0].type: a blog post has no parent: list it under the space',
    );
    expect(problems).toContainEqual(
      'orgs[0].sites[0].spaces[0].permissions[0]: name exactly one of "group", "accountId" or "anonymous"',
    );
  });

  it('T2 keeps org ids, site names, cloudIds and admin keys unique across orgs, other ids per org', () => {
    const doc = base();
    const second = structuredClone(doc.orgs[0]!);
    second.id = 'org-2';
    doc.orgs.push(second);
    const problems = validateTenant(doc).problems;
    for (const field of ['cloudId', 'name', 'adminApiKeys[0]']) {
      expect(problems.some((p) => p.startsWith('orgs[1].') && p.includes(field))).toBe(true);
    }
    for (const field of ['email', 'token', 'accountId', 'pages[0].id']) {
      expect(
        problems.some((p) => p.includes(field)),
        field,
      ).toBe(false);
    }
    doc.orgs[1]!.id = doc.orgs[0]!.id;
    expect(validateTenant(doc).problems.some((p) => p.startsWith('orgs[1].id:'))).toBe(true);
    const own = structuredClone(base().orgs[0]!);
    own.id = 'org-3';
    own.adminApiKeys = ['org-3-admin-key'];
    for (const site of own.sites ?? []) {
      site.cloudId = `org-3-${site.cloudId}`;
      site.name = `org3-${site.name}`;
    }
    expect(validateTenant({ orgs: [base().orgs[0]!, own] }).problems).toEqual([]);
  });
});

describe('tenant file policies', () => {
  it('keep the Admin API shape rules and name only things of the file', () => {
    const doc = base();
    (doc.orgs[0] as Record<string, unknown>).policies = [
      {
        id: 'p1',
        name: 'ok',
        status: 'published',
        coverageLevel: 'CONTAINER',
        rule: { export: { effect: 'block' } },
        resources: ['ari:cloud:confluence:c1:space/s1'],
      },
      {
        id: 'p2',
        name: 'two rules',
        status: 'draft',
        coverageLevel: 'CONTAINER',
        rule: { export: { effect: 'block' }, publicLinks: { effect: 'block' } },
      },
      {
        id: 'p3',
        name: 'bad ari',
        status: 'draft',
        coverageLevel: 'CLASSIFICATION',
        rule: { export: { effect: 'block' } },
        resources: ['ari:cloud:platform::classification-tag/none'],
      },
    ];
    const problems = validateTenant(doc).problems;
    expect(problems).toEqual([
      expect.stringMatching(
        /^orgs\[0\]\.policies\[1\]: rule: a CONTAINER policy carries exactly one rule/,
      ),
      expect.stringMatching(
        /^orgs\[0\]\.policies\[2\]: resources\[0\]: .* names nothing in this organization/,
      ),
    ]);
  });
});
