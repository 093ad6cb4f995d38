/**
 * A page as a document for exports and public links: its title, where it lives, and its body's
 * text. The storage format (XHTML with Confluence macros) is reduced to text blocks, so nothing
 * of the tenant's markup (scripts, macros, links) reaches a reader unescaped.
 */
export interface PageDocument {
  title: string;
  spaceName: string;
  spaceKey: string;
  /** The effective classification level's name, if any. */
  classification: string | null;
  /** Paragraphs of the body, in order. */
  blocks: string[];
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAGS =
  /<\/?(p|div|h[1-6]|li|ul|ol|tr|table|blockquote|pre|br|hr|ac:structured-macro|ac:rich-text-body)\b[^>]*>/gi;

/** The text blocks of a storage-format body (empty body: no blocks). */
export function storageTextBlocks(storage: string | null): string[] {
  if (!storage) return [];
  const text = storage
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, cdata: string) => cdata.replace(/</g, '&lt;'))
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(BLOCK_TAGS, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The line under the title: space and classification. */
export function documentMetaLine(doc: PageDocument): string {
  const level = doc.classification !== null ? ` · Classification: ${doc.classification}` : '';
  return `Space: ${doc.spaceName} (${doc.spaceKey})${level}`;
}

function htmlBody(doc: PageDocument): string {
  return [
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p class="meta">${escapeHtml(documentMetaLine(doc))}</p>`,
    ...doc.blocks.map((block) => `<p>${escapeHtml(block)}</p>`),
  ].join('\n');
}

/** "Export to Word": an HTML document Word opens (Confluence serves the same kind). */
export function wordDocument(doc: PageDocument): string {
  return `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="ProgId" content="Word.Document">
<title>${escapeHtml(doc.title)}</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View><w:Zoom>90</w:Zoom></w:WordDocument></xml><![endif]-->
</head>
<body>
${htmlBody(doc)}
</body>
</html>
`;
}

/** The read-only page a public link shows. */
export function publicPage(doc: PageDocument): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>${escapeHtml(doc.title)}</title>
</head>
<body>
<main>
${htmlBody(doc)}
</main>
</body>
</html>
`;
}

/** A file name for Content-Disposition: the title without characters that break headers. */
export function contentDisposition(title: string, extension: string): string {
  const ascii =
    title
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\/]/g, '_')
      .trim() || 'export';
  const utf8 = encodeURIComponent(`${title}.${extension}`);
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${utf8}`;
}
