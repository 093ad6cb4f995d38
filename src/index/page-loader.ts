import type { Kysely } from 'kysely';
import type { Attachment, Lists, PublicLink } from '../domain/world.js';
import { listsFromRows, type RestrictionRow } from '../storage/repos/restrictions.js';
import { contentBatches, restrictionBatches } from '../storage/repos/world-stream.js';
import type { Database } from '../storage/schema.js';
import type { ContentColumns } from './content-columns.js';
import { ContentMap } from './content-map.js';
import { LayeredMap } from './layered-map.js';
import type { RowCounter } from './org-loader.js';
import type { OrgWorld } from './org-world.js';
import { PageStoreBuilder } from './page-store-builder.js';
import type { TableRows } from './people-loader.js';
import { ReusingMap } from './reusing-map.js';

/**
 * An org's pages with their lists, attachments and public links. The lists, attachments and
 * links are read first and kept by page id, so the content table can be read meanwhile by a
 * worker thread (`columns`, already started) or, without one, last, here.
 */
export async function loadPages(
  db: Kysely<Database>,
  rows: TableRows,
  orgId: string,
  onRows: RowCounter,
  previous: OrgWorld | undefined,
  columns: Promise<ContentColumns> | null,
): Promise<Pick<OrgWorld, 'pages' | 'content' | 'attachments' | 'publicLinks'>> {
  const lists: [contentId: string, lists: Lists][] = [];
  let pageRows: RestrictionRow[] = [];
  let pageId: string | null = null;
  for await (const batch of restrictionBatches(db, orgId)) {
    onRows(batch.length);
    for (const [contentId, operation, subjectType, subjectId] of batch) {
      if (contentId !== pageId) {
        if (pageId !== null) lists.push([pageId, listsFromRows(pageRows)]);
        pageId = contentId;
        pageRows = [];
      }
      pageRows.push({ operation, subject_type: subjectType, subject_id: subjectId });
    }
  }
  if (pageId !== null) lists.push([pageId, listsFromRows(pageRows)]);
  const attachments = new ReusingMap<string, Attachment>(previous?.attachments);
  const attached: { contentId: string; id: string; position: number }[] = [];
  for await (const batch of rows('attachments'))
    for (const a of batch) {
      const mediaType = a.media_type ?? null;
      const fileSize = a.file_size ?? null;
      attachments.set(
        a.id,
        (old) =>
          old.contentId === a.content_id &&
          old.title === a.title &&
          old.mediaType === mediaType &&
          old.fileSize === fileSize,
        () => ({ id: a.id, contentId: a.content_id, title: a.title, mediaType, fileSize }),
      );
      attached.push({ contentId: a.content_id, id: a.id, position: a.position });
    }
  const publicLinks = new Map<string, PublicLink>();
  for await (const batch of rows('public_links'))
    for (const l of batch) {
      publicLinks.set(l.id, { id: l.id, contentId: l.content_id, enabled: l.enabled === 1 });
    }

  let builder: PageStoreBuilder;
  // A worker that failed (it could not start, or its connection broke) leaves the table to this
  // thread: a database that cannot be read fails here too, and is reported as every load failure is.
  const read = columns === null ? null : await columns.catch(() => null);
  if (read !== null) builder = PageStoreBuilder.onColumns(orgId, read);
  else {
    builder = new PageStoreBuilder(orgId, previous?.pages);
    for await (const batch of contentBatches(db, orgId, 'rows')) {
      for (const row of batch) builder.add(row);
      onRows(batch.length);
    }
  }
  for (const [contentId, list] of lists) builder.restrict(contentId, list);
  for (const a of attached) builder.attach(a.contentId, a.id, a.position);
  for (const link of publicLinks.values()) builder.link(link.contentId, link.id);
  const pages = builder.build();
  return {
    pages,
    content:
      previous !== undefined && pages === previous.pages ? previous.content : new ContentMap(pages),
    attachments: attachments.result(),
    publicLinks: LayeredMap.of(publicLinks),
  };
}
