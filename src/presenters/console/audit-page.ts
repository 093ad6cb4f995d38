import { html, query, type Html } from './html.js';

export interface EventJson {
  id: string;
  attributes: {
    time: string;
    action: string;
    actor: { id: string; name?: string };
    context: { id: string; type: string; attributes: Record<string, unknown> }[];
    container: { id: string; type: string; attributes: Record<string, unknown> }[];
  };
  message: { content: string };
}

export interface AuditFilters {
  action: string;
  from: string;
  to: string;
}

/** A link to what an event changed: a policy or a page of the console; else its id. */
function contextLink(
  item: EventJson['attributes']['context'][number],
  cloudId: string | undefined,
): Html {
  const name = typeof item.attributes['name'] === 'string' ? item.attributes['name'] : undefined;
  const title = typeof item.attributes['title'] === 'string' ? item.attributes['title'] : undefined;
  if (item.type === 'org-policy') {
    return html`<a href="/console/policies/${item.id}">policy ${name ?? item.id}</a>`;
  }
  if ((item.type === 'page' || item.type === 'blogpost') && cloudId) {
    return html`<a href="/console/content/${cloudId}/${item.id}"
      >${item.type} ${title ?? item.id}</a
    >`;
  }
  return html`<span>${item.type} <code>${name ?? title ?? item.id}</code></span>`;
}

export function auditPage(options: {
  available: boolean;
  events: EventJson[];
  filters: AuditFilters;
  actions: string[];
  next: string | null;
  error?: string | undefined;
}): Html {
  if (!options.available) {
    return html`<div class="notice info" role="status">
      This Gatehouse build does not serve the org audit log (<code
        >GET /admin/v1/orgs/{orgId}/events</code
      >), so there are no events to show.
    </div>`;
  }
  const f = options.filters;
  const rows = options.events.map((e) => {
    const site = e.attributes.container.find((c) => c.type === 'sites');
    return html`<tr>
      <td class="mono">${e.attributes.time}</td>
      <td><code>${e.attributes.action}</code></td>
      <td>${e.attributes.actor.name ?? e.attributes.actor.id}</td>
      <td>${e.message.content}</td>
      <td>${e.attributes.context.map((c) => html`<div>${contextLink(c, site?.id)}</div>`)}</td>
    </tr>`;
  });
  return html`<form method="get" action="/console/audit" class="row" aria-label="Filter events">
      <div>
        <label for="action">Action</label
        ><select id="action" name="action">
          <option value="">any</option>
          ${options.actions.map(
            (a) =>
              html`<option value="${a}" ${a === f.action ? html` selected` : ''}>${a}</option>`,
          )}
        </select>
      </div>
      <div>
        <label for="from">From (ISO time)</label
        ><input
          type="text"
          id="from"
          name="from"
          value="${f.from}"
          placeholder="2026-01-01T00:00:00Z"
        />
      </div>
      <div>
        <label for="to">To (ISO time)</label><input type="text" id="to" name="to" value="${f.to}" />
      </div>
      <div><button type="submit">Filter</button></div>
    </form>
    ${options.error ? html`<p class="field-error" role="alert">${options.error}</p>` : ''}
    <table aria-label="Audit events, newest first" id="events">
      <thead>
        <tr>
          <th>time</th>
          <th>action</th>
          <th>actor</th>
          <th>what happened</th>
          <th>changed</th>
        </tr>
      </thead>
      <tbody>
        ${rows.length
          ? rows
          : html`<tr>
              <td colspan="5" class="muted">No events.</td>
            </tr>`}
      </tbody>
    </table>
    ${options.next
      ? html`<p>
          <a href="/console/audit${query({ ...f, cursor: options.next })}">Older events…</a>
        </p>`
      : ''}`;
}
