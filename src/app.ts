import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { registerErrorHandling } from './http/errors/handler.js';
import type { FastifyTypebox } from './http/fastify-types.js';
import { answerClientError, answerFrameworkError } from './http/hardening/client-errors.js';
import { neverThrowing } from './http/hardening/pre-routing.js';
import { registerRequestShape } from './http/hardening/request-shape.js';
import { MAX_PARAM_LENGTH, serverOptions } from './http/hardening/timeouts.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { registerConfluenceContext } from './http/request-context.js';
import { registerAdminRoutes } from './http/routes/admin/index.js';
import { registerConfluenceRoutes } from './http/routes/confluence/index.js';
import { registerDecisionRoutes } from './http/routes/gatehouse/decisions.js';
import { registerHealthRoutes } from './http/routes/health.js';
import { registerNotImplementedRoutes } from './http/routes/not-implemented.js';
import { registerOpenApiRoute } from './http/routes/openapi.js';
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
    ...serverOptions(config.timeouts),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    rewriteUrl: neverThrowing(rewriteGatewayUrl),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Requests that arrive while closing are served (the storage closes after them), never
    // answered with Fastify's own 503 body.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const bodyAjv = buildAjv(false);
  const textAjv = buildAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema),
  );

  await app.register(swagger, {
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
          basic: { type: 'http', scheme: 'basic' },
        },
      },
    },
  });

  registerJsonBodyParser(app);
  registerErrorHandling(app, all.storage);
  registerRequestShape(app);
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

  registerHealthRoutes(app, all);
  registerOpenApiRoute(app);
  registerAdminRoutes(app, all);
  registerConfluenceRoutes(app, all);
  registerDecisionRoutes(app, all);
  registerNotImplementedRoutes(app);
  return app;
}
