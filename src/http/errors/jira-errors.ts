import type { CatalogueEntry } from './entry.js';

/**
 * Errors of the Jira APIs (docs/jira.md), rendered as Jira's `ErrorCollection`
 * (`{"errorMessages":[…],"errors":{}}`). Listed in docs/errors.md.
 */
export const JIRA_ERRORS = {
  JIRA_ISSUE_NOT_FOUND: {
    status: 404,
    meaning:
      'No issue with that id or key on this site, or the caller may not see it (J20): "Issue does not exist or you do not have permission to see it."',
    fix: 'Check the key and the caller’s project permissions, security level and the data security policies.',
  },
  JIRA_PROJECT_NOT_FOUND: {
    status: 404,
    meaning:
      'No project with that id or key on this site, or the caller may not browse it (J20): "No project could be found with key …".',
    fix: 'Check the key and the project’s permission scheme (BROWSE_PROJECTS).',
  },
  JIRA_ATTACHMENT_NOT_FOUND: {
    status: 404,
    meaning:
      'No attachment with that id on this site, or the caller may not see its issue (J20, J25).',
    fix: 'Check the id and the caller’s access to the issue.',
  },
  JIRA_JQL_INVALID: {
    status: 400,
    meaning:
      'The JQL is malformed or uses a clause outside Gatehouse’s subset (J22); the message names the clause.',
    fix: 'Use project, key, issuetype, status, labels, assignee, reporter, text ~, AND/OR/NOT, IN and ORDER BY key|created|updated.',
  },
  JIRA_BAD_REQUEST: {
    status: 400,
    meaning:
      'A parameter of a Jira endpoint is wrong (a page token this server did not issue, an unknown permission key, more than 50 project ids); the message names it.',
    fix: 'Correct the named parameter.',
  },
  JIRA_APPS_ONLY: {
    status: 401,
    meaning:
      'A user or anonymous caller asked `GET /rest/api/3/data-policy…`: "Only apps can access this resource." (J27).',
    fix: 'Call with the app’s own token (Authorization: Bearer <app token>).',
  },
  JIRA_LOGIN_REQUIRED: {
    status: 401,
    meaning:
      'An anonymous caller asked an operation Atlassian does not open to anonymous access (`/myself`, `/classification-levels`, project classification).',
    fix: 'Send Basic email:apiToken or an app Bearer token.',
  },
  JIRA_NOT_PERMITTED: {
    status: 401,
    meaning:
      'The caller may not change the project’s default classification: it needs ADMINISTER_PROJECTS or to be a site admin (J16, J31). Atlassian documents 401 for this.',
    fix: 'Grant ADMINISTER_PROJECTS in the project’s permission scheme, or ask a site admin.',
  },
  JIRA_EXPORT_BLOCKED: {
    status: 403,
    meaning:
      'The caller may see the issue (or some issues of the search), but a published export data security policy blocks exporting it — every one of them for a search export (J12, J26).',
    fix: 'Ask an organization admin about the data security policy named in the message.',
  },
  JIRA_DOWNLOAD_BLOCKED: {
    status: 403,
    meaning:
      'The caller may see the issue, but a published attachmentDownload data security policy blocks downloading its attachments (J13, J25).',
    fix: 'Ask an organization admin about the data security policy named in the message.',
  },
  JIRA_DATA_POLICY_PROJECTS_INVALID: {
    status: 400,
    meaning:
      '`GET /rest/api/3/data-policy/project?ids=` named a project that does not exist on the site or the app may not browse: "Invalid request: some projects are not available or do not exist." (J27).',
    fix: 'Send up to 50 ids of projects the app can see (GET /rest/api/3/project).',
  },
  JIRA_CLASSIFICATION_INVALID: {
    status: 400,
    meaning:
      'The classification level is not one of the organization’s, or is a draft or archived level (J31, J33).',
    fix: 'Use the id (full ARI or bare id) of a PUBLISHED level from GET /rest/api/3/classification-levels.',
  },
  JIRA_RANGE_NOT_SATISFIABLE: {
    status: 416,
    meaning:
      'The `Range` of an attachment content request lies beyond the file: "The requested range is not satisfiable." with `Content-Range: bytes */{size}` (J25).',
    fix: 'Ask for a range inside the file (its size is in the attachment metadata).',
  },
} as const satisfies Record<string, CatalogueEntry>;
