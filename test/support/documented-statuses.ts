import type { FastifyTypebox } from '../../src/http/fastify-types.js';

interface Operation {
  responses?: Record<string, unknown>;
}
type Paths = Record<string, Record<string, Operation>>;

/** `/wiki/…/:id/…` → `/wiki/…/{id}/…`, as the OpenAPI document writes it. */
export const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * Every response a test app answers on a documented route is checked against the served
 * OpenAPI document: a status the operation does not document is recorded. The harness installs
 * this on every test app and fails the test file that made such an answer when it closes the app,
 * so each route test in the suite also checks the document.
 */
export function watchDocumentedStatuses(app: FastifyTypebox): () => string[] {
  const problems = new Set<string>();
  let paths: Paths | undefined;
  app.addHook('onResponse', async (request, reply) => {
    const url = request.routeOptions.url;
    const schema = request.routeOptions.schema as { hide?: boolean } | undefined;
    if (url === undefined || !schema || schema.hide || request.method === 'HEAD') return;
    paths ??= (app.swagger() as { paths?: Paths }).paths ?? {};
    const path = openApiPath(url);
    const operation = paths[path]?.[request.method.toLowerCase()];
    if (!operation) {
      problems.add(`${request.method} ${path} is not in the OpenAPI document`);
    } else if (!(String(reply.statusCode) in (operation.responses ?? {}))) {
      problems.add(`${request.method} ${path} answered ${reply.statusCode}, not documented`);
    }
  });
  return () => [...problems];
}
