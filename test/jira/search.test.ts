import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, demoTenant, startTestApp, type TestApp } from '../support/harness.js';
import { schemaErrors } from '../support/jira-openapi.js';
import { USER } from './fixtures.js';
import { call } from './helpers.js';

/** The demo with 30 more OPS issues (OPS-5 … OPS-34), every third one in "Staff only". */
function tenant() {
  const file = demoTenant();
  const ops = file.orgs[0]!.sites![0]!.projects![0]!;
  for (let n = 5; n <= 34; n++) {
    ops.issues!.push({
      id: String(21000 + n),
      key: `OPS-${n}`,
      summary: n % 2 === 0 ? `Even chore ${n}` : `Odd chore ${n}`,
      status: n % 5 === 0 ? 'Done' : 'To Do',
      labels: n % 2 === 0 ? ['even'] : [],
      assignee: n % 4 === 0 ? USER.pat : null,
      created: new Date(Date.UTC(2026, 1, 1 + ((n * 7) % 30))).toISOString(),
      ...(n % 3 === 0 ? { securityLevel: '10100' } : {}),
    });
  }
  return file;
}

type Search = {
  issues: { id: string; key: string; fields?: Record<string, unknown> }[];
  nextPageToken?: string;
  isLast: boolean;
};
const keys = (s: Search) => s.issues.map((i) => i.key);

