import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_JS, CONSOLE_STYLESHEET } from '../../../presenters/console/assets.js';
import { html } from '../../../presenters/console/html.js';
import { ApiError } from '../../errors/catalogue.js';
import type { Services } from '../../services.js';
import { ConsoleProblem } from './api.js';
import { HIDDEN, sendPage, type ConsoleDeps } from './context.js';
import { registerAuditPages } from './audit.js';
import { registerContentPages } from './content.js';
import { registerLevelPages } from './levels.js';
import { registerPolicyPages } from './policies.js';
import { registerPublishPages } from './publish.js';
import { ConsoleSessions, csrfMatches, sessionCookie } from './session.js';
import { registerSignInPages } from './sign-in.js';
import { registerWorldPages } from './world.js';

const PUBLIC_PATHS = new Set([
  '/console/sign-in',
  '/console/assets/console.css',
  '/console/assets/console.js',
]);

function statusOf(error: unknown): number {
  if (error instanceof ConsoleProblem) return error.status;
  // the app's own hooks (request shape, faults, loading) refuse in the catalogue's terms
  if (error instanceof ApiError) return error.status;
  const status = (error as Partial<FastifyError>).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function problemPage(request: FastifyRequest, reply: FastifyReply, status: number, text: string) {
  return sendPage(reply, request, {
    title: status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something is wrong',
    section: 'policies',
    status,
    body: html`<div class="notice bad" role="alert">${text}</div>
      <p><a href="/console">Back to the console</a></p>`,
  });
}

/**
 * The admin console (`/console`): server-rendered pages over Gatehouse's own APIs, as its own
 * encapsulated plugin. Its hook finds the session before any body is read; writes need the
 * session's CSRF token; every bad input is an HTML 4xx that says what is wrong.
 */
export async function registerConsole(root: FastifyInstance, services: Services): Promise<void> {
  const deps: ConsoleDeps = { root, services, sessions: new ConsoleSessions() };
  await root.register(
    async (app) => {
      app.decorateRequest('consoleSession', null);
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 256 * 1024 },
        (_request, body, done) => done(null, new URLSearchParams(String(body))),
      );
      app.addHook('onRequest', async (request, reply) => {
        const path = request.url.split('?')[0] ?? '';
        request.consoleSession = deps.sessions.get(sessionCookie(request)) ?? null;
        if (request.consoleSession || PUBLIC_PATHS.has(path)) return;
        if (request.method === 'GET' && !path.startsWith('/console/assets/')) {
          const next = path === '/console' ? '' : `?next=${encodeURIComponent(request.url)}`;
          return reply.code(303).header('location', `/console/sign-in${next}`).send();
        }
        if (path === '/console/sign-out') {
          return reply.code(303).header('location', '/console/sign-in').send();
        }
        throw new ConsoleProblem(401, 'Your session has ended: sign in again.');
      });
      // Every write but sign-in carries the session's CSRF token; sign-in refuses other sites.
      app.addHook('preHandler', async (request) => {
        if (request.method !== 'POST') return;
        const path = request.url.split('?')[0] ?? '';
        if (path === '/console/sign-in') {
          if (request.headers['sec-fetch-site'] === 'cross-site') {
            throw new ConsoleProblem(403, 'Sign in from the console’s own page.');
          }
          return;
        }
        const session = request.consoleSession;
        const token = request.body instanceof URLSearchParams ? request.body.get('_csrf') : null;
        if (!session || !csrfMatches(session, token ?? undefined)) {
          throw new ConsoleProblem(
            403,
            'This form is out of date or did not come from the console (CSRF token missing or wrong): reload the page and try again.',
          );
        }
      });
      app.setErrorHandler((error, request, reply) => {
        const status = statusOf(error);
        if (status >= 500 && !(error instanceof ApiError))
          request.log.error({ err: error }, 'console page failed');
        const text =
          status >= 500 && !(error instanceof ApiError)
            ? `The console could not show this page (request id ${request.id}).`
            : error instanceof Error
              ? error.message
              : 'Bad request.';
        return problemPage(request, reply, status, text);
      });
      app.setNotFoundHandler((request, reply) =>
        problemPage(request, reply, 404, `There is no console page ${request.url.split('?')[0]}.`),
      );

      app.get('/assets/console.css', HIDDEN, (_request, reply) =>
        reply
          .type('text/css; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(CONSOLE_STYLESHEET),
      );
      app.get('/assets/console.js', HIDDEN, (_request, reply) =>
        reply
          .type('text/javascript; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(CONSOLE_JS),
      );
      app.get('/', HIDDEN, (request, reply) =>
        reply
          .code(303)
          .header(
            'location',
            request.consoleSession?.identity.kind === 'user'
              ? '/console/world'
              : '/console/policies',
          )
          .send(),
      );
      registerSignInPages(app, deps);
      registerPolicyPages(app, deps);
      registerPublishPages(app, deps);
      registerWorldPages(app, deps);
      registerContentPages(app, deps);
      registerLevelPages(app, deps);
      registerAuditPages(app, deps);
    },
    { prefix: '/console' },
  );
}
