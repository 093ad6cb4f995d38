import type { JiraAttachment } from '../../../domain/jira/model.js';
import type { JiraContext } from '../../door/jira-context.js';
import {
  expandSet,
  presentAttachment,
  presentIssue,
  selectFields,
} from '../../../presenters/jira-issue.js';
import { numericId } from '../../../presenters/jira.js';
import { authorizeAttachment, authorizeIssue } from '../../door/authorize-jira.js';
import { jiraContext } from '../../door/jira-context.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  AttachmentMetadata,
  AttachmentParams,
  ContentQuery,
  IssueBean,
  IssueParams,
  IssueQuery,
} from '../../schemas/jira.js';
import { Type } from '@sinclair/typebox';
import { JIRA_OPERATIONS } from './operations.js';
import { issueView } from './view.js';

const tags = ['Jira issues'];

/** The attachments of an issue, in order. */
export function attachmentsOf(ctx: JiraContext, ids: readonly string[]): JiraAttachment[] {
  const all = ctx.org.world.jira.attachments;
  return ids.flatMap((id) => {
    const attachment = all.get(id);
    return attachment ? [attachment] : [];
  });
}

/**
 * J25: the world holds no file bytes; a permitted download serves a deterministic placeholder
 * with the attachment's media type and name.
 */
function placeholder(attachment: JiraAttachment): Buffer {
  return Buffer.from(
    `Gatehouse placeholder for Jira attachment ${attachment.id} "${attachment.filename}" ` +
      `(${attachment.mimeType ?? 'application/octet-stream'}): Gatehouse stores no file contents.\n`,
    'utf8',
  );
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** One `bytes=a-b` range of a body of `size` bytes: the slice, null when unsatisfiable. */
function rangeOf(
  header: string,
  size: number,
): { start: number; end: number } | null | 'malformed' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'malformed';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? null : { start, end };
}

/** The issue (J24) and its attachments: metadata (J25, stays allowed) and content (J13). */
export function registerJiraIssueRoutes(app: FastifyTypebox): void {
  app.get(
    '/rest/api/3/issue/:issueIdOrKey',
    {
      schema: {
        tags,
        summary: 'Get issue',
        params: IssueParams,
        querystring: IssueQuery,
        response: { 200: IssueBean },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      const { issue, project } = authorizeIssue(
        ctx,
        JIRA_OPERATIONS.getIssue,
        'read',
        request.params.issueIdOrKey,
      );
      return presentIssue(
        issue,
        project,
        attachmentsOf(ctx, issue.attachments),
        selectFields(request.query.fields, '*all'),
        expandSet(request.query.expand),
        issueView(ctx),
      );
    },
  );

  app.get(
    '/rest/api/3/attachment/:id',
    {
      schema: {
        tags,
        summary: 'Get attachment metadata',
        params: AttachmentParams,
        response: { 200: AttachmentMetadata },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      const { attachment } = authorizeAttachment(
        ctx,
        JIRA_OPERATIONS.getAttachment,
        'read',
        request.params.id,
      );
      const shown = presentAttachment(attachment, issueView(ctx));
      return { ...shown, id: numericId(attachment.id), properties: {} };
    },
  );

  app.get(
    '/rest/api/3/attachment/content/:id',
    {
      schema: {
        tags,
        summary:
          'Get attachment content (303 to the download URL, or the bytes with redirect=false)',
        params: AttachmentParams,
        querystring: ContentQuery,
        response: {
          200: Type.Unknown({ description: 'The placeholder file (J25)' }),
          206: Type.Unknown({ description: 'A range of it' }),
          303: Type.Null({ description: 'See the Location header for the download URL' }),
        },
      },
    },
    (request, reply) => {
      const ctx = jiraContext(request);
      const { id } = request.params;
      const { attachment } = authorizeAttachment(
        ctx,
        JIRA_OPERATIONS.getAttachmentContent,
        'downloadAttachment',
        id,
      );
      if (request.query.redirect !== false) {
        const location = `${ctx.base}/rest/api/3/attachment/content/${encodeURIComponent(id)}?redirect=false`;
        return reply.code(303).header('location', location).send();
      }
      const bytes = placeholder(attachment);
      void reply
        .header('content-type', attachment.mimeType ?? 'application/octet-stream')
        .header('content-disposition', contentDisposition(attachment.filename))
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'no-store');
      const range = request.headers.range;
      if (range === undefined) return reply.send(bytes);
      const slice = rangeOf(range, bytes.length);
      if (slice === 'malformed') {
        throw new ApiError('JIRA_BAD_REQUEST', `The Range header "${range}" is malformed.`);
      }
      if (slice === null) {
        void reply.header('content-range', `bytes */${bytes.length}`);
        throw new ApiError('JIRA_RANGE_NOT_SATISFIABLE', 'The requested range is not satisfiable.');
      }
      return reply
        .code(206)
        .header('content-range', `bytes ${slice.start}-${slice.end}/${bytes.length}`)
        .send(bytes.subarray(slice.start, slice.end + 1));
    },
  );
}
