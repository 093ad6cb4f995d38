import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import type { TenantFile } from '../../src/tenant/schema.js';
import { validateTenant } from '../../src/tenant/validate.js';
import {
  DIALECTS,
  demoTenant,
  openTestStorage,
  startTestApp,
  type TestApp,
} from '../support/harness.js';

const problemsOf = (change: (file: TenantFile) => void) => {
  const file = demoTenant();
  change(file);
  return validateTenant(file).problems;
};
const projects = (file: TenantFile) => file.orgs[0]!.sites![0]!.projects!;
const at = 'orgs[0].sites[0].projects';

describe('the Jira part of the tenant file', () => {
  it('T12 projects: one holder per permission entry, Jira’s permission keys, no grant twice, keys per site', () => {
    expect(validateTenant(demoTenant()).problems).toEqual([]);
    expect(
      problemsOf((f) => {
        const ops = projects(f)[0]!;
        ops.permissions!.push({
          group: 'engineering',
          anyone: true,
          permissions: ['BROWSE_PROJECTS'],
        });
        ops.permissions!.push({ group: 'nobody-group', permissions: ['BROWSE_EVERYTHING'] });
        ops.permissions!.push({ accountId: 'ghost', permissions: ['EDIT_ISSUES'] });
        ops.permissions![0]!.permissions.push('EDIT_ISSUES');
        projects(f)[1]!.key = 'OPS';
        projects(f)[1]!.id = '10004';
      }),
    ).toEqual([
      `${at}[0].permissions[0].permissions[3]: duplicate grant of "EDIT_ISSUES" to group "engineering" (already at ${at}[0].permissions[0].permissions[2])`,
      `${at}[0].permissions[4]: name exactly one of "group", "accountId" or "anyone"`,
      `${at}[0].permissions[4].permissions[0]: duplicate grant of "BROWSE_PROJECTS" to group "engineering" (already at ${at}[0].permissions[0].permissions[0])`,
      `${at}[0].permissions[5].group: unknown group "nobody-group" (not a group of org c74e07d8-ddc2-4583-a8bc-5d5405a3907a)`,
      `${at}[0].permissions[5].permissions[0]: unknown permission key "BROWSE_EVERYTHING" (not a Jira project permission)`,
      `${at}[0].permissions[6].accountId: unknown accountId "ghost" (not a user or app user of org c74e07d8-ddc2-4583-a8bc-5d5405a3907a)`,
      `${at}[1].id: duplicate project id "10004" (first at ${at}[0].id)`,
      `${at}[1].key: duplicate project key "OPS" (first at ${at}[0].key)`,
      `${at}[1].issues[0].key: "SEC-1" is not a key of project OPS (OPS-{n})`,
    ]);
    expect(problemsOf((f) => (f.orgs[0]!.sites![0]!.products = ['confluence']))).toEqual([
      'orgs[0].sites[0].projects: a site without the "jira" product carries no projects',
    ]);
    expect(problemsOf((f) => (projects(f)[0]!.key = 'ops'))[0]).toMatch(
      /^orgs\[0\]\.sites\[0\]\.projects\[0\]\.key: /,
    );
  });

  it('T13 issues: keys {PROJECT}-{n} unique per site, ids unique, people, levels and security levels known', () => {
    expect(
      problemsOf((f) => {
        const [ops, sec] = projects(f);
        ops!.issues!.push(
          { id: '20001', key: 'OPS-9', summary: 'Twin id' },
          { id: '20010', key: 'OPS-4', summary: 'Twin key' },
          { id: '20011', key: 'OPS-010', summary: 'Leading zero' },
          {
            id: '20012',
            key: 'OPS-12',
            summary: 'Bad refs',
            reporter: 'ghost',
            classification: 'no-level',
            securityLevel: '99',
          },
        );
        sec!.issues![0]!.attachments = [{ id: '30001', filename: 'twin.txt' }];
        sec!.issues![0]!.comments = [{ id: '40001', body: 'twin', author: 'ghost' }];
      }),
    ).toEqual([
      `${at}[0].issues[4].id: duplicate issue id "20001" (first at ${at}[0].issues[0].id)`,
      `${at}[0].issues[5].key: duplicate issue key "OPS-4" (first at ${at}[0].issues[3].key)`,
      `${at}[0].issues[6].key: "OPS-010" is not a key of project OPS (OPS-{n})`,
      `${at}[0].issues[7].classification: unknown classification level "no-level" (not a level of org c74e07d8-ddc2-4583-a8bc-5d5405a3907a)`,
      `${at}[0].issues[7].securityLevel: unknown security level "99" (not a level of project OPS)`,
      `${at}[0].issues[7].reporter: unknown accountId "ghost" (not a user or app user of org c74e07d8-ddc2-4583-a8bc-5d5405a3907a)`,
      `${at}[1].issues[0].attachments[0].id: duplicate attachment id "30001" (first at ${at}[0].issues[0].attachments[0].id)`,
      `${at}[1].issues[0].comments[0].id: duplicate comment id "40001" (first at ${at}[0].issues[0].comments[0].id)`,
      `${at}[1].issues[0].comments[0].author: unknown accountId "ghost" (not a user or app user of org c74e07d8-ddc2-4583-a8bc-5d5405a3907a)`,
    ]);
    expect(
      problemsOf(
        (f) => ((projects(f)[0]!.issues![0] as Record<string, unknown>).priority = 'High'),
      ),
    ).toEqual([`${at}[0].issues[0].priority: Unexpected property`]);
  });

  it('T14 sub-tasks: the parent is an issue of the same project, not a sub-task; no security level of their own', () => {
    expect(
      problemsOf((f) => {
        const [ops, sec] = projects(f);
        ops!.issues!.push(
          { id: '20020', key: 'OPS-20', summary: 'Orphan', parent: 'OPS-99' },
          { id: '20021', key: 'OPS-21', summary: 'Grandchild', parent: 'OPS-2' },
          { id: '20022', key: 'OPS-22', summary: 'Self', parent: 'OPS-22' },
          {
            id: '20023',
            key: 'OPS-23',
            summary: 'Own level',
            parent: 'OPS-3',
            securityLevel: '10100',
          },
        );
        sec!.issues!.push({ id: '20120', key: 'SEC-20', summary: 'Cross', parent: 'OPS-1' });
      }),
    ).toEqual([
      `${at}[0].issues[4].parent: unknown parent "OPS-99" (not an issue of project OPS)`,
      `${at}[0].issues[5].parent: "OPS-2" is a sub-task: a sub-task cannot have sub-tasks`,
      `${at}[0].issues[6].parent: an issue cannot be its own parent`,
      `${at}[0].issues[7].securityLevel: a sub-task takes its parent’s security level: remove its own`,
      `${at}[1].issues[1].parent: unknown parent "OPS-1" (not an issue of project SEC)`,
    ]);
  });
});

