import type { FastifyInstance } from 'fastify';
import { auditPage, type EventJson } from '../../../presenters/console/audit-page.js';
import { errorText } from './api.js';
import { HIDDEN, adminApiOf, queryParam, sendPage, type ConsoleDeps } from './context.js';
import { consoleFeatures } from './features.js';

export function registerAuditPages(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/audit', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const filters = {
      action: queryParam(request, 'action') ?? '',
      from: queryParam(request, 'from') ?? '',
      to: queryParam(request, 'to') ?? '',
    };
    const page = (body: ReturnType<typeof auditPage>, status = 200) =>
      sendPage(reply, request, { title: 'Audit log', section: 'audit', body, status });
    if (!consoleFeatures(deps.root).auditLog) {
      return page(auditPage({ available: false, events: [], filters, actions: [], next: null }));
    }
    const org = encodeURIComponent(api.orgId);
    const search = new URLSearchParams({ limit: '50' });
    for (const [k, v] of Object.entries(filters)) if (v !== '') search.set(k, v);
    const cursor = queryParam(request, 'cursor');
    if (cursor) search.set('cursor', cursor);
    const [events, actions] = await Promise.all([
      api.admin<{ data: EventJson[]; meta: { next: string | null } }>(
        'GET',
        `/admin/v1/orgs/${org}/events?${search.toString()}`,
      ),
      api.admin<{ data: { id: string }[] }>('GET', `/admin/v1/orgs/${org}/event-actions`),
    ]);
    const actionIds = actions.status === 200 ? actions.body.data.map((a) => a.id) : [];
    if (events.status !== 200) {
      return page(
        auditPage({
          available: true,
          events: [],
          filters,
          actions: actionIds,
          next: null,
          error: errorText(events.body) || `The audit log answered ${events.status}.`,
        }),
        400,
      );
    }
    return page(
      auditPage({
        available: true,
        events: events.body.data,
        filters,
        actions: actionIds,
        next: events.body.meta.next,
      }),
    );
  });
}
