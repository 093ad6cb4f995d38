import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { schemaErrors } from '../support/jira-openapi.js';
import { JIRA_ARI, LEVEL, PROJECT } from './fixtures.js';
import { call, publishOverride } from './helpers.js';

const LEVEL_ARI = (id: string) => `ari:cloud:platform::classification-tag/${id}`;

describe.each(DIALECTS)(
  'Jira attachments, exports, data policies, permissions on %s',
  (dialect) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('J25 attachment metadata, then its content: 303 to the download URL, 200 with redirect=false, ranges; blocked → 403', async () => {
      const meta = await call(t, 'GET', '/rest/api/3/attachment/30002', 'pat');
      expect(meta.status).toBe(200);
      expect(schemaErrors('jira-v3', 'AttachmentMetadata', meta.json())).toEqual([]);
      expect(meta.json()).toMatchObject({
        id: 30002,
        filename: 'window.pdf',
        mimeType: 'application/pdf',
        size: 20480,
      });
      const redirect = await call(t, 'GET', '/rest/api/3/attachment/content/30002', 'pat');
      expect(redirect.status).toBe(303);
      const location = String(redirect.headers.location);
      expect(location).toBe(
        'http://localhost:80/rest/api/3/attachment/content/30002?redirect=false',
      );
      const bytes = await call(t, 'GET', location.replace('http://localhost:80', ''), 'pat');
      expect(bytes.status).toBe(200);
      expect(bytes.headers['content-type']).toBe('application/pdf');
      expect(bytes.text).toContain('Gatehouse placeholder for Jira attachment 30002 "window.pdf"');
      const range = await call(
        t,
        'GET',
        '/rest/api/3/attachment/content/30002?redirect=false',
        'pat',
        undefined,
        { range: 'bytes=0-8' },
      );
      expect(range.status).toBe(206);
      expect(range.text).toBe('Gatehouse');
      const far = await call(
        t,
        'GET',
        '/rest/api/3/attachment/content/30002?redirect=false',
        'pat',
        undefined,
        { range: 'bytes=90000-' },
      );
      expect(far.status).toBe(416);
      expect(
        (
          await call(
            t,
            'GET',
            '/rest/api/3/attachment/content/30002?redirect=false',
            'pat',
            undefined,
            { range: 'lines=1' },
          )
        ).status,
      ).toBe(400);

      await publishOverride(t, 'attachmentDownload', 'CONTAINER', [JIRA_ARI.project(PROJECT.ops)]);
      const blocked = await call(t, 'GET', '/rest/api/3/attachment/content/30002', 'pat');
      expect(blocked.status).toBe(403);
      expect(blocked.json<{ errorMessages: string[] }>().errorMessages[0]).toMatch(
        /^Downloading attachments of OPS-3 is blocked by your organization's data security policy \("CONTAINER attachmentDownload block/,
      );
      expect((await call(t, 'GET', '/rest/api/3/attachment/30002', 'pat')).status).toBe(200);
      expect((await call(t, 'GET', '/rest/api/3/attachment/content/30002', 'fiona')).status).toBe(
        403,
      );
      expect((await call(t, 'GET', '/rest/api/3/attachment/content/30001', 'fiona')).status).toBe(
        404,
      );
    });

    it('J26 exports by URL: one issue 403 naming the policy; a search leaves blocked issues out and counts them', async () => {
      const xml = await call(t, 'GET', '/si/jira.issueviews:issue-xml/OPS-3/OPS-3.xml', 'grace');
      expect(xml.status).toBe(200);
      expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(xml.text).toContain('<key id="20003">OPS-3</key>');
      const word = await call(t, 'GET', '/si/jira.issueviews:issue-word/OPS-3/OPS-3.doc', 'grace');
      expect(word.headers['content-type']).toBe('application/vnd.ms-word; charset=utf-8');
      expect(word.text).toContain('<h1>[OPS-3] Plan the Q3 maintenance window</h1>');
      expect(
        (await call(t, 'GET', '/si/jira.issueviews:issue-html/OPS-3/OPS-4.html', 'grace')).status,
      ).toBe(404);

      await publishOverride(t, 'export', 'CLASSIFICATION', [LEVEL_ARI(LEVEL.confidential)]);
      const blocked = await call(
        t,
        'GET',
        '/si/jira.issueviews:issue-html/OPS-3/OPS-3.html',
        'grace',
      );
      expect(blocked.status).toBe(403);
      expect(blocked.json<{ errorMessages: string[] }>().errorMessages[0]).toContain(
        'Exporting OPS-3 is blocked by your organization',
      );
      expect(
        (await call(t, 'GET', '/si/jira.issueviews:issue-html/OPS-1/OPS-1.html', 'fiona')).status,
      ).toBe(404);

      const csv = await call(
        t,
        'GET',
        '/sr/jira.issueviews:searchrequest-csv-all-fields/temp/SearchRequest.csv?jqlQuery=project%3DOPS',
        'grace',
      );
      expect(csv.status).toBe(200);
      expect(csv.headers['x-gatehouse-omitted-issues']).toBe('2');
      const rows = csv.text.trim().split('\r\n');
      expect(rows[0]).toMatch(/^Summary,Issue key,Issue id/);
      expect(rows.slice(1).map((r) => r.split(',')[1])).toEqual(['OPS-1', 'OPS-4']);
      const all = await call(
        t,
        'GET',
        '/sr/jira.issueviews:searchrequest-xml/temp/SearchRequest.xml?jqlQuery=key%20in%20(OPS-2,OPS-3)',
        'grace',
      );
      expect(all.status).toBe(403);
      const fiona = await call(
        t,
        'GET',
        '/sr/jira.issueviews:searchrequest-xml/temp/SearchRequest.xml?jqlQuery=project%3DOPS&tempMax=1',
        'fiona',
      );
      expect(fiona.status).toBe(200);
      expect(fiona.text.match(/<item>/g)).toHaveLength(1);
      expect(
        (
          await call(
            t,
            'GET',
            '/sr/jira.issueviews:searchrequest-xml/temp/SearchRequest.xml?jqlQuery=priority%3D1',
            'grace',
          )
        ).status,
      ).toBe(400);
    });

    it('J27 app data policies: apps only (401 otherwise), per workspace and per project', async () => {
      for (const who of ['ada', 'anonymous'] as const) {
        const res = await call(t, 'GET', '/rest/api/3/data-policy', who);
        expect(res.status).toBe(401);
        expect(res.json()).toEqual({
          errorMessages: ['Only apps can access this resource.'],
          errors: {},
        });
      }
      expect((await call(t, 'GET', '/rest/api/3/data-policy', 'reports')).status).toBe(401);
      const before = await call(t, 'GET', '/rest/api/3/data-policy/project?ids=10004', 'exporter');
      expect(schemaErrors('jira-v3', 'ProjectDataPolicies', before.json())).toEqual([]);
      expect(before.json()).toEqual({
        projectDataPolicies: [{ id: 10004, dataPolicy: { anyContentBlocked: false } }],
      });
      await publishOverride(t, 'appAccess', 'CONTAINER', [JIRA_ARI.project(PROJECT.ops)]);
      const workspace = await call(t, 'GET', '/rest/api/3/data-policy', 'exporter');
      expect(schemaErrors('jira-v3', 'WorkspaceDataPolicy', workspace.json())).toEqual([]);
      expect(workspace.json()).toEqual({ anyContentBlocked: true });
      const after = await call(t, 'GET', '/rest/api/3/data-policy/project', 'exporter');
      expect(after.json()).toEqual({
        projectDataPolicies: [{ id: 10004, dataPolicy: { anyContentBlocked: true } }],
      });
      const hidden = await call(
        t,
        'GET',
        '/rest/api/3/data-policy/project?ids=10004,10010',
        'exporter',
      );
      expect(hidden.status).toBe(400);
      expect(hidden.json()).toEqual({
        errorMessages: ['Invalid request: some projects are not available or do not exist.'],
        errors: {},
      });
      const many = Array.from({ length: 51 }, (_, i) => String(i)).join(',');
      expect(
        (await call(t, 'GET', `/rest/api/3/data-policy/project?ids=${many}`, 'exporter')).status,
      ).toBe(400);
    });

    it('J28 my permissions: in an issue, a project or anywhere; 404 when hidden; 400 for bad keys', async () => {
      const perms = async (who: 'pat' | 'grace' | 'ada' | 'sam' | 'anonymous', query: string) =>
        call(t, 'GET', `/rest/api/3/mypermissions?${query}`, who);
      const have = (res: Awaited<ReturnType<typeof perms>>, key: string) =>
        res.json<{ permissions: Record<string, { havePermission: boolean }> }>().permissions[key]!
          .havePermission;
      const grace = await perms(
        'grace',
        'permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS&issueKey=OPS-1',
      );
      expect(grace.status).toBe(200);
      expect(schemaErrors('jira-v3', 'Permissions', grace.json())).toEqual([]);
      expect([
        have(grace, 'BROWSE_PROJECTS'),
        have(grace, 'EDIT_ISSUES'),
        have(grace, 'ADMINISTER_PROJECTS'),
      ]).toEqual([true, true, false]);
      expect((await perms('pat', 'permissions=BROWSE_PROJECTS&issueKey=OPS-1')).status).toBe(404);
      expect(
        have(await perms('pat', 'permissions=EDIT_ISSUES&projectKey=OPS'), 'EDIT_ISSUES'),
      ).toBe(false);
      expect(
        have(await perms('ada', 'permissions=ADMINISTER_PROJECTS'), 'ADMINISTER_PROJECTS'),
      ).toBe(true);
      expect(have(await perms('sam', 'permissions=ADMINISTER'), 'ADMINISTER')).toBe(true);
      expect(
        have(
          await perms('anonymous', 'permissions=BROWSE_PROJECTS&projectId=10004'),
          'BROWSE_PROJECTS',
        ),
      ).toBe(true);
      expect((await perms('pat', 'permissions=SEE_EVERYTHING')).status).toBe(400);
      expect((await perms('pat', '')).status).toBe(400);
    });

    it('J29 myself and serverInfo', async () => {
      const me = await call(t, 'GET', '/rest/api/3/myself', 'ada');
      expect(schemaErrors('jira-v3', 'User', me.json())).toEqual([]);
      expect(me.json()).toMatchObject({
        accountId: '5b10ac8d82e05b22cc7d4ef5',
        emailAddress: 'ada@acme.test',
        accountType: 'atlassian',
        active: true,
      });
      expect((await call(t, 'GET', '/rest/api/3/myself', 'exporter')).status).toBe(401);
      const info = await call(t, 'GET', '/rest/api/3/serverInfo');
      expect(info.status).toBe(200);
      expect(schemaErrors('jira-v3', 'ServerInformation', info.json())).toEqual([]);
      expect(info.json()).toMatchObject({
        deploymentType: 'Cloud',
        baseUrl: 'http://localhost:80',
      });
    });
  },
);
