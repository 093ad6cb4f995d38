import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { registerAdminAuth } from './http/admin-auth.js';
import { registerDoorContext } from './http/door/context.js';
import { registerErrorHandling } from './http/errors/handler.js';
import type { FastifyTypebox } from './http/fastify-types.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { registerAdminRoutes } from './http/routes/admin/index.js';
import { registerConfluenceRoutes } from './http/routes/confluence/index.js';
import { registerDecisionRoutes } from './http/routes/gatehouse/decisions.js';
import { registerRehearseRoutes } from './http/routes/gatehouse/rehearse.js';
import { registerHealthRoutes } from './http/routes/health.js';
import {
  CONFLUENCE_PREFIXES,
  OTHER_PREFIXES,
  registerNotImplementedRoutes,
} from './http/routes/not-implemented.js';
import { registerOpenApiRoute } from './http/routes/openapi.js';
import { createServices, type Services } from './http/services.js';
import { rewriteGatewayUrl } from './http/site-routing.js';
import type { WorldIndex } from './index/world-index.js';
import type { Storage } from './storage/storage.js';

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
    discriminator: true,
  });
  addFormats.default(ajv);
  return ajv;
}

/** Builds the whole application without listening; `app.inject` or `app.listen` drive it. */
export async function buildApp(
  config: Config,
  deps: { storage: Storage; index: WorldIndex },
  options: AppOptions = {},
): Promise<FastifyTypebox> {
  const all: Services = createServices(config, deps.storage, deps.index);
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
  registerErrorHandling(app);

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
  // Each API family is an encapsulated plugin whose onRequest hook authenticates (and, for the
  // content APIs, routes to a site) before any body is parsed or validated.
  await app.register(async (admin) => {
    registerAdminAuth(admin, all);
    const typed = admin.withTypeProvider<TypeBoxTypeProvider>();
    registerAdminRoutes(typed, all);
    registerDecisionRoutes(typed, all);
    registerRehearseRoutes(typed, all);
  });
  await app.register(async (content) => {
    registerDoorContext(content, all);
    const typed = content.withTypeProvider<TypeBoxTypeProvider>();
    registerConfluenceRoutes(typed, all);
    registerNotImplementedRoutes(typed, CONFLUENCE_PREFIXES);
  });
  registerNotImplementedRoutes(app, OTHER_PREFIXES);
  app.server.headersTimeout = 10_000;
  return app;
}
