import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a secret: fixed length, so comparisons never throw and take the same time. */
export function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

const NOTHING = digest('');

/** Constant-time equality of a presented secret and a stored one (undefined: no such secret). */
export function secretMatches(presented: string, stored: string | undefined): boolean {
  const ok = timingSafeEqual(digest(presented), stored === undefined ? NOTHING : digest(stored));
  return ok && stored !== undefined;
}