describe.each(DIALECTS)('Jira content through import and export on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('T15 export round-trips Jira content, and what the API changed', async () => {
    const headers = { authorization: 'Bearer gh-demo-admin-key-0001' };
    const org = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
    const put = await t.app.inject({
      method: 'PUT',
      url: `/gatehouse/v1/orgs/${org}/issues/OPS-3/classification-level`,
      headers,
      payload: { id: '3d0f8a39-5b9e-4c44-9f06-0d5a8c2b7e11' },
    });
    expect(put.statusCode).toBe(204);
    const first = await exportTenant(t.storage);
    const ops = first.orgs[0]!.sites![0]!.projects![0]!;
    expect(ops.issues!.find((i) => i.key === 'OPS-3')!.classification).toBe(
      '3d0f8a39-5b9e-4c44-9f06-0d5a8c2b7e11',
    );
    expect(ops.issues!.find((i) => i.key === 'OPS-2')).toMatchObject({
      parent: 'OPS-1',
      issueType: 'Sub-task',
    });
    expect(ops.permissions).toEqual(demoTenant().orgs[0]!.sites![0]!.projects![0]!.permissions);
    expect(ops.securityLevels).toEqual([
      {
        id: '10100',
        name: 'Staff only',
        description: 'Engineering only',
        members: { users: [], groups: ['engineering'] },
      },
    ]);
    const other = await openTestStorage(dialect);
    try {
      await importTenant(other.storage, first, 'exported');
      expect(await exportTenant(other.storage)).toEqual(first);
    } finally {
      await other.dispose();
    }
  });
});
