import type { ServerOptions } from 'node:http';
import type { Timeouts } from '../../config.js';

/** Request line and headers together (Node's default): over it, 431 (F3). */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * A path parameter as long as the whole request line may still reach its route, whose schema
 * answers an over-long id with that API's 400 — instead of the router skipping the route and the
 * "not implemented" catch-all answering 501 (F4).
 */
export const MAX_PARAM_LENGTH = MAX_HEADER_BYTES;

/**
 * Fastify and Node server options for slow and idle clients (F12). Node checks the header and
 * request deadlines on a timer (30 s by default); checking every second — or faster for short
 * test timeouts — cuts a slow client within a second of its deadline.
 */
export function serverOptions(timeouts: Timeouts): {
  requestTimeout: number;
  connectionTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
} {
  const checkEvery = Math.max(50, Math.min(1000, Math.floor(timeouts.headersMs / 4)));
  return {
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: checkEvery,
      maxHeaderSize: MAX_HEADER_BYTES,
      // Host is checked by the first hook, which answers in the API's format (F3).
      requireHostHeader: false,
    },
  };
}
