import { ApiError } from './errors/catalogue.js';
import { hasControlCharacter } from './hardening/characters.js';

/** Opaque cursors: the key of the last item of the previous page. */
export function encodeCursor(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey }), 'utf8').toString('base64url');
}

/** What a cursor this server issued can hold: ids and timestamps, never a control character. */
export function isCursorText(text: string): boolean {
  return text.length <= 1024 && !hasControlCharacter(text) && text.isWellFormed();
}

export function decodeCursor(
  cursor: string | undefined,
  field = 'body.cursor',
): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      after?: unknown;
    };
    if (typeof value.after === 'string' && isCursorText(value.after)) return value.after;
  } catch {
    // fall through to the error below
  }
  throw new ApiError('REQUEST_VALIDATION', `${field}: not a cursor this server issued`);
}

/** Up to `limit` items after the one keyed `after`, consuming the iterable lazily. */
export function pageAfter<T>(
  items: Iterable<T>,
  key: (item: T) => string,
  after: string | undefined,
  limit: number,
): { page: T[]; more: boolean } {
  const page: T[] = [];
  let started = after === undefined;
  for (const item of items) {
    if (!started) {
      if (key(item) === after) started = true;
      continue;
    }
    if (page.length === limit) return { page, more: true };
    page.push(item);
  }
  return { page, more: false };
}
