/**
 * Every Jira operation Gatehouse serves, with what Atlassian's OpenAPI says about it
 * (test/fixtures/atlassian-openapi/jira-v3-governance.json; `test/jira/operations.test.ts`
 * checks this table against it): `appAccessExempt` is the operation's
 * `x-atlassian-data-security-policy` `app-access-rule-exempt` flag (J21), `anonymous` whether its
 * `security` admits an anonymous call (`{}`). The export URLs are not in the document: they read
 * issue content, so appAccess covers them.
 */
export interface JiraOperation {
  readonly operationId: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly appAccessExempt: boolean;
  readonly anonymous: boolean;
}

const op = (
  operationId: string,
  method: JiraOperation['method'],
  path: string,
  appAccessExempt: boolean,
  anonymous: boolean,
): JiraOperation => Object.freeze({ operationId, method, path, appAccessExempt, anonymous });

export const JIRA_OPERATIONS = Object.freeze({
  getAllProjects: op('getAllProjects', 'GET', '/rest/api/3/project', true, true),
  searchProjects: op('searchProjects', 'GET', '/rest/api/3/project/search', true, true),
  getProject: op('getProject', 'GET', '/rest/api/3/project/{projectIdOrKey}', true, true),
  getAllUserDataClassificationLevels: op(
    'getAllUserDataClassificationLevels',
    'GET',
    '/rest/api/3/classification-levels',
    true,
    false,
  ),
  getDefaultProjectClassification: op(
    'getDefaultProjectClassification',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/classification-level/default',
    true,
    false,
  ),
  updateDefaultProjectClassification: op(
    'updateDefaultProjectClassification',
    'PUT',
    '/rest/api/3/project/{projectIdOrKey}/classification-level/default',
    false,
    false,
  ),
  removeDefaultProjectClassification: op(
    'removeDefaultProjectClassification',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/classification-level/default',
    false,
    false,
  ),
  getProjectClassificationConfig: op(
    'getProjectClassificationConfig',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/classification-config',
    true,
    false,
  ),
  getIssue: op('getIssue', 'GET', '/rest/api/3/issue/{issueIdOrKey}', false, true),
  searchAndReconsileIssuesUsingJql: op(
    'searchAndReconsileIssuesUsingJql',
    'GET',
    '/rest/api/3/search/jql',
    false,
    true,
  ),
  searchAndReconsileIssuesUsingJqlPost: op(
    'searchAndReconsileIssuesUsingJqlPost',
    'POST',
    '/rest/api/3/search/jql',
    false,
    true,
  ),
  searchForIssuesUsingJql: op('searchForIssuesUsingJql', 'GET', '/rest/api/3/search', false, true),
  searchForIssuesUsingJqlPost: op(
    'searchForIssuesUsingJqlPost',
    'POST',
    '/rest/api/3/search',
    false,
    true,
  ),
  getAttachment: op('getAttachment', 'GET', '/rest/api/3/attachment/{id}', false, true),
  getAttachmentContent: op(
    'getAttachmentContent',
    'GET',
    '/rest/api/3/attachment/content/{id}',
    false,
    true,
  ),
  getPolicy: op('getPolicy', 'GET', '/rest/api/3/data-policy', true, false),
  getPolicies: op('getPolicies', 'GET', '/rest/api/3/data-policy/project', true, false),
  getMyPermissions: op('getMyPermissions', 'GET', '/rest/api/3/mypermissions', true, true),
  getServerInfo: op('getServerInfo', 'GET', '/rest/api/3/serverInfo', true, true),
  getCurrentUser: op('getCurrentUser', 'GET', '/rest/api/3/myself', true, false),
  /** Not in Atlassian's document: the export URLs of Jira's issue views (§9.3). */
  exportIssue: op('exportIssue', 'GET', '/si/jira.issueviews:issue-*/{key}/{file}', false, true),
  exportSearch: op(
    'exportSearch',
    'GET',
    '/sr/jira.issueviews:searchrequest-*/temp/{file}',
    false,
    true,
  ),
} satisfies Record<string, JiraOperation>);

export type JiraOperationName = keyof typeof JIRA_OPERATIONS;
