import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { registerErrorHandling } from './http/errors/handler.js';
import type { FastifyTypebox } from './http/fastify-types.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { registerConfluenceContext } from './http/request-context.js';
import { registerAdminRoutes } from './http/routes/admin/index.js';
import { registerConfluenceRoutes } from './http/routes/confluence/index.js';
import { registerDecisionRoutes } from './http/routes/gatehouse/decisions.js';
import { registerHealthRoutes } from './http/routes/health.js';
import { registerNotImplementedRoutes } from './http/routes/not-implemented.js';
import { checkRouteErrors, openApiOptions } from './http/openapi/document.js';
import { registerOpenApiRoute } from './http/routes/openapi.js';
import { registerRootRoutes } from './http/routes/root.js';
import type { Services } from './http/services.js';
import { rewriteGatewayUrl } from './http/site-routing.js';

export interface AppOptions {
  /** pino logger options, or false for tests. */
  logger?: FastifyServerOptions['logger'];
}

function buildAjv(coerce: boolean) {
  // Bodies are never coerced ({"name": 5} is not "5") and unknown fields are never dropped
  // silently; query strings and path params are text, so they may be coerced to numbers.
  const ajv = new Ajv.default({
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

/** Builds the whole application without listening; `app.inject` or `app.listen` drive it. */
export async function buildApp(
  config: Config,
  services: Omit<Services, 'config'>,
  options: AppOptions = {},
): Promise<FastifyTypebox> {
  const all: Services = { ...services, config };
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    disableRequestLogging: true,
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimit,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    rewriteUrl: rewriteGatewayUrl,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const bodyAjv = buildAjv(false);
  const textAjv = buildAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema),
  );

  await app.register(swagger, openApiOptions());
  app.addHook('onRoute', checkRouteErrors);

  registerJsonBodyParser(app);
  registerErrorHandling(app);
  registerConfluenceContext(app, all);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url.split('?')[0],
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });

  registerRootRoutes(app, all);
  registerHealthRoutes(app, all);
  registerOpenApiRoute(app);
  registerAdminRoutes(app, all);
  registerConfluenceRoutes(app, all);
  registerDecisionRoutes(app, all);
  registerNotImplementedRoutes(app);
  app.server.headersTimeout = 10_000;
  return app;
}
