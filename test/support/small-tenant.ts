import type { TenantFile } from '../../src/tenant/schema.js';

/** A small world for storage tests: one org, one site, one space, a three-level tree. */
export function smallTenant(orgId = 'org-small', prefix = ''): TenantFile {
  const id = (s: string) => `${prefix}${s}`;
  return {
    orgs: [
      {
        id: orgId,
        name: 'Small',
        adminApiKeys: [id('admin-key-small')],
        classificationLevels: [
          { id: id('lvl-secret'), name: 'Secret', order: 1, color: 'RED', status: 'PUBLISHED' },
        ],
        users: [
          {
            accountId: id('u-ada'),
            email: `${id('ada')}@small.test`,
            displayName: 'Ada',
            apiToken: 'ada-token',
          },
          {
            accountId: id('u-bob'),
            email: `${id('bob')}@small.test`,
            displayName: 'Bob',
            siteAdmin: true,
          },
        ],
        groups: [{ id: id('g-eng'), name: 'eng', members: [id('u-ada')] }],
        apps: [
          {
            ari: `ari:cloud:ecosystem::connect-app/${id('reader')}`,
            key: id('reader'),
            name: 'Reader',
            token: id('reader-token'),
            accountId: id('app-reader'),
            scopes: ['read:confluence-content.all'],
          },
        ],
        sites: [
          {
            cloudId: id('cloud-1'),
            name: `${id('small')}`.toLowerCase(),
            products: ['confluence', 'jira'],
            spaces: [
              {
                id: id('100'),
                key: 'ENG',
                name: 'Engineering',
                defaultClassification: id('lvl-secret'),
                permissions: [
                  { group: 'eng', operations: ['read', 'update'] },
                  { accountId: id('u-bob'), operations: ['read'] },
                ],
                pages: [
                  {
                    id: id('1'),
                    title: 'Home',
                    body: '<p>home</p>',
                    restrictions: { read: { users: [id('u-ada')], groups: ['eng'] } },
                    attachments: [
                      {
                        id: id('att-1'),
                        title: 'plan.pdf',
                        mediaType: 'application/pdf',
                        fileSize: 10,
                      },
                    ],
                    children: [
                      {
                        id: id('2'),
                        title: 'Child',
                        classification: id('lvl-secret'),
                        restrictions: { update: { users: [id('u-ada')] } },
                        children: [
                          {
                            id: id('3'),
                            title: 'Grandchild',
                            publicLink: { id: id('pl-1'), enabled: true },
                          },
                        ],
                      },
                    ],
                  },
                  { id: id('9'), title: 'News', type: 'blogpost' },
                ],
              },
            ],
            projects: [{ id: '10004', key: 'OPS', name: 'Operations', projectType: 'software' }],
          },
        ],
        policies: [
          {
            id: id('6d338cb1-501a-4017-bafd-d1ddcbb9f0aa'),
            name: 'Org export',
            status: 'published',
            coverageLevel: 'ORG',
            rule: { export: { effect: 'allow' } },
            createdAt: '2026-01-01T00:00:00.000Z',
          },
        ],
      },
    ],
  };
}
