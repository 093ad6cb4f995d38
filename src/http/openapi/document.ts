import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { ERROR_BODIES } from './error-bodies.js';
import { nullableDocument } from './nullable.js';
import { errorResponses, routeErrorCodes, type RouteShape } from './route-errors.js';

/**
 * The served `/openapi.json`: OpenAPI 3.0.3 from every route's schema, with
 * - every operation's error responses in its API's own error format, added here for all routes
 *   (one place: `route-errors.ts` says which codes a route can answer), and
 * - JSON Schema nulls written as 3.0's `nullable` (`nullable.ts`).
 * Only the document changes: validation and serialization keep the routes' own schemas.
 */
type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;
type TransformObject = NonNullable<FastifyDynamicSwaggerOptions['transformObject']>;

const ERROR_TITLES = new Set<string>(ERROR_BODIES.map((schema) => schema.title ?? ''));

const addErrorResponses: Transform = ({ schema, url, route }) => {
  // a route without a schema is no part of the API (tests add such routes): not documented
  if (schema === undefined) return { schema: { hide: true }, url };
  const own = schema as RouteShape['schema'] & { hide?: boolean; response?: object };
  // hidden, or untagged (`hideUntagged`: bench and test-only routes), so not documented
  if (own.hide || (own.tags ?? []).length === 0) return { schema, url };
  const method = typeof route.method === 'string' ? route.method : String(route.method);
  return {
    url,
    schema: {
      ...schema,
      response: { ...errorResponses({ method, url, schema: own }), ...own.response },
    } as typeof schema,
  };
};

interface MediaType {
  schema?: { title?: unknown; anyOf?: { title?: unknown }[] };
}

/** An error body schema as its reference; anything else as it is. */
const referenced = (schema: { title?: unknown } | undefined) => {
  const title = schema?.title;
  return typeof title === 'string' && ERROR_TITLES.has(title)
    ? ({ $ref: `#/components/schemas/${title}` } as MediaType['schema'])
    : schema;
};

/** Error bodies by reference: `#/components/schemas/AdminError`, … (one definition each). */
function referenceErrorBodies(document: {
  paths?: Record<string, Record<string, { responses?: Record<string, { content?: object }> }>>;
  components?: { schemas?: Record<string, unknown> };
}): void {
  for (const path of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(path)) {
      for (const response of Object.values(operation.responses ?? {})) {
        for (const media of Object.values(response.content ?? {}) as MediaType[]) {
          media.schema = referenced(media.schema);
          // a response that is either a route's own body or an error body (/readyz while loading)
          if (media.schema?.anyOf)
            media.schema.anyOf = media.schema.anyOf.map((s) => referenced(s)!);
        }
      }
    }
  }
  document.components ??= {};
  document.components.schemas ??= {};
  for (const body of ERROR_BODIES) {
    document.components.schemas[body.title!] = JSON.parse(JSON.stringify(body)) as unknown;
  }
}

const toOpenApi30: TransformObject = (documentObject) => {
  const document = nullableDocument(
    'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject,
  );
  referenceErrorBodies(document as Parameters<typeof referenceErrorBodies>[0]);
  return document;
};

export function openApiOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gatehouse',
        version: '0.1.0',
        description:
          'Atlassian data security policies (Admin API) and Confluence content restrictions, enforced.',
      },
      components: {
        securitySchemes: {
          adminApiKey: { type: 'http', scheme: 'bearer' },
          operatorKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'The operator key (`--operator-key`, printed at start when generated)',
          },
          basic: { type: 'http', scheme: 'basic' },
        },
      },
    },
    // every API route names its group; an untagged route (the bench's, a test's) is not the API's
    hideUntagged: true,
    transform: addErrorResponses,
    transformObject: toOpenApi30,
  };
}

/**
 * An `onRoute` hook: a documented route whose errors the table cannot name (a tag without a row)
 * stops the app from being built, instead of breaking `/openapi.json` later. Untagged routes are
 * not documented (`hideUntagged`); the tests' status watch reports any the suite calls.
 */
export function checkRouteErrors(route: RouteOptions): void {
  if (route.schema === undefined) return;
  const schema = route.schema as RouteShape['schema'] & { hide?: boolean };
  if (schema.hide || (schema.tags ?? []).length === 0) return;
  for (const method of [route.method].flat()) routeErrorCodes({ method, url: route.url, schema });
}
