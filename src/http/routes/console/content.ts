import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { levelSource } from '../../../presenters/console/badges.js';
import { contentPage, type ContentView } from '../../../presenters/console/content-page.js';
import type {
  DecisionJson,
  DecisionPanel,
  RestrictionJson,
  SubjectJson,
} from '../../../presenters/console/content-view.js';
import { ConsoleProblem, errorText, type ConsoleApi } from './api.js';
import {
  HIDDEN,
  apiOf,
  formOf,
  param,
  queryParam,
  redirectWith,
  sendPage,
  sessionOf,
  viewerOf,
  type ConsoleDeps,
} from './context.js';
import { consoleFeatures } from './features.js';
import { treeContext } from './world.js';

/** The decision API's subject from the panel's choice: `user:ID`, `app:ARI` or `anonymous`. */
export function subjectInput(choice: string): Record<string, string> | undefined {
  if (choice === 'anonymous') return { type: 'anonymous' };
  const [kind, ...rest] = choice.split(':');
  const id = rest.join(':');
  if (id === '') return undefined;
  if (kind === 'user') return { type: 'user', accountId: id };
  if (kind === 'app') return { type: 'app', ari: id };
  return undefined;
}

async function decide(
  deps: ConsoleDeps,
  api: ConsoleApi,
  resource: { type: string; id: string },
  subject: string,
  action: string,
): Promise<DecisionPanel> {
  const suggestions = consoleFeatures(deps.root).suggestions;
  const panel: DecisionPanel = {
    subject,
    action,
    suggestions: suggestions ? 'shown' : 'unavailable',
  };
  const input = subjectInput(subject);
  if (!input) return { ...panel, error: 'Choose a user, an app or anonymous.' };
  const res = await api.admin<DecisionJson>(
    'POST',
    `/gatehouse/v1/orgs/${encodeURIComponent(api.orgId)}/check`,
    { subject: input, action, resource, ...(suggestions ? { suggest: true } : {}) },
  );
  if (res.status !== 200)
    return { ...panel, error: errorText(res.body) || `The check answered ${res.status}.` };
  return { ...panel, answer: res.body };
}

/** Comma- or space-separated names, de-duplicated. */
const listOf = (text: string | null) => [
  ...new Set((text ?? '').split(/[\s,]+/).filter((s) => s !== '')),
];

export function registerContentPages(app: FastifyInstance, deps: ConsoleDeps): void {
  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { restrictionError?: string; status?: number } = {},
  ) {
    const api = apiOf(deps, request);
    const cloudId = param(request, 'cloudId');
    const id = param(request, 'id');
    const ctx = treeContext(deps, api, cloudId);
    const content = ctx.world.content.get(id);
    const segment = content?.type === 'blogpost' ? 'blogposts' : 'pages';
    const got = await api.confluence<{ title: string; spaceId: string }>(
      cloudId,
      'GET',
      `/wiki/api/v2/${segment}/${encodeURIComponent(id)}`,
    );
    if (!content || got.status !== 200) {
      throw new ConsoleProblem(
        got.status === 401 ? 401 : 404,
        `No page ${id} here that you can see.`,
      );
    }
    const resource = { type: content.type, id };
    const [restrictions, level] = await Promise.all([
      api.confluence<{ results: RestrictionJson[] }>(
        cloudId,
        'GET',
        `/wiki/rest/api/content/${encodeURIComponent(id)}/restriction?expand=restrictions.user,restrictions.group`,
      ),
      api.confluence<{ name: string; color: string | null }>(
        cloudId,
        'GET',
        `/wiki/api/v2/${segment}/${encodeURIComponent(id)}/classification-level`,
      ),
    ]);
    const view: ContentView = {
      viewer: viewerOf(sessionOf(request)),
      world: ctx.world,
      cloudId,
      id,
      type: content.type,
      title: got.body.title,
      spaceName: ctx.world.spaces.get(content.spaceId)?.name ?? content.spaceId,
      level: level.status === 200 ? level.body : undefined,
      levelSource: levelSource(ctx.world, content),
      restrictions: restrictions.status === 200 ? restrictions.body.results : [],
      restrictionError: options.restrictionError,
    };
    if (api.identity.kind === 'admin') {
      const cursor = queryParam(request, 'readers');
      const readers = await api.admin<{ results: SubjectJson[]; _links: { next?: string } }>(
        'POST',
        `/gatehouse/v1/orgs/${encodeURIComponent(api.orgId)}/list-subjects`,
        { action: 'read', resource, limit: 25, ...(cursor ? { cursor } : {}) },
      );
      if (readers.status !== 200) throw new ConsoleProblem(400, errorText(readers.body));
      view.readers = { results: readers.body.results, next: readers.body._links.next ?? null };
      const subject = queryParam(request, 'subject');
      const action = queryParam(request, 'action') ?? 'read';
      view.panel = subject
        ? await decide(deps, api, resource, subject, action)
        : { subject: '', action, suggestions: 'shown' };
    } else {
      const ops = await api.confluence<{ operations: { operation: string }[] }>(
        cloudId,
        'GET',
        `/wiki/api/v2/${segment}/${encodeURIComponent(id)}/operations`,
      );
      view.operations = ops.status === 200 ? ops.body.operations.map((o) => o.operation) : [];
    }
    return sendPage(reply, request, {
      title: got.body.title,
      section: 'world',
      status: options.status ?? 200,
      body: contentPage(view),
    });
  }

  app.get('/content/:cloudId/:id', HIDDEN, (request, reply) => show(request, reply));

  app.post('/content/:cloudId/:id/restrictions', HIDDEN, async (request, reply) => {
    const api = apiOf(deps, request);
    if (api.identity.kind !== 'admin') {
      throw new ConsoleProblem(403, 'A read-only (user) session cannot change restrictions.');
    }
    const cloudId = param(request, 'cloudId');
    const id = param(request, 'id');
    treeContext(deps, api, cloudId);
    const form = formOf(request);
    const body = (['read', 'update'] as const).map((operation) => ({
      operation,
      restrictions: {
        user: listOf(form.get(`${operation}-users`)).map((accountId) => ({
          type: 'known',
          accountId,
        })),
        group: listOf(form.get(`${operation}-groups`)).map((name) => ({ type: 'group', name })),
      },
    }));
    const res = await api.confluence(
      cloudId,
      'PUT',
      `/wiki/rest/api/content/${encodeURIComponent(id)}/restriction`,
      body,
    );
    if (res.status >= 300) {
      if (res.status === 404)
        throw new ConsoleProblem(404, errorText(res.body) || `No page ${id}.`);
      return show(request, reply, {
        restrictionError: errorText(res.body) || `Confluence answered ${res.status}.`,
        status: 400,
      });
    }
    return redirectWith(reply, request, `/console/content/${cloudId}/${id}`, {
      kind: 'ok',
      text: 'Restrictions saved.',
    });
  });
}