describe.each(DIALECTS)('Jira search on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, tenant());
  });
  afterAll(async () => {
    await t.close();
  });
  const jql = (who: 'pat' | 'grace' | 'anonymous', query: string, extra = '') =>
    call(t, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(query)}${extra}`, who);

  it('J22 the JQL subset: fields, operators, functions, AND/OR/NOT, ORDER BY; anything else is a 400 naming it', async () => {
    const cases: [string, string[]][] = [
      ['key = OPS-4', ['OPS-4']],
      ['key in (OPS-3, SEC-1, OPS-4) ORDER BY key DESC', ['OPS-4', 'OPS-3']],
      ['project = OPS AND status = Done AND labels = even', ['OPS-10', 'OPS-20']],
      [
        'project = "Operations" AND assignee = currentUser() ORDER BY key',
        ['OPS-8', 'OPS-16', 'OPS-20', 'OPS-28', 'OPS-32'],
      ],
      ['text ~ "status page"', ['OPS-4']],
      ['(key = OPS-3 OR key = OPS-4) AND NOT status = Done', ['OPS-3']],
      [
        'issuetype = Task AND labels IS EMPTY AND status != "To Do" AND key in (OPS-3, OPS-5, OPS-25)',
        ['OPS-5', 'OPS-25'],
      ],
      ['reporter in (5b10ac8d82e05b22cc7d4ef6) AND labels not in (public)', ['OPS-3']],
      ['assignee IS NOT EMPTY AND key in (OPS-3, OPS-8)', ['OPS-8']],
    ];
    for (const [query, expected] of cases) {
      const res = await jql('pat', query, '&maxResults=100');
      expect(res.status, `${query}: ${res.text}`).toBe(200);
      expect(keys(res.json<Search>()), query).toEqual(expected);
    }
    const unsupported: [string, string][] = [
      ['priority = High', "'priority = High'"],
      ['project = OPS AND summary ~ keys', "'summary ~ keys'"],
      ['status was Done', "'status was Done'"],
      ['assignee = membersOf(engineering)', "'assignee = membersOf(engineering)'"],
      ['project = OPS ORDER BY priority', 'ORDER BY priority'],
      ['project = OPS AND (', 'Expecting a field name'],
      ['project = NOPE', "The value 'NOPE' does not exist for the field 'project'."],
      ['project = SEC', "The value 'SEC' does not exist for the field 'project'."],
      ['status ~ done', "'status ~ done'"],
    ];
    for (const [query, named] of unsupported) {
      const res = await jql('pat', query);
      expect(res.status, query).toBe(400);
      expect(schemaErrors('jira-v3', 'ErrorCollection', res.json())).toEqual([]);
      expect(res.json<{ errorMessages: string[] }>().errorMessages[0], query).toContain(named);
    }
    const deep = await jql('pat', `${'('.repeat(200)}key = OPS-3${')'.repeat(200)}`);
    expect(deep.status).toBe(400);
  });

  it('J23 /search/jql pages with nextPageToken, /search with startAt and total, both filtered by the index', async () => {
    const pages: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await call(t, 'POST', '/rest/api/3/search/jql', 'pat', {
        jql: 'project = OPS',
        maxResults: 6,
        fields: ['summary'],
        ...(token ? { nextPageToken: token } : {}),
      });
      expect(res.status, res.text).toBe(200);
      expect(schemaErrors('jira-v3', 'SearchAndReconcileResults', res.json())).toEqual([]);
      const body = res.json<Search>();
      pages.push(...keys(body));
      token = body.nextPageToken;
      expect(body.isLast).toBe(token === undefined);
      if (!token) break;
    }
    const visible = [
      'OPS-3',
      'OPS-4',
      ...Array.from({ length: 30 }, (_, i) => i + 5)
        .filter((n) => n % 3 !== 0)
        .map((n) => `OPS-${n}`),
    ];
    expect(pages).toEqual(visible);
    const graceAll = await jql('grace', 'project = OPS', '&maxResults=1000');
    expect(keys(graceAll.json<Search>())).toHaveLength(34);
    expect(graceAll.json<Search>().issues[0]).toEqual({
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: '20001',
      self: 'http://localhost:80/rest/api/3/issue/20001',
      key: 'OPS-1',
    });
    const other = await call(t, 'POST', '/rest/api/3/search/jql', 'pat', {
      jql: 'project = OPS AND status = Done',
      nextPageToken: (await jql('pat', 'project = OPS', '&maxResults=2')).json<Search>()
        .nextPageToken,
    });
    expect(other.status).toBe(400);
    expect((await jql('pat', 'project = OPS', '&nextPageToken=garbage')).status).toBe(400);

    const byCreated = await jql(
      'pat',
      'project = OPS ORDER BY created DESC',
      '&maxResults=3&fields=created',
    );
    const created = byCreated.json<Search>().issues.map((i) => String(i.fields!.created));
    expect([...created].sort().reverse()).toEqual(created);
    const nextCreated = await jql(
      'pat',
      'project = OPS ORDER BY created DESC',
      `&maxResults=3&fields=created&nextPageToken=${byCreated.json<Search>().nextPageToken!}`,
    );
    expect(nextCreated.json<Search>().issues).toHaveLength(3);

    const classic = await call(
      t,
      'GET',
      '/rest/api/3/search?jql=project%3DOPS&startAt=4&maxResults=5',
      'pat',
    );
    expect(classic.status).toBe(200);
    expect(schemaErrors('jira-v3', 'SearchResults', classic.json())).toEqual([]);
    const body = classic.json<{
      total: number;
      startAt: number;
      issues: { key: string; fields: Record<string, unknown> }[];
    }>();
    expect(body.total).toBe(visible.length);
    expect(body.issues.map((i) => i.key)).toEqual(visible.slice(4, 9));
    expect(Object.keys(body.issues[0]!.fields)).not.toContain('comment');
    const posted = await call(t, 'POST', '/rest/api/3/search', 'anonymous', {
      jql: 'project = OPS',
      maxResults: 1000,
    });
    expect(posted.json<{ total: number; maxResults: number }>()).toMatchObject({
      total: visible.length,
      maxResults: 100,
    });
    const warn = await call(
      t,
      'GET',
      '/rest/api/3/search?jql=project%3DSEC&validateQuery=warn',
      'pat',
    );
    expect(warn.json()).toMatchObject({ total: 0, issues: [] });
  });

  it('J24 the issue: fields, expand, parent and sub-tasks the caller may see, validated against IssueBean', async () => {
    const res = await call(
      t,
      'GET',
      '/rest/api/3/issue/OPS-1?expand=names,renderedFields',
      'grace',
    );
    expect(res.status).toBe(200);
    expect(schemaErrors('jira-v3', 'IssueBean', res.json())).toEqual([]);
    const issue = res.json<{
      fields: Record<string, unknown>;
      names: Record<string, string>;
      renderedFields: Record<string, unknown>;
    }>();
    expect(issue.fields).toMatchObject({
      summary: 'Rotate the keys',
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'Rotate the signing keys before the audit.' }],
          },
        ],
      },
      issuetype: { name: 'Task', subtask: false },
      status: { name: 'To Do', statusCategory: { key: 'new' } },
      project: { key: 'OPS', id: '10004' },
      labels: ['security'],
      reporter: { accountId: USER.ada, displayName: 'Ada Lovelace', emailAddress: 'ada@acme.test' },
      assignee: { accountId: USER.linus },
      security: { id: '10100', name: 'Staff only' },
      created: '2026-01-05T10:00:00.000+0000',
      updated: '2026-01-06T09:30:00.000+0000',
      subtasks: [{ key: 'OPS-2' }],
      attachment: [{ id: '30001', filename: 'keys.txt', mimeType: 'text/plain', size: 512 }],
      comment: { total: 1, comments: [{ id: '40001', author: { accountId: USER.linus } }] },
    });
    expect(issue.names.summary).toBe('Summary');
    expect(issue.renderedFields.description).toBe(
      '<p>Rotate the signing keys before the audit.</p>',
    );
    const sub = await call(
      t,
      'GET',
      '/rest/api/3/issue/20002?fields=parent,security,issuetype',
      'grace',
    );
    expect(sub.json()).toMatchObject({
      key: 'OPS-2',
      fields: { parent: { key: 'OPS-1' }, security: { id: '10100' }, issuetype: { subtask: true } },
    });
    const few = await call(
      t,
      'GET',
      '/rest/api/3/issue/OPS-3?fields=*navigable,-description',
      'pat',
    );
    const fields = Object.keys(few.json<{ fields: object }>().fields);
    expect(fields).not.toContain('description');
    expect(fields).not.toContain('comment');
    expect(fields).toContain('summary');
    const anonymous = await call(t, 'GET', '/rest/api/3/issue/OPS-3?fields=reporter', 'anonymous');
    expect(
      anonymous.json<{ fields: { reporter: Record<string, unknown> } }>().fields.reporter,
    ).not.toHaveProperty('emailAddress');
  });
});
