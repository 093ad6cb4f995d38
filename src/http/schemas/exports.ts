import { Type } from '@sinclair/typebox';

/** `?pageId=`: checked by the handler, so a missing or bad id gets Confluence's own 400. */
export const ExportQuery = Type.Object({
  pageId: Type.Optional(Type.String({ maxLength: 1024 })),
});

export const PdfFile = Type.String({ description: 'application/pdf' });
export const WordFile = Type.String({ description: 'application/msword (Word-readable HTML)' });

export const PublicLinkParams = Type.Object({
  linkId: Type.String({ minLength: 1, maxLength: 255 }),
});
export const PublicPage = Type.String({ description: 'text/html' });
