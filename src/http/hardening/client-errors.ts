import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import { ApiError } from '../errors/catalogue.js';
import { sendApiError, toApiError } from '../errors/handler.js';
import { familyOf, renderError } from '../errors/render.js';
import { socketRequest } from './pre-routing.js';

/**
 * Fastify's `frameworkErrors`: errors it raises before a route runs (a path that does not
 * percent-decode, FST_ERR_BAD_URL) are answered through the catalogue in the path's format (F3).
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const apiError = toApiError(error);
  if (apiError.code === 'INTERNAL') request.log.error({ err: error }, 'framework error');
  void sendApiError(request, reply, apiError);
}

const GATEWAY = /^\/ex\/(?:confluence|jira)\/[^/?#]*(\/[^?#]*)?/;

/** The path of the request line in the bytes the parser refused, if they hold one. */
function pathOfPacket(packet: unknown): string | undefined {
  if (!Buffer.isBuffer(packet)) return undefined;
  const line = /^[A-Z]{3,10} (\/[^ \r\n?#]*)/.exec(packet.subarray(0, 2048).toString('latin1'));
  if (!line) return undefined;
  const path = line[1]!;
  const gateway = GATEWAY.exec(path);
  return gateway ? (gateway[1] ?? '/') : path;
}

function errorOfClient(code: string | undefined): ApiError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError('REQUEST_TIMEOUT', 'The request did not arrive in time');
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError('REQUEST_HEADERS_TOO_LARGE', 'Request headers are too large');
    default:
      return new ApiError('REQUEST_MALFORMED', 'The HTTP request could not be parsed');
  }
}

/**
 * The server's `clientError`: Node's HTTP parser refused the bytes (bad request line or header,
 * headers over 16 KiB) or a timeout cut a slow client (F3, F12). The answer is written on the
 * socket in the format of the API whose path the request named — known once its request line
 * was read — or Gatehouse's, then the socket is closed.
 */
export function answerClientError(
  this: FastifyInstance,
  error: ConnectionError,
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const current = socketRequest(socket);
  const apiError = errorOfClient(error.code);
  this.log.info({ code: error.code, status: apiError.status }, 'client error');
  const started = current?.response?.headersSent === true;
  if (socket.writable && !started) {
    const path = current?.path ?? pathOfPacket((error as { rawPacket?: unknown }).rawPacket) ?? '/';
    const id = randomUUID();
    const body = JSON.stringify(renderError(familyOf(path), apiError, id));
    socket.write(
      `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status] ?? 'Error'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${id}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}
