/**
 * What the two dialects share to tell "the database is away" from a bug: the codes and messages
 * of an error and of every error it wraps (`cause`), since drivers and Kysely re-throw.
 */
export function errorChain(error: unknown): { code?: string; message: string }[] {
  const chain: { code?: string; message: string }[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    chain.push({ code: typeof code === 'string' ? code : undefined, message: current.message });
    current = current.cause;
  }
  return chain;
}

/** Socket errors Node raises when a server is down, unreachable or drops the connection. */
export const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);
