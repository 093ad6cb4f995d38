import { AUDIT_ACTION_IDS, AUDIT_ACTIONS } from '../domain/audit/actions.js';
import type { AuditEvent, AuditObject } from '../domain/audit/event.js';

const NO_LINKS = Object.freeze({ self: null, alt: null });

const item = (o: AuditObject) => ({
  id: o.id,
  type: o.type,
  attributes: o.attributes as Record<string, unknown>,
  links: NO_LINKS,
});

/** An event as the Organizations API shows one (`data` of `/events/{id}`, an item of `/events`). */
export function presentEvent(event: AuditEvent) {
  return {
    id: event.id,
    type: 'events' as const,
    attributes: {
      time: event.time,
      action: event.action,
      actor: event.actor,
      context: event.context.map(item),
      container: event.container.map(item),
      ...(event.location ? { location: { ip: event.location.ip } } : {}),
    },
    links: { self: `/admin/v1/orgs/${event.orgId}/events/${event.id}` },
    message: { content: event.message, format: 'simple' as const },
  };
}

/** An event of `/events-stream`: Gatehouse processes an event when it records it. */
export function presentPollingEvent(event: AuditEvent) {
  const shown = presentEvent(event);
  return { ...shown, attributes: { ...shown.attributes, processedAt: event.time } };
}

/** `GET /admin/v1/orgs/{orgId}/event-actions`: every action Gatehouse records (A3). */
export function presentEventActions() {
  return {
    data: AUDIT_ACTION_IDS.map((id) => ({
      id,
      type: 'eventActions' as const,
      attributes: {
        displayName: AUDIT_ACTIONS[id].displayName,
        groupDisplayName: AUDIT_ACTIONS[id].group,
        groupDisplayNames: [AUDIT_ACTIONS[id].group],
      },
    })),
    links: null,
    meta: null,
  };
}
