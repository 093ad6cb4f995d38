import type { CatalogueEntry } from './entry.js';

/** Errors of the Confluence APIs (restrictions, content, decisions). Listed in docs/errors.md. */
export const CONFLUENCE_ERRORS = {
  CONTENT_NOT_FOUND: {
    status: 404,
    meaning:
      'No content with that id on this site, or the caller may not view it: the same answer, so existence does not leak.',
    fix: 'Check the id and the caller’s access.',
  },
  ATTACHMENT_DOWNLOAD_BLOCKED: {
    status: 403,
    meaning:
      'The caller may view the page, but a published attachmentDownload data security policy blocks downloading its attachments (D10).',
    fix: 'Ask an organization admin about the data security policy named in the message.',
  },
  PERMISSION_CHECK_FORBIDDEN: {
    status: 403,
    meaning:
      'A user who is not a Confluence administrator asked POST …/permission/check about another user or a group.',
    fix: 'Check your own permissions, or ask a site admin.',
  },
  RESTRICTION_FORBIDDEN: {
    status: 403,
    meaning:
      'The caller may view the content but not edit it, on an endpoint where Confluence answers 403 (DELETE …/restriction, byGroupId writes).',
    fix: 'Ask for edit permission (space update and the page’s update restriction).',
  },
  RESTRICTION_INVALID: {
    status: 400,
    meaning:
      'A restriction body or parameter is wrong: not an array, unknown operation, user without accountId, unknown account or group, group with neither id nor name, too many subjects; the message names it.',
    fix: 'Correct the named field.',
  },
  SCOPE_MISSING: {
    status: 401,
    meaning:
      'An app called without the OAuth scope the endpoint needs (`read:confluence-content.all` to read, `write:confluence-content` to write).',
    fix: 'Give the app the scope in the tenant file.',
  },
} as const satisfies Record<string, CatalogueEntry>;
