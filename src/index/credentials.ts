import { hash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a secret: fixed length, so comparisons never throw and take the same time. */
export function digest(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/** The same digest as hex: the key under which the index finds a token (one-shot, no Hash object). */
export function digestHex(secret: string): string {
  return hash('sha256', secret, 'hex');
}

const NOTHING = digest('');

/** Constant-time equality of a presented secret and a stored one (undefined: no such secret). */
export function secretMatches(presented: string, stored: string | undefined): boolean {
  const ok = timingSafeEqual(digest(presented), stored === undefined ? NOTHING : digest(stored));
  return ok && stored !== undefined;
}
