import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyServerOptions, type onResponseAsyncHookHandler } from 'fastify';
import type { Config } from './config.js';
import { registerAdminAuth } from './http/admin-auth.js';
import { registerDoorContext } from './http/door/context.js';
import { registerJiraContext } from './http/door/jira-context.js';
import { registerErrorHandling } from './http/errors/handler.js';
import type { FastifyTypebox } from './http/fastify-types.js';
import { answerClientError, answerFrameworkError } from './http/hardening/client-errors.js';
import { neverThrowing } from './http/hardening/pre-routing.js';
import { registerRequestShape } from './http/hardening/request-shape.js';
import { MAX_PARAM_LENGTH, serverOptions } from './http/hardening/timeouts.js';
import { registerFaults } from './http/faults/hook.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { registerOperatorAuth } from './http/operator-auth.js';
import { registerLoadingGate } from './http/loading.js';
import { checkRouteErrors, openApiOptions } from './http/openapi/document.js';
import { registerAdminRoutes } from './http/routes/admin/index.js';
import { registerConfluenceRoutes } from './http/routes/confluence/index.js';
import { registerConsole } from './http/routes/console/index.js';
import { registerDecisionRoutes } from './http/routes/gatehouse/decisions.js';
import { registerRehearseRoutes } from './http/routes/gatehouse/rehearse.js';
import { registerEnforcementRoutes } from './http/routes/gatehouse/enforcement.js';
import { registerFaultRoutes } from './http/routes/gatehouse/faults.js';
import { registerIssueClassificationRoutes } from './http/routes/gatehouse/issue-classification.js';
import { registerOrgRoutes } from './http/routes/gatehouse/orgs.js';
import { registerHealthRoutes } from './http/routes/health.js';
import { registerDiscoveryRoutes } from './http/routes/discovery.js';
import { registerJiraRoutes } from './http/routes/jira/index.js';
import {
  CONFLUENCE_PREFIXES,
  JIRA_PREFIXES,
  OTHER_PREFIXES,
  registerNotImplementedRoutes,
} from './http/routes/not-implemented.js';
import { registerOpenApiRoute } from './http/routes/openapi.js';
import { registerRootRoutes } from './http/routes/root.js';
import { createServices, type Services } from './http/services.js';
import { rewriteGatewayUrl } from './http/site-routing.js';
import type { WorldIndex } from './index/world-index.js';
import type { Storage } from './storage/storage.js';

export interface AppOptions {
  /** pino logger options, or false for tests. */
  logger?: FastifyServerOptions['logger'];
  /** Sees every response of every route (tests check the answered status is documented). */
  onResponse?: onResponseAsyncHookHandler;
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

  await app.register(swagger, openApiOptions());
  app.addHook('onRoute', checkRouteErrors);
  if (options.onResponse) app.addHook('onResponse', options.onResponse);

  registerJsonBodyParser(app);
  registerErrorHandling(app, all.storage);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerRequestShape(app);
  registerLoadingGate(app, all);

  // Faults and rate limiting come first: after routing, before any authentication or body.
  registerFaults(app, all);
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
  // Each API family is an encapsulated plugin whose onRequest hook authenticates (and, for the
  // content APIs, routes to a site) before any body is parsed or validated.
  await app.register(async (admin) => {
    registerAdminAuth(admin, all);
    const typed = admin.withTypeProvider<TypeBoxTypeProvider>();
    registerAdminRoutes(typed, all);
    registerDecisionRoutes(typed, all);
    registerIssueClassificationRoutes(typed, all);
    registerRehearseRoutes(typed, all);
  });
  // The operator's endpoints (orgs, fork, snapshot, reset, faults; enforcement and the decision
  // log also with the org's Admin API key): their own plugin and key check.
  await app.register(async (operator) => {
    registerOperatorAuth(operator, all);
    const typed = operator.withTypeProvider<TypeBoxTypeProvider>();
    registerOrgRoutes(typed, all);
    registerEnforcementRoutes(typed, all);
    registerFaultRoutes(typed, all);
  });
  await app.register(async (content) => {
    registerDoorContext(content, all);
    const typed = content.withTypeProvider<TypeBoxTypeProvider>();
    registerConfluenceRoutes(typed, all);
    registerNotImplementedRoutes(typed, CONFLUENCE_PREFIXES);
  });
  await app.register(async (jira) => {
    registerJiraContext(jira, all);
    const typed = jira.withTypeProvider<TypeBoxTypeProvider>();
    registerJiraRoutes(typed, all);
    registerNotImplementedRoutes(typed, JIRA_PREFIXES);
  });
  registerDiscoveryRoutes(app, all);
  // The admin console: HTML pages over the APIs above (it calls them with app.inject), its own
  // plugin with its session cookie, CSRF check and HTML error pages.
  await registerConsole(app, all);
  registerNotImplementedRoutes(app, OTHER_PREFIXES);
  return app;
}
