import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError } from '../errors/catalogue.js';

/**
 * What runs before routing (Fastify's `rewriteUrl`) runs outside every hook and handler: an
 * exception there reaches no error handler and ends the process. So it never throws; a problem it
 * finds is kept here, keyed by the raw request, and thrown by the first `onRequest` hook
 * (`request-shape.ts`), where the error handler answers it in the API's own format (F1).
 */
const deferred = new WeakMap<IncomingMessage, ApiError>();

export function deferRequestError(request: IncomingMessage, error: ApiError): void {
  if (!deferred.has(request)) deferred.set(request, error);
}

export function takeDeferredError(request: IncomingMessage): ApiError | undefined {
  const error = deferred.get(request);
  deferred.delete(request);
  return error;
}

/** Wraps a URL rewrite so that whatever it throws becomes that request's 400. */
export function neverThrowing(
  rewrite: (request: IncomingMessage) => string,
): (request: IncomingMessage) => string {
  return (request) => {
    let url: string;
    try {
      request.url = originForm(request.url ?? '/');
      url = rewrite(request);
    } catch {
      deferRequestError(request, new ApiError('REQUEST_BAD_URL', 'The URL could not be read'));
      url = request.url ?? '/';
    }
    sockets.set(request.socket, { path: url.split('?')[0] ?? '/' });
    return url;
  };
}

/**
 * `GET http://host/wiki/… HTTP/1.1` (absolute form, which HTTP/1.1 servers must accept) is served
 * as `GET /wiki/…`, so every hook sees the path it would see in the usual form.
 */
function originForm(url: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!absolute) return url;
  const rest = url.slice(absolute[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** `decodeURIComponent`, or undefined where it would throw (`%E0%A4%A`, a bare `%`). */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The path of the request a socket is reading, and its response once routed: a client error
 * (timeout, bad bytes) is raised on the socket, and is answered in that path's API format unless
 * a response has begun (`client-errors.ts`).
 */
const sockets = new WeakMap<Socket, { path: string; response?: ServerResponse }>();

export function trackResponse(request: IncomingMessage, response: ServerResponse): void {
  const entry = sockets.get(request.socket);
  if (entry) entry.response = response;
}

export function forgetSocketRequest(request: IncomingMessage): void {
  sockets.delete(request.socket);
}

export function socketRequest(
  socket: Socket,
): { path: string; response?: ServerResponse } | undefined {
  return sockets.get(socket);
}
