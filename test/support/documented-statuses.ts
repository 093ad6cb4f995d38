import type { onResponseAsyncHookHandler } from 'fastify';

interface Operation {
  responses?: Record<string, unknown>;
}
type Paths = Record<string, Record<string, Operation>>;

/**
 * `/wiki/…/:id/…` → `/wiki/…/{id}/…`, as the OpenAPI document writes it; `::` is Fastify's escaped
 * colon, a literal `:` (`/si/jira.issueviews::issue-xml/:key/…`).
 */
export const openApiPath = (url: string) =>
  url
    .split('::')
    .map((part) => part.replace(/:(\w+)/g, '{$1}'))
    .join(':');

/**
 * Every response a test app answers on a documented route is checked against the served
 * OpenAPI document: a status the operation does not document is recorded. The harness gives
 * `onResponse` to every test app (`buildApp`'s option, a root hook that every API plugin inherits)
 * and fails the test file that made such an answer when it closes the app, so each route test of
 * the suite also checks the document.
 */
export function watchDocumentedStatuses(): {
  onResponse: onResponseAsyncHookHandler;
  problems: () => string[];
} {
  const problems = new Set<string>();
  let paths: Paths | undefined;
  const onResponse: onResponseAsyncHookHandler = async (request, reply) => {
    const url = request.routeOptions.url;
    const schema = request.routeOptions.schema as { hide?: boolean } | undefined;
    if (url === undefined || !schema || schema.hide || request.method === 'HEAD') return;
    // a fault rule's answer (docs/testing-features.md G13) is the test's own, not the route's
    if (reply.getHeader('x-gatehouse-fault') !== undefined) return;
    paths ??= (request.server.swagger() as { paths?: Paths }).paths ?? {};
    const path = openApiPath(url);
    const operation = paths[path]?.[request.method.toLowerCase()];
    if (!operation) {
      problems.add(`${request.method} ${path} is not in the OpenAPI document`);
    } else if (!(String(reply.statusCode) in (operation.responses ?? {}))) {
      problems.add(`${request.method} ${path} answered ${reply.statusCode}, not documented`);
    }
  };
  return { onResponse, problems: () => [...problems] };
}
