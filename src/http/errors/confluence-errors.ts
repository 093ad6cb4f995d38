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
  CLASSIFICATION_FORBIDDEN: {
    status: 403,
    meaning:
      'The caller may view the space but lacks its Admin permission, which changing or removing its default classification level needs (E11).',
    fix: 'Ask for the space Admin permission, or use the admin key as a site admin.',
  },
  CLASSIFICATION_LEVEL_INVALID: {
    status: 400,
    meaning:
      'The classification level in the body is not one of the organization’s, or is a draft or archived level, which cannot be applied (E9).',
    fix: 'Use the id of a PUBLISHED level from GET /wiki/api/v2/classification-levels.',
  },
  CLASSIFICATION_NOT_FOUND: {
    status: 404,
    meaning:
      'The page or blog post has no classification level (own, space default or org default), or the space has no default level (E4).',
    fix: 'Set a level first, or treat the content as unclassified.',
  },
  CLASSIFICATION_SPACE_NOT_FOUND: {
    status: 404,
    meaning:
      'No space with that id on this site, or the caller may not view it: the same answer, so existence does not leak.',
    fix: 'Check the space id and the caller’s access.',
  },
  DATA_POLICY_APPS_ONLY: {
    status: 401,
    meaning:
      'A user or anonymous caller asked the data-policies endpoints: "Only apps can make this request" (E13).',
    fix: 'Call with the app’s own token (Authorization: Bearer <app token>).',
  },
  EXPORT_BLOCKED: {
    status: 403,
    meaning:
      'The caller may view the page, but a published export data security policy blocks exporting it (D9, E16); the message names the policy.',
    fix: 'Ask an organization admin about the data security policy named in the message.',
  },
  EXPORT_INVALID: {
    status: 400,
    meaning: 'An export URL without a pageId, or with one that is not a content id (E18).',
    fix: 'Send ?pageId=<id of a page or blog post>.',
  },
  PUBLIC_LINK_NOT_FOUND: {
    status: 404,
    meaning:
      'No public link with that id, or it is turned off, or a publicLinks data security policy blocks it: "This content can’t be found" (D12, E21).',
    fix: 'Ask the page owner for a new link, or an organization admin about the policy.',
  },
} as const satisfies Record<string, CatalogueEntry>;
