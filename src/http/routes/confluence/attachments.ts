import { Type } from '@sinclair/typebox';
import type { Attachment } from '../../../domain/world.js';
import { OCTET_STREAM, parseExpand, presentV1Attachment } from '../../../presenters/content-v1.js';
import { presentV2Attachment } from '../../../presenters/content-v2.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  AttachmentDownloadParams,
  AttachmentListQuery,
  ContentIdParams,
  DownloadQuery,
  V1ContentArray,
  V1_LIST_CAP,
} from '../../schemas/content-reads.js';
import { V2Attachment, V2IdParams } from '../../schemas/pages-v2.js';
import type { Services } from '../../services.js';
import { authorize, contentNotFound } from '../../door/authorize.js';
import { doorContext } from '../../door/context.js';

const tags = ['Attachments'];

/**
 * C14: the world holds no file bytes, so a download serves this deterministic placeholder with the
 * attachment's media type and file name.
 */
export function placeholderBytes(attachment: Attachment): Buffer {
  return Buffer.from(
    `Gatehouse placeholder for attachment ${attachment.id} "${attachment.title}" ` +
      `(${attachment.mediaType ?? OCTET_STREAM}): Gatehouse stores no file contents.\n`,
    'utf8',
  );
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Attachment list and metadata follow the page's view right; the download also needs D10 (C13–C15). */
export function registerAttachmentRoutes(app: FastifyTypebox, _services: Services): void {
  app.get(
    '/wiki/rest/api/content/:id/child/attachment',
    {
      schema: {
        tags,
        summary: 'Get attachments (v1)',
        params: ContentIdParams,
        querystring: AttachmentListQuery,
        response: { 200: V1ContentArray },
      },
    },
    (request) => {
      const { id } = request.params;
      const ctx = doorContext(request);
      const { content: page, attachment: named } = authorize(ctx, 'read', {
        type: 'content',
        id,
      });
      if (named) throw contentNotFound(id);
      const { filename, mediaType } = request.query;
      const all = page.attachments
        .map((a) => ctx.org.world.attachments.get(a))
        .filter((a): a is Attachment => a !== undefined)
        .filter((a) => filename === undefined || a.title === filename)
        .filter((a) => mediaType === undefined || (a.mediaType ?? OCTET_STREAM) === mediaType);
      const start = request.query.start ?? 0;
      const limit = Math.min(request.query.limit ?? 25, V1_LIST_CAP);
      const slice = all.slice(start, start + limit);
      const expand = parseExpand(request.query.expand);
      const self = `${ctx.links.base}/rest/api/content/${id}/child/attachment`;
      const params = new URLSearchParams({ limit: String(limit), start: String(start + limit) });
      if (filename !== undefined) params.set('filename', filename);
      if (mediaType !== undefined) params.set('mediaType', mediaType);
      const next =
        limit > 0 && start + limit < all.length
          ? `/rest/api/content/${id}/child/attachment?${params.toString()}`
          : undefined;
      return {
        results: slice.map((attachment) =>
          presentV1Attachment({ attachment, page, expand, links: ctx.links }),
        ),
        start,
        limit,
        size: slice.length,
        _links: {
          self,
          base: ctx.links.base,
          context: '/wiki',
          ...(next === undefined ? {} : { next }),
        },
      };
    },
  );

  app.get(
    '/wiki/rest/api/content/:id/child/attachment/:attachmentId/download',
    {
      schema: {
        tags,
        summary: 'Download an attachment (placeholder bytes)',
        params: AttachmentDownloadParams,
        querystring: DownloadQuery,
        response: { 200: Type.Unknown({ description: 'The placeholder file (C14)' }) },
      },
    },
    async (request, reply) => {
      const { id, attachmentId } = request.params;
      const ctx = doorContext(request);
      // The page must be readable and the attachment its own (C15, R8); then the download.
      const page = authorize(ctx, 'read', { type: 'content', id });
      const attachment = ctx.org.world.attachments.get(attachmentId);
      if (page.attachment || !attachment || attachment.contentId !== page.content.id) {
        throw contentNotFound(attachmentId);
      }
      authorize(ctx, 'downloadAttachment', { type: 'attachment', id: attachmentId });
      return reply
        .header('content-type', attachment.mediaType ?? OCTET_STREAM)
        .header('content-disposition', contentDisposition(attachment.title))
        .header('cache-control', 'no-store')
        .send(placeholderBytes(attachment));
    },
  );

  app.get(
    '/wiki/api/v2/attachments/:id',
    {
      schema: {
        tags,
        summary: 'Get attachment by id (v2)',
        params: V2IdParams,
        response: { 200: V2Attachment },
      },
    },
    (request) => {
      const { id } = request.params;
      const ctx = doorContext(request);
      const { attachment, content } = authorize(ctx, 'read', { type: 'attachment', id });
      if (!attachment) throw contentNotFound(id);
      return presentV2Attachment(attachment, content, ctx.links);
    },
  );
}
