import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Decision, DecisionFacts } from '../../../domain/decision/types.js';
import type { Content } from '../../../domain/world.js';
import { contentDisposition, wordDocument } from '../../../presenters/document.js';
import { renderPdf } from '../../../presenters/pdf.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { ExportQuery, PdfFile, WordFile } from '../../schemas/exports.js';
import type { Services } from '../../services.js';
import { decideFor, readableContent, readContext, type ReadContext } from './content-context.js';
import { loadPageDocument } from './public-links.js';

const tags = ['Export'];
const CONTENT_ID = /^[A-Za-z0-9._:-]{1,255}$/;

/** The names of the published policies whose `export` block decided a denial. */
function blockingPolicies(facts: DecisionFacts, decision: Decision): string[] {
  const ids = new Set(decision.reasons.map((r) => r.policyId).filter((id) => id !== undefined));
  const coverage = facts.policies.rules.export;
  const all = [
    ...coverage.org,
    ...[coverage.bySite, coverage.bySpace, coverage.byLevel].flatMap((m) => [...m.values()].flat()),
  ];
  const names = all.filter((p) => ids.has(p.id) && p.effects.export === 'block').map((p) => p.name);
  return [...new Set(names)];
}

/** E16–E18: a page the caller may view and export, or the 400 / 401 / 404 / 403 that says why not. */
function exportableContent(
  request: FastifyRequest,
  services: Services,
  pageId: string | undefined,
): { ctx: ReadContext; content: Content } {
  if (pageId === undefined || pageId === '') {
    throw new ApiError('EXPORT_INVALID', 'pageId is required: ?pageId=<id of a page or blog post>');
  }
  if (!CONTENT_ID.test(pageId)) {
    throw new ApiError('EXPORT_INVALID', `pageId: "${pageId.slice(0, 64)}" is not a content id`);
  }
  const ctx = readContext(request, services, pageId);
  const content = readableContent(ctx, services, pageId);
  const decision = decideFor(ctx, 'export', { type: content.type, id: content.id });
  if (decision.decision === 'deny') {
    const names = blockingPolicies(ctx.facts, decision);
    const named = names.length > 0 ? ` (${names.map((n) => `"${n}"`).join(', ')})` : '';
    throw new ApiError(
      'EXPORT_BLOCKED',
      `Exporting "${content.title}" is blocked by your organization's data security policy${named}`,
    );
  }
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
      const { ctx, content } = exportableContent(request, services, request.query.pageId);
      const doc = await loadPageDocument(services, ctx.org, ctx.facts, content);
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
      const { ctx, content } = exportableContent(request, services, request.query.pageId);
      const doc = await loadPageDocument(services, ctx.org, ctx.facts, content);
      return send(
        reply,
        'application/msword; charset=utf-8',
        contentDisposition(content.title, 'doc'),
        wordDocument(doc),
      );
    },
  );
}
