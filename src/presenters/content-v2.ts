import type { Attachment, Content, Space } from '../domain/world.js';
import type { LinkBase } from './confluence.js';
import { NO_HISTORY_DATE, OCTET_STREAM, downloadPath } from './content-v1.js';

/**
 * Confluence REST v2 shapes (confluence.js v2 models Page, BlogPost, PageSummary, ChildPage,
 * Attachment). No history is kept: version 1, created at the epoch, no author (C3).
 */
const VERSION = { createdAt: NO_HISTORY_DATE, message: '', number: 1, minorEdit: false };

function storageBody(body: string | null | undefined) {
  return body === undefined
    ? {}
    : { body: { storage: { representation: 'storage', value: body ?? '' } } };
}

/** `body`: undefined when no body-format was asked for; null when the item has none. */
export function presentV2Page(page: Content, space: Space, links: LinkBase, body?: string | null) {
  return {
    id: page.id,
    status: 'current',
    title: page.title,
    spaceId: page.spaceId,
    ...(page.parentId !== null ? { parentId: page.parentId, parentType: 'page' } : {}),
    position: page.position,
    createdAt: NO_HISTORY_DATE,
    version: VERSION,
    ...storageBody(body),
    _links: {
      webui: `/spaces/${space.key}/pages/${page.id}`,
      editui: `/pages/resumedraft.action?draftId=${page.id}`,
      tinyui: `/x/${page.id}`,
      base: links.base,
    },
  };
}

export function presentV2BlogPost(
  post: Content,
  space: Space,
  links: LinkBase,
  body?: string | null,
) {
  return {
    id: post.id,
    status: 'current',
    title: post.title,
    spaceId: post.spaceId,
    createdAt: NO_HISTORY_DATE,
    version: VERSION,
    ...storageBody(body),
    _links: {
      webui: `/spaces/${space.key}/blog/${post.id}`,
      editui: `/pages/resumedraft.action?draftId=${post.id}`,
      tinyui: `/x/${post.id}`,
      base: links.base,
    },
  };
}

export function presentV2ChildPage(page: Content) {
  return {
    id: page.id,
    status: 'current',
    title: page.title,
    spaceId: page.spaceId,
    childPosition: page.position,
  };
}

export function presentV2Attachment(attachment: Attachment, container: Content, links: LinkBase) {
  const download = downloadPath(attachment);
  const webui = `/pages/viewpageattachments.action?pageId=${container.id}`;
  return {
    id: attachment.id,
    status: 'current',
    title: attachment.title,
    createdAt: NO_HISTORY_DATE,
    ...(container.type === 'page' ? { pageId: container.id } : { blogPostId: container.id }),
    mediaType: attachment.mediaType ?? OCTET_STREAM,
    comment: '',
    fileId: attachment.id,
    ...(attachment.fileSize !== null ? { fileSize: attachment.fileSize } : {}),
    webuiLink: webui,
    downloadLink: download,
    version: VERSION,
    _links: { webui, download, base: links.base },
  };
}

/** A v2 list's `_links`: `next` is relative to the site root, as Confluence sends it. */
export function listLinks(links: LinkBase, next: string | undefined) {
  return next === undefined ? { base: links.base } : { next, base: links.base };
}
