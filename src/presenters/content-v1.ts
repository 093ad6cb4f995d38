import type { Attachment, Content, Space } from '../domain/world.js';
import { presentContent, type LinkBase, type presentRestriction } from './confluence.js';

type RestrictionJson = ReturnType<typeof presentRestriction>;

/**
 * Confluence REST v1 content objects (pages, blog posts, attachments). The world keeps no history,
 * so every item is at version 1, created at the epoch by nobody (docs/confluence-reads.md C3).
 */
export const NO_HISTORY_DATE = '1970-01-01T00:00:00.000Z';
export const OCTET_STREAM = 'application/octet-stream';

/** What a v1 request asked to expand (`space`, `version` are expanded by default, as Confluence does). */
export function parseExpand(expand: string | string[] | undefined): Set<string> {
  const values = (Array.isArray(expand) ? expand : expand === undefined ? [] : [expand]).flatMap(
    (v) => v.split(','),
  );
  const set = new Set(values.map((v) => v.trim()).filter((v) => v !== ''));
  for (const value of [...set]) {
    const parts = value.split('.');
    for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('.'));
  }
  return set;
}

const EXPANDABLE = [
  'childTypes',
  'container',
  'metadata',
  'operations',
  'children',
  'restrictions',
  'history',
  'ancestors',
  'body',
  'version',
  'descendants',
  'space',
] as const;

export function presentV1Space(space: Space, links: LinkBase) {
  return {
    ...(/^\d{1,15}$/.test(space.id) ? { id: Number(space.id) } : {}),
    key: space.key,
    name: space.name,
    type: 'global',
    status: 'current',
    _expandable: {
      settings: `/rest/api/space/${space.key}/settings`,
      metadata: '',
      operations: '',
      lookAndFeel: `/rest/api/settings/lookandfeel?spaceKey=${space.key}`,
      identifiers: '',
      permissions: '',
      icon: '',
      description: '',
      theme: `/rest/api/space/${space.key}/theme`,
      history: '',
      homepage: '',
    },
    _links: {
      webui: `/spaces/${space.key}`,
      self: `${links.base}/rest/api/space/${encodeURIComponent(space.key)}`,
    },
  };
}

function presentVersion(id: string, links: LinkBase) {
  return {
    number: 1,
    minorEdit: false,
    when: NO_HISTORY_DATE,
    message: '',
    _expandable: { content: `/rest/api/content/${id}`, collaborators: '' },
    _links: { self: `${links.base}/rest/api/content/${id}/version/1` },
  };
}

export interface V1ContentView {
  content: Content;
  space: Space;
  /** Root first, as Confluence lists them. */
  ancestors: Content[];
  /** The stored body, read only when `body.storage` is expanded. */
  body: string | null;
  /** The page's own read and update restrictions, when `restrictions` is expanded. */
  restrictions?: { read: RestrictionJson; update: RestrictionJson };
  expand: Set<string>;
  links: LinkBase;
}

/** What is not in the object, with where to get it. `shown`: the keys the object carries. */
function expandable(shown: readonly string[], id: string) {
  const result: Record<string, string> = {};
  for (const key of EXPANDABLE) {
    if (shown.includes(key)) continue;
    result[key] =
      key === 'restrictions'
        ? `/rest/api/content/${id}/restriction/byOperation`
        : key === 'children' || key === 'descendants'
          ? `/rest/api/content/${id}/${key === 'children' ? 'child' : 'descendant'}`
          : key === 'history'
            ? `/rest/api/content/${id}/history`
            : '';
  }
  return result;
}

/** Which of a page's expansions are rendered (others stay in `_expandable`). */
const PAGE_EXPANSIONS = ['space', 'version', 'ancestors', 'body', 'restrictions'] as const;

/** A page or blog post as `GET /wiki/rest/api/content/{id}` answers it. */
export function presentV1Content(view: V1ContentView) {
  const { content, expand, links } = view;
  const id = content.id;
  return {
    id,
    type: content.type,
    status: 'current',
    title: content.title,
    ...(expand.has('space') ? { space: presentV1Space(view.space, links) } : {}),
    ...(expand.has('version') ? { version: presentVersion(id, links) } : {}),
    ...(expand.has('ancestors')
      ? { ancestors: view.ancestors.map((a) => presentContent(a, links)) }
      : {}),
    ...(expand.has('body')
      ? {
          body: {
            ...(expand.has('body.storage')
              ? {
                  storage: {
                    value: view.body ?? '',
                    representation: 'storage',
                    embeddedContent: [],
                    _expandable: { content: `/rest/api/content/${id}` },
                  },
                }
              : {}),
            _expandable: bodyExpandable(expand, id),
          },
        }
      : {}),
    ...(expand.has('restrictions') && view.restrictions
      ? {
          restrictions: {
            ...view.restrictions,
            _expandable: {},
            _links: { self: `${links.base}/rest/api/content/${id}/restriction/byOperation` },
          },
        }
      : {}),
    _expandable: expandable(
      PAGE_EXPANSIONS.filter((key) => expand.has(key)),
      id,
    ),
    _links: {
      webui: `/spaces/${view.space.key}/${content.type === 'page' ? 'pages' : 'blog'}/${id}`,
      edit: `/pages/resumedraft.action?draftId=${id}`,
      tinyui: `/x/${id}`,
      self: `${links.base}/rest/api/content/${id}`,
      collection: '/rest/api/content',
      base: links.base,
      context: '/wiki',
    },
  };
}

function bodyExpandable(expand: Set<string>, id: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of [
    'editor',
    'atlas_doc_format',
    'view',
    'export_view',
    'styled_view',
    'storage',
  ]) {
    if (!expand.has(`body.${key}`)) result[key] = `/rest/api/content/${id}`;
  }
  return result;
}

export interface V1AttachmentView {
  attachment: Attachment;
  page: Content;
  expand: Set<string>;
  links: LinkBase;
}

/** Where Gatehouse serves an attachment's placeholder bytes (relative to the site base). */
export function downloadPath(attachment: Attachment): string {
  return `/rest/api/content/${attachment.contentId}/child/attachment/${attachment.id}/download`;
}

/** An attachment as a v1 content object (`type: attachment`). */
export function presentV1Attachment(view: V1AttachmentView) {
  const { attachment, page, expand, links } = view;
  const id = attachment.id;
  const mediaType = attachment.mediaType ?? OCTET_STREAM;
  return {
    id,
    type: 'attachment',
    status: 'current',
    title: attachment.title,
    ...(expand.has('version') ? { version: presentVersion(id, links) } : {}),
    ...(expand.has('container') ? { container: presentContent(page, links) } : {}),
    metadata: { mediaType, _expandable: { currentuser: '', properties: '', labels: '' } },
    extensions: { mediaType, fileSize: attachment.fileSize ?? 0, comment: '' },
    _expandable: expandable(
      [
        'metadata',
        'body',
        'ancestors',
        'space',
        ...(['version', 'container'] as const).filter((k) => expand.has(k)),
      ],
      id,
    ),
    _links: {
      webui: `/pages/viewpageattachments.action?pageId=${page.id}&preview=${encodeURIComponent(`/${page.id}/${id}/${attachment.title}`)}`,
      download: downloadPath(attachment),
      self: `${links.base}/rest/api/content/${id}`,
      base: links.base,
      context: '/wiki',
    },
  };
}
