import fc from 'fast-check';
import { sampleOf, type Known, type Operation } from './openapi-fuzz.js';

/**
 * Request forms only a raw socket can send — every HTTP client and `app.inject` normalize them
 * away: dot segments, bytes the parser refuses, the absolute form, no Host, conflicting lengths.
 */
export interface RawForm {
  operation: string;
  kind: string;
  method: string;
  url: string;
  /** The path the server routes (for the API family of its answer). */
  served: string;
  bytes: string;
  /** Refused by Node's HTTP parser: answered in the path's format or, before the request line was read, Gatehouse's. */
  parserLevel: boolean;
  /** Can never be a valid request. */
  mustRefuse: boolean;
}

const OPERATIONS_PER_RUN = 10;

export function rawForms(operations: Operation[], known: Known, seed: number): RawForm[] {
  const chosen = fc.sample(fc.constantFrom(...operations), { seed, numRuns: OPERATIONS_PER_RUN });
  return chosen.flatMap((op) => formsOf(op, known));
}

function formsOf(op: Operation, known: Known): RawForm[] {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => known.param(op.path, name));
  const withParam = (value: string) => {
    const last = op.params[op.params.length - 1];
    if (!last) return `${path}/${value}`;
    return op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === last.name ? value : known.param(op.path, name),
    );
  };
  const segments = path.split('/');
  const dotted = [...segments.slice(0, 3), '..', ...segments.slice(3)].join('/');
  const auth = known.authorization(op.path);
  const body = op.body ? JSON.stringify(sampleOf(op.body, known)) : '';
  const headers = (extra = '', host = true) =>
    `Connection: close\r\n${host ? 'Host: localhost\r\n' : ''}${auth ? `Authorization: ${auth}\r\n` : ''}` +
    (body
      ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
      : '') +
    extra;
  const form = (
    kind: string,
    line: string,
    served: string,
    options: {
      extra?: string;
      host?: boolean;
      parserLevel?: boolean;
      mustRefuse?: boolean;
      raw?: string;
    } = {},
  ): RawForm => ({
    operation: `${op.method} ${op.path}`,
    kind,
    method: op.method,
    url: line,
    served,
    bytes:
      options.raw ??
      `${op.method} ${line} HTTP/1.1\r\n${headers(options.extra, options.host)}\r\n${body}`,
    parserLevel: options.parserLevel ?? false,
    mustRefuse: options.mustRefuse ?? true,
  });
  const chunked = `${op.method} ${path} HTTP/1.1\r\nHost: localhost\r\n${auth ? `Authorization: ${auth}\r\n` : ''}`;
  return [
    form('raw: malformed gateway cloudId', `/ex/confluence/%E0%A4%A${path}`, path),
    form('raw: dot segment', dotted, dotted),
    form('raw: last segment ..', withParam('..'), withParam('..')),
    form('raw: encoded dot segment', withParam('%2e%2E'), withParam('%2e%2E')),
    ...['%FF', '%C3%28', '%', '%ED%A0%80'].map((bad) =>
      form('raw: bad percent-encoding', withParam(bad), withParam(bad)),
    ),
    form('raw: control byte in the path', `${path}\u0001x`, path, { parserLevel: true }),
    form('raw: absolute form', `http://localhost${path}`, path, { mustRefuse: false }),
    form('raw: no Host', path, path, { host: false }),
    form('raw: headers over 16 KiB', path, path, {
      extra: `X-Big: ${'a'.repeat(20_000)}\r\n`,
      parserLevel: true,
    }),
    form('raw: Content-Length and Transfer-Encoding', path, path, {
      raw: `${chunked}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      parserLevel: true,
    }),
    form('raw: two Content-Lengths', path, path, {
      raw: `${chunked}Content-Length: 5\r\nContent-Length: 6\r\n\r\n123456`,
      parserLevel: true,
    }),
    form('raw: unknown method', path, path, {
      raw: `BREW ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      parserLevel: true,
    }),
    form('raw: HTTP/1.0 without Host', path, path, {
      raw: `${op.method} ${path} HTTP/1.0\r\n${headers('', false)}\r\n${body}`,
      mustRefuse: false,
    }),
    form('raw: bad HTTP version', path, path, {
      raw: `${op.method} ${path} HTTP/9.9\r\nHost: localhost\r\n\r\n`,
      parserLevel: true,
    }),
    form('raw: NUL in a header', path, path, { extra: 'X-Bad: a\u0000b\r\n', parserLevel: true }),
    form('raw: URL over 16 KiB', `${path}/${'x'.repeat(20_000)}`, path, { parserLevel: true }),
    form('raw: bad chunk', path, path, {
      raw: `${chunked}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      parserLevel: true,
      mustRefuse: op.method !== 'GET' && op.method !== 'DELETE',
    }),
  ];
}
