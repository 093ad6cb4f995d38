import { documentMetaLine, type PageDocument } from './document.js';

export interface PdfOptions {
  /** Leave content streams uncompressed (tests read the text straight from the bytes). */
  compress?: boolean;
}

/**
 * "Export to PDF": the page's title, where it lives, its classification and its body's text.
 * pdfkit is loaded on the first export, not at start (it is a third of the start-up imports).
 */
export async function renderPdf(doc: PageDocument, options: PdfOptions = {}): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: options.compress ?? true,
    info: {
      Title: doc.title,
      Subject: documentMetaLine(doc),
      Creator: 'Gatehouse',
      Producer: 'Gatehouse',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.font('Helvetica-Bold').fontSize(20).text(doc.title);
  pdf.moveDown(0.5);
  pdf.font('Helvetica').fontSize(9).fillColor('#555555').text(documentMetaLine(doc));
  pdf.moveDown();
  pdf.fillColor('#000000').fontSize(11);
  for (const block of doc.blocks) pdf.text(block).moveDown(0.5);
  pdf.end();
  return done;
}
