import { createCloudClient, SchemaMismatchError } from 'jira.js';
import { Version3Client } from 'jira.js-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, listenTestApp, type TestApp } from '../support/harness.js';

const CLOUD = 'ee3c3183-3d6e-4077-8053-676d62c40929';
const CONFIDENTIAL = 'ari:cloud:platform::classification-tag/28a6d272-0d95-4a81-baea-a0660f490afc';
const PUBLIC = 'ari:cloud:platform::classification-tag/3d0f8a39-5b9e-4c44-9f06-0d5a8c2b7e11';

/**
 * docs/jira.md "Clients": the real `jira.js` clients, unmodified, against a real Gatehouse
 * socket. 6.2.0 validates every answer (`onSchemaMismatch: 'throw'`); 5.4.0 drives the
 * classification operations 6.x does not generate.
 */
describe.each(DIALECTS)('jira.js against Gatehouse on %s', (dialect) => {
  let t: TestApp & { url: string };
  beforeAll(async () => {
    t = await listenTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });
  const grace = () =>
    createCloudClient({
      host: t.url,
      auth: { type: 'basic', email: 'grace@acme.test', apiToken: 'grace-token' },
      onSchemaMismatch: 'throw',
    });
  const exporter = (host = t.url) =>
    createCloudClient({
      host,
      auth: { type: 'bearer', token: 'exporter-app-token' },
      onSchemaMismatch: 'throw',
    });

  it('6.2.0: projects, project search, issue, JQL search, attachments, data policies', async () => {
    const client = grace();
    const page = await client.projects.searchProjects({ orderBy: 'key' });
    expect(page.values?.map((p) => p.key)).toEqual(['OPS', 'SEC']);
    expect(page.total).toBe(2);
    const project = await client.projects.getProject({ projectIdOrKey: 'OPS' });
    expect(project).toMatchObject({ id: '10004', key: 'OPS', name: 'Operations' });

    const issue = await client.issues.getIssue({ issueIdOrKey: 'OPS-1' });
    expect(issue.key).toBe('OPS-1');
    expect(issue.fields?.summary).toBe('Rotate the keys');

    const first = await client.issueSearch.searchAndReconsileIssuesUsingJql({
      jql: 'project = OPS ORDER BY key',
      maxResults: 2,
      fields: ['summary', 'status'],
    });
    expect(first.issues?.map((i) => i.key)).toEqual(['OPS-1', 'OPS-2']);
    const second = await client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql: 'project = OPS ORDER BY key',
      maxResults: 2,
      fields: ['summary'],
      nextPageToken: first.nextPageToken ?? undefined,
    });
    expect(second.issues?.map((i) => i.key)).toEqual(['OPS-3', 'OPS-4']);
    expect(second.isLast).toBe(true);

    const metadata = await client.issueAttachments.getAttachment({ id: '30002' });
    expect(metadata).toMatchObject({ filename: 'window.pdf', mimeType: 'application/pdf' });
    const followed = await client.issueAttachments.getAttachmentContent({ id: '30002' });
    expect(Buffer.from(followed as Uint8Array).toString('utf8')).toContain('window.pdf');
    const direct = await client.issueAttachments.getAttachmentContent({
      id: '30002',
      redirect: false,
    });
    expect(Buffer.from(direct as Uint8Array).toString('utf8')).toContain('Gatehouse placeholder');

    const mine = await client.permissions.getMyPermissions({
      permissions: 'BROWSE_PROJECTS',
      issueKey: 'OPS-1',
    });
    expect(mine.permissions?.BROWSE_PROJECTS?.havePermission).toBe(true);
    expect((await client.serverInfo.getServerInfo()).deploymentType).toBe('Cloud');
    expect((await client.myself.getCurrentUser()).accountId).toBe('5b10ac8d82e05b22cc7d4ef6');

    const app = exporter(`${t.url}/ex/jira/${CLOUD}`);
    expect(await app.appDataPolicies.getPolicy()).toEqual({ anyContentBlocked: false });
    const policies = await app.appDataPolicies.getPolicies({ ids: '10004' });
    expect(policies.projectDataPolicies).toEqual([
      { id: 10004, dataPolicy: { anyContentBlocked: false } },
    ]);
    await expect(client.appDataPolicies.getPolicy()).rejects.toMatchObject({ status: 401 });
    await expect(client.issues.getIssue({ issueIdOrKey: 'OPS-99' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(client.issues.getIssue({ issueIdOrKey: 'OPS-1' })).resolves.toBeDefined();
    expect(SchemaMismatchError).toBeDefined();
  });

  it('5.4.0: classification levels and the project default', async () => {
    const v5 = new Version3Client({
      host: t.url,
      authentication: { basic: { email: 'ada@acme.test', apiToken: 'ada-token' } },
    });
    const levels = await v5.classificationLevels.getAllUserDataClassificationLevels({
      orderBy: 'rank',
    });
    expect(levels.classifications?.map((l) => l.name)).toEqual([
      'Highly confidential',
      'Confidential',
      'Internal',
      'Public',
    ]);
    expect(levels.classifications?.[1]?.id).toBe(CONFIDENTIAL);
    const before = (await v5.projectClassificationLevels.getDefaultProjectClassification({
      projectIdOrKey: 'OPS',
    })) as { classification?: { id: string } };
    expect(before.classification?.id).toBe(CONFIDENTIAL);
    await v5.projectClassificationLevels.updateDefaultProjectClassification({
      projectIdOrKey: 'OPS',
      id: PUBLIC,
    });
    const after = (await v5.projectClassificationLevels.getDefaultProjectClassification({
      projectIdOrKey: 'OPS',
    })) as { classification?: { id: string } };
    expect(after.classification?.id).toBe(PUBLIC);
    await v5.projectClassificationLevels.removeDefaultProjectClassification({
      projectIdOrKey: 'OPS',
    });
    expect(
      await v5.projectClassificationLevels.getDefaultProjectClassification({
        projectIdOrKey: 'OPS',
      }),
    ).toEqual({});
    const grace = new Version3Client({
      host: t.url,
      authentication: { basic: { email: 'grace@acme.test', apiToken: 'grace-token' } },
    });
    await expect(
      grace.projectClassificationLevels.updateDefaultProjectClassification({
        projectIdOrKey: 'OPS',
        id: PUBLIC,
      }),
    ).rejects.toMatchObject({ status: 401 });
  });
});
