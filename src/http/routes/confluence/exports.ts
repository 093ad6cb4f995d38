import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Content } from '../../../domain/world.js';
import { contentDisposition, wordDocument } from '../../../presenters/document.js';
import { renderPdf } from '../../../presenters/pdf.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { ExportQuery, PdfFile, WordFile } from '../../schemas/exports.js';
import type { Services } from '../../services.js';
import { authorize } from '../../door/authorize.js';
import { doorContext, type DoorContext } from '../../door/context.js';
import { loadPageDocument } from './public-links.js';

const tags = ['Export'];
const CONTENT_ID = /^[A-Za-z0-9._:-]{1,255}$/;

/** E16–E18: a page the caller may view and export, or the 400 / 401 / 404 / 403 that says why not. */
function exportableContent(
  request: FastifyRequest,
  pageId: string | undefined,
): { ctx: DoorContext; content: Content } {
  if (pageId === undefined || pageId === '') {
    throw new ApiError('EXPORT_INVALID', 'pageId is required: ?pageId=<id of a page or blog post>');
  }
  if (!CONTENT_ID.test(pageId)) {
    throw new ApiError('EXPORT_INVALID', `pageId: "${pageId.slice(0, 64)}" is not a content id`);
  }
  const ctx = doorContext(request);
  // The engine's export = read ∧ not blocked: 404 when hidden, 403 naming the policy (E17, E18).
  const { content, attachment } = authorize(ctx, 'export', { type: 'content', id: pageId });
  if (attachment) throw new ApiError('EXPORT_INVALID', `pageId: ${pageId} is an attachment`);
  return { ctx, content };
}

export function registerExportRoutes(app: FastifyTypebox, services: Services): void {
  const send = (reply: FastifyReply, type: string, disposition: string, body: Buffer | string) =>
    reply
      .header('content-type', type)
      .header('content-disposition', disposition)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(body);

  app.get(
    '/wiki/spaces/flyingpdf/pdfpageexport.action',
    {
      schema: {
        tags,
        summary: 'Export a page or blog post to PDF',
        querystring: ExportQuery,
        response: { 200: { content: { 'application/pdf': { schema: PdfFile } } } },
      },
    },
    async (request, reply) => {
      const { ctx, content } = exportableContent(request, request.query.pageId);
      const doc = await loadPageDocument(services, ctx, content);
      const pdf = await renderPdf(doc);
      return send(reply, 'application/pdf', contentDisposition(content.title, 'pdf'), pdf);
    },
  );
  app.get(
    '/wiki/exportword',
    {
      schema: {
        tags,
        summary: 'Export a page or blog post to Word',
        querystring: ExportQuery,
        response: { 200: { content: { 'application/msword': { schema: WordFile } } } },
      },
    },
    async (request, reply) => {
      const { ctx, content } = exportableContent(request, request.query.pageId);
      const doc = await loadPageDocument(services, ctx, content);
      return send(
        reply,
        'application/msword; charset=utf-8',
        contentDisposition(content.title, 'doc'),
        wordDocument(doc),
      );
    },
  );
}
