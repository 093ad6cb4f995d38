import type { FastifyInstance, FastifyRequest } from 'fastify';
import { html } from '../../../presenters/console/html.js';
import {
  treeItems,
  worldPage,
  type PageItem,
  type TreeContext,
} from '../../../presenters/console/world-page.js';
import { ConsoleProblem, errorText, type ConsoleApi } from './api.js';
import {
  HIDDEN,
  apiOf,
  isFragment,
  param,
  queryParam,
  sendHtml,
  sendPage,
  type ConsoleDeps,
} from './context.js';

const PAGE_SIZE = 50;

interface V2List {
  results: PageItem[];
  _links?: { next?: string };
}

/** The cursor of a v2 list's `next` link. */
function cursorOf(next: string | undefined): string | null {
  if (!next) return null;
  return new URL(next, 'http://x').searchParams.get('cursor');
}

export function treeContext(deps: ConsoleDeps, api: ConsoleApi, cloudId: string): TreeContext {
  const org = deps.services.index.snapshot().org(api.orgId);
  const site = org?.world.sites.get(cloudId);
  if (!org || !site) throw new ConsoleProblem(404, `No site ${cloudId} in this org.`);
  if (api.identity.kind === 'user' && api.identity.cloudId !== cloudId) {
    throw new ConsoleProblem(404, `No site ${cloudId} for this user.`);
  }
  return { world: org.world, facts: org.facts, cloudId };
}

/** One page of a v2 list of pages, through the Confluence API with the session's credentials. */
async function listPages(
  api: ConsoleApi,
  cloudId: string,
  path: string,
  cursor: string | undefined,
) {
  const q = `limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  const res = await api.confluence<V2List>(
    cloudId,
    'GET',
    `${path}${path.includes('?') ? '&' : '?'}${q}`,
  );
  if (res.status === 404) return undefined;
  if (res.status !== 200)
    throw new ConsoleProblem(res.status < 500 ? res.status : 502, errorText(res.body));
  return { items: res.body.results, cursor: cursorOf(res.body._links?.next) };
}

export function registerWorldPages(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/world', HIDDEN, async (request, reply) => {
    const api = apiOf(deps, request);
    const world = deps.services.index.org(api.orgId);
    if (!world) throw new ConsoleProblem(404, 'This org is gone.');
    const sites = [...world.sites.values()].filter(
      (s) => api.identity.kind === 'admin' || s.cloudId === api.identity.cloudId,
    );
    const listed = await Promise.all(
      sites.map(async (site) => {
        const spaces = [...world.spaces.values()].filter((sp) => sp.siteId === site.cloudId);
        // A user sees the spaces whose page list the API lets them read.
        const visible =
          api.identity.kind === 'admin'
            ? spaces
            : (
                await Promise.all(
                  spaces.map(async (sp) =>
                    (await listPages(
                      api,
                      site.cloudId,
                      `/wiki/api/v2/spaces/${sp.id}/pages?depth=root`,
                      undefined,
                    ))
                      ? sp
                      : undefined,
                  ),
                )
              ).filter((sp) => sp !== undefined);
        return { cloudId: site.cloudId, name: site.name, spaces: visible };
      }),
    );
    return sendPage(reply, request, {
      title: 'World',
      section: 'world',
      body: worldPage(listed, api.identity.kind === 'user'),
    });
  });

  async function pagesView(
    request: FastifyRequest,
    kind: 'space' | 'children',
  ): Promise<{ title: string; body: ReturnType<typeof html> }> {
    const api = apiOf(deps, request);
    const cloudId = param(request, 'cloudId');
    const id = param(request, 'id');
    const ctx = treeContext(deps, api, cloudId);
    const cursor = queryParam(request, 'cursor');
    const path =
      kind === 'space'
        ? `/wiki/api/v2/spaces/${encodeURIComponent(id)}/pages?depth=root`
        : `/wiki/api/v2/pages/${encodeURIComponent(id)}/children`;
    const listed = await listPages(api, cloudId, path, cursor);
    const name =
      kind === 'space' ? ctx.world.spaces.get(id)?.name : ctx.world.content.get(id)?.title;
    if (!listed || name === undefined) {
      throw new ConsoleProblem(
        404,
        `No ${kind === 'space' ? 'space' : 'page'} ${id} here that you can see.`,
      );
    }
    const self = `/console/world/${cloudId}/${kind === 'space' ? 'spaces' : 'pages'}/${id}${kind === 'children' ? '/children' : ''}`;
    const next = listed.cursor ? `${self}?cursor=${encodeURIComponent(listed.cursor)}` : null;
    const listId = `tree-${kind}-${id}-${cursor ? 'p' + cursor.slice(0, 8).replace(/[^A-Za-z0-9]/g, '') : '0'}`;
    return {
      title: kind === 'space' ? `Space ${name}` : `Pages under ${name}`,
      body: treeItems(ctx, listId, listed.items, next, 'No pages you can see.'),
    };
  }

  for (const [url, kind] of [
    ['/world/:cloudId/spaces/:id', 'space'],
    ['/world/:cloudId/pages/:id/children', 'children'],
  ] as const) {
    app.get(url, HIDDEN, async (request, reply) => {
      const view = await pagesView(request, kind);
      if (isFragment(request)) return sendHtml(reply, view.body.value);
      return sendPage(reply, request, {
        title: view.title,
        section: 'world',
        body: html`<p><a href="/console/world">← World</a></p>
          ${view.body}`,
      });
    });
  }
}
