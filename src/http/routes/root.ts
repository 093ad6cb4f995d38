import { readFileSync } from 'node:fs';
import { demoTenantPath } from '../../paths.js';
import { orgCredentials } from '../../presenters/credentials.js';
import { DOCS, rootPage, type RootDocument } from '../../presenters/root-page.js';
import type { FastifyTypebox } from '../fastify-types.js';
import { RootDocumentSchema, RootPageHtml } from '../schemas/root.js';
import type { Services } from '../services.js';

/** The API families, by where their paths start; each row counts its documented operations. */
const FAMILIES: Omit<RootDocument['apiFamilies'][number], 'operations'>[] = [
  {
    name: 'Admin API: data security policies',
    base: '/admin/control/',
    auth: 'Bearer <admin API key>',
    reference: 'https://developer.atlassian.com/cloud/admin/control/rest/api-group-policies',
  },
  {
    name: 'Organizations API: the org audit log (events, event actions)',
    base: '/admin/v1/',
    auth: 'Bearer <admin API key>',
    reference: 'docs/audit-log.md',
  },
  {
    name: 'Confluence REST v1: content restrictions, content, attachments, permission check',
    base: '/wiki/rest/api/',
    auth: 'Basic email:apiToken, Bearer <app token>, or none',
    reference: 'https://developer.atlassian.com/cloud/confluence/rest/v1/',
  },
  {
    name: 'Confluence REST v2: pages, blog posts, classification levels, data policies',
    base: '/wiki/api/v2/',
    auth: 'Basic email:apiToken, Bearer <app token>, or none',
    reference: 'https://developer.atlassian.com/cloud/confluence/rest/v2/',
  },
  {
    name: 'Confluence exports (PDF, Word) and public links',
    base: '/wiki/',
    auth: 'Basic or Bearer; public links need none',
    reference: 'docs/enforcement-endpoints.md',
  },
  {
    name: 'Jira REST v3: projects, issues, JQL search, attachments, classification, data policies',
    base: '/rest/api/3/',
    auth: 'Basic email:apiToken, Bearer <app token>, or none',
    reference: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/',
  },
  {
    name: 'Jira issue exports (Word, XML, HTML)',
    base: '/si/',
    auth: 'Basic email:apiToken or Bearer <app token>',
    reference: 'docs/jira.md',
  },
  {
    name: 'Jira search exports (CSV, XML)',
    base: '/sr/',
    auth: 'Basic email:apiToken or Bearer <app token>',
    reference: 'docs/jira.md',
  },
  {
    name: 'Discovery: the cloudId of a site',
    base: '/_edge/',
    auth: 'none',
    reference: 'docs/jira.md',
  },
  {
    name: 'Gatehouse: check (with suggestions), batch check, lists, rehearse; the operator endpoints',
    base: '/gatehouse/v1/',
    auth: 'Bearer <admin API key>',
    reference: 'docs/decision-scenarios.md',
  },
];

/** Pages of this server, in the order a person wants them: the admin console first. */
const LINKS: RootDocument['links'] = [
  {
    rel: 'console',
    href: '/console',
    title: 'the admin console: policies, rehearsal, the world, decisions, the audit log',
  },
  { rel: 'service-desc', href: '/openapi.json', title: 'OpenAPI 3.0 document of every endpoint' },
  { rel: 'status', href: '/healthz', title: 'liveness' },
  { rel: 'status', href: '/readyz', title: 'readiness: the database answers' },
];

/** True when the client asks for JSON at least as much as for HTML (`Accept` q-values). */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = (type: string) =>
    Math.max(
      0,
      ...accept.split(',').map((part) => {
        const [range = '', ...params] = part.trim().toLowerCase().split(';');
        if (range.trim() !== type) return 0;
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return q ? Number(q.slice(2)) || 0 : 1;
      }),
    );
  const json = quality('application/json');
  return json > 0 && json >= quality('text/html');
}

function demoOrgIds(): Set<string> {
  try {
    const file = JSON.parse(readFileSync(demoTenantPath(), 'utf8')) as { orgs?: { id?: string }[] };
    return new Set((file.orgs ?? []).flatMap((o) => (o.id ? [o.id] : [])));
  } catch {
    return new Set();
  }
}

/** `GET /`: what a person needs to start, as a small page or (Accept: application/json) JSON. */
export function registerRootRoutes(app: FastifyTypebox, services: Services): void {
  const demoIds = demoOrgIds();
  let counted: RootDocument['apiFamilies'] | undefined;
  const families = () => {
    if (counted) return counted;
    const paths = Object.entries((app.swagger() as { paths?: Record<string, object> }).paths ?? {});
    const owner = (path: string) =>
      FAMILIES.find(
        (f) =>
          path.startsWith(f.base) && !(f.base === '/wiki/' && /^\/wiki\/(rest|api)\//.test(path)),
      );
    counted = FAMILIES.map((family) => ({
      ...family,
      operations: paths
        .filter(([path]) => owner(path) === family)
        .reduce((n, [, ops]) => n + Object.keys(ops).length, 0),
    })).filter((f) => f.operations > 0);
    return counted;
  };

  app.get(
    '/',
    {
      schema: {
        tags: ['Gatehouse'],
        summary: 'Start page: the APIs served, the OpenAPI document, the docs, demo credentials',
        response: {
          200: {
            description: 'HTML by default; JSON when the client asks for application/json',
            content: {
              'text/html': { schema: RootPageHtml },
              'application/json': { schema: RootDocumentSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const demoOrg = [...demoIds].map((id) => services.index.org(id)).find((o) => o);
      const doc: RootDocument = {
        name: 'Gatehouse',
        description:
          'Atlassian Cloud data security policies and Confluence content restrictions, served with the same paths, JSON and errors, and enforced: point an existing client here by changing its base URL.',
        apiFamilies: families(),
        links: LINKS,
        docs: DOCS,
        demo: demoOrg ? orgCredentials(demoOrg) : null,
      };
      reply.header('vary', 'accept').header('cache-control', 'no-store');
      if (prefersJson(request.headers.accept)) {
        return reply.type('application/json; charset=utf-8').send(doc);
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(rootPage(doc));
    },
  );
}
