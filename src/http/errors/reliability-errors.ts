import type { CatalogueEntry } from './entry.js';

/**
 * Errors of the transport and of the database going away (docs/reliability.md, rules F1…):
 * whatever Node, Fastify or the database raises is answered with one of these, in the format of
 * the API the path belongs to. Listed in docs/errors.md.
 */
export const RELIABILITY_ERRORS = {
  REQUEST_BAD_URL: {
    status: 400,
    meaning:
      'The URL is malformed: bad percent-encoding (`%FF`, `%C3%28`, a bare `%`), a dot segment (`.` or `..`, also written `%2e`), a control character in the path, or a gateway cloudId that does not decode.',
    fix: 'Percent-encode the path as UTF-8 and address resources by their id, without `.` or `..` segments.',
  },
  REQUEST_JSON_TOO_DEEP: {
    status: 400,
    meaning: 'The JSON body nests arrays and objects deeper than 64 levels.',
    fix: 'Send a flatter document: no Atlassian body nests more than a few levels.',
  },
  REQUEST_MALFORMED: {
    status: 400,
    meaning:
      'The HTTP request itself is malformed (bad bytes in the request line or a header, a bad `Content-Length` or `Transfer-Encoding`, no `Host` header on HTTP/1.1, a body cut short); the connection is closed after the answer.',
    fix: 'Send a well-formed HTTP/1.1 request.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    meaning:
      'The headers did not arrive within 10 s, or the whole request (headers and body) within 30 s (`GATEHOUSE_HEADERS_TIMEOUT_MS`, `GATEHOUSE_REQUEST_TIMEOUT_MS`); the connection is closed.',
    fix: 'Send the request at once; a slow network needs larger timeouts.',
  },
  REQUEST_HEADERS_TOO_LARGE: {
    status: 431,
    meaning: 'The request line and headers together are larger than 16 KiB.',
    fix: 'Send fewer or shorter headers (cookies, long tokens).',
  },
} as const satisfies Record<string, CatalogueEntry>;
