import { isCursorText } from '../../cursor.js';
import { ApiError } from '../../errors/catalogue.js';

export interface Position {
  createdAt: string;
  id: string;
}

/** Opaque Admin API cursors: a direction and the position to continue from. */
export function encodePosition(direction: 'next' | 'prev', position: Position): string {
  return Buffer.from(
    JSON.stringify({ d: direction, c: position.createdAt, i: position.id }),
  ).toString('base64url');
}

export function decodePosition(
  cursor: string | undefined,
): { direction: 'next' | 'prev'; position: Position } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (
      (v.d === 'next' || v.d === 'prev') &&
      typeof v.c === 'string' &&
      typeof v.i === 'string' &&
      isCursorText(v.c) &&
      isCursorText(v.i)
    ) {
      return { direction: v.d, position: { createdAt: v.c, id: v.i } };
    }
  } catch {
    // reported below
  }
  throw new ApiError('REQUEST_VALIDATION', 'query.cursor: not a cursor this server issued');
}

/** `links` and `meta` of an Admin API list page. */
export function pageEnvelope(
  path: string,
  query: Record<string, string | number | undefined>,
  pageSize: number,
  next: string | null,
  prev: string | null,
) {
  const link = (cursor: string | null | undefined) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && k !== 'cursor') params.set(k, String(v));
    if (cursor) params.set('cursor', cursor);
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  return {
    meta: { page_size: pageSize, next, prev },
    links: {
      self: link(typeof query.cursor === 'string' ? query.cursor : undefined),
      prev: prev === null ? null : link(prev),
      next: next === null ? null : link(next),
      page_size: String(pageSize),
    },
  };
}
