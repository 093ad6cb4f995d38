import { ACTIONS } from '../../domain/decision/types.js';
import type { OrgWorld } from '../../index/org-world.js';
import { html, query, type Html } from './html.js';
import { csrfField, levelLabel, type Viewer } from './layout.js';
import type { DecisionJson, DecisionPanel, RestrictionJson, SubjectJson } from './content-view.js';

export interface ContentView {
  viewer: Viewer;
  world: OrgWorld;
  cloudId: string;
  id: string;
  type: 'page' | 'blogpost';
  title: string;
  spaceName: string;
  level: { name: string; color: string | null } | undefined;
  levelSource: string;
  restrictions: RestrictionJson[];
  restrictionError?: string | undefined;
  /** Admin sessions: who can see the page (list-subjects), one page of it. */
  readers?: { results: SubjectJson[]; next: string | null } | undefined;
  /** User sessions: what the signed-in user may do here (v2 operations). */
  operations?: string[] | undefined;
  panel?: DecisionPanel | undefined;
}

const self = (v: ContentView) => `/console/content/${v.cloudId}/${v.id}`;

function restrictionTable(v: ContentView): Html {
  const rows = ['read', 'update'].map((op) => {
    const r = v.restrictions.find((x) => x.operation === op);
    const users = r?.restrictions.user.results ?? [];
    const groups = r?.restrictions.group.results ?? [];
    const none = users.length === 0 && groups.length === 0;
    return html`<tr>
      <th scope="row">${op}</th>
      <td>
        ${none ? html`<span class="muted">not restricted</span>` : ''}${users.map(
          (u) => html`<div>${u.displayName} <code>${u.accountId}</code></div>`,
        )}${groups.map((g) => html`<div>group ${g.name}</div>`)}
      </td>
    </tr>`;
  });
  return html`<table aria-label="Restrictions">
    <thead>
      <tr>
        <th>operation</th>
        <th>users and groups</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function restrictionForm(v: ContentView): Html {
  const value = (op: string, kind: 'user' | 'group') => {
    const r = v.restrictions.find((x) => x.operation === op);
    return kind === 'user'
      ? (r?.restrictions.user.results ?? []).map((u) => u.accountId).join(', ')
      : (r?.restrictions.group.results ?? []).map((g) => g.name).join(', ');
  };
  const field = (op: string, kind: 'user' | 'group', label: string) =>
    html`<div>
      <label for="${op}-${kind}s">${label}</label
      ><input
        type="text"
        id="${op}-${kind}s"
        name="${op}-${kind}s"
        value="${value(op, kind)}"
        ${v.restrictionError ? html` aria-describedby="restriction-error"` : ''}
      />
    </div>`;
  return html`<form method="post" action="${self(v)}/restrictions">
    ${csrfField(v.viewer)}
    <p class="muted">
      Replaces the page's restrictions through
      <code>PUT /wiki/rest/api/content/{id}/restriction</code>, as the org's site admin with the
      admin key. Comma-separated accountIds and group names; empty is unrestricted.
    </p>
    <div class="row">
      ${field('read', 'user', 'Read: users (accountIds)')}${field('read', 'group', 'Read: groups')}
    </div>
    <div class="row">
      ${field('update', 'user', 'Update: users (accountIds)')}${field(
        'update',
        'group',
        'Update: groups',
      )}
    </div>
    ${v.restrictionError
      ? html`<p class="field-error" id="restriction-error" role="alert">${v.restrictionError}</p>`
      : ''}
    <p><button type="submit">Save restrictions</button></p>
  </form>`;
}

function subjectLabel(s: SubjectJson, world: OrgWorld): string {
  if (s.type === 'user') return `${s.displayName ?? s.accountId ?? ''} (user)`;
  if (s.type === 'group') return `${s.name ?? s.id ?? ''} (group)`;
  if (s.type === 'app')
    return `${s.name ?? world.apps.get(s.ari ?? '')?.name ?? s.ari ?? ''} (app)`;
  return s.type;
}

/** The choices of the decision panel: every user and app of the org, and anonymous. */
function subjectOptions(world: OrgWorld, chosen: string): Html {
  const options = [
    ...[...world.users.values()].map((u) => ({
      value: `user:${u.accountId}`,
      label: `${u.displayName} (user)`,
    })),
    ...[...world.apps.values()].map((a) => ({ value: `app:${a.ari}`, label: `${a.name} (app)` })),
    { value: 'anonymous', label: 'anonymous' },
  ];
  return html`${options.map(
    (o) =>
      html`<option value="${o.value}" ${o.value === chosen ? html` selected` : ''}>
        ${o.label}
      </option>`,
  )}`;
}

function answer(a: DecisionJson, panel: DecisionPanel): Html {
  const toAllow =
    a.decision !== 'deny'
      ? ''
      : panel.suggestions === 'unavailable'
        ? html`<p class="muted" id="to-allow">
            What would allow it: this Gatehouse's check API offers no suggestions.
          </p>`
        : html`<h3>What would allow it</h3>
            ${a.toAllow && a.toAllow.length
              ? html`<ol id="to-allow">
                  ${a.toAllow.map(
                    (s) =>
                      html`<li>
                        ${s.text}${s.changes.length > 1
                          ? html`<ul>
                              ${s.changes.map((c) => html`<li>${c.text}</li>`)}
                            </ul>`
                          : ''}
                      </li>`,
                  )}
                </ol>`
              : html`<p id="to-allow" class="muted">
                  No change of restrictions, space permissions or policies would allow it.
                </p>`}`;
  return html`<p class="decision ${a.decision}" id="decision" role="status">
      ${a.decision === 'allow' ? 'Allowed' : 'Denied'}
    </p>
    <ul id="reasons">
      ${a.reasons.map(
        (r) =>
          html`<li>
            ${r.text}
            <span class="muted"
              >(${r.rule}${r.policyId
                ? html`, policy <a href="/console/policies/${r.policyId}">${r.policyId}</a>`
                : ''})</span
            >
          </li>`,
      )}
    </ul>
    ${a.enforcement
      ? html`<p class="muted">
          Enforcing would say ${a.enforcement.wouldBe.decision}:
          ${a.enforcement.wouldBe.reasons.map((r) => r.text).join('; ')}
        </p>`
      : ''}
    ${toAllow}`;
}

function decisionPanel(v: ContentView, panel: DecisionPanel): Html {
  return html`<form method="get" action="${self(v)}#decide" class="row">
      <div>
        <label for="subject">Who</label
        ><select id="subject" name="subject">
          ${subjectOptions(v.world, panel.subject)}
        </select>
      </div>
      <div>
        <label for="action">Action</label
        ><select id="action" name="action">
          ${ACTIONS.map(
            (a) =>
              html`<option value="${a}" ${a === panel.action ? html` selected` : ''}>${a}</option>`,
          )}
        </select>
      </div>
      <div><button type="submit">Decide</button></div>
    </form>
    ${panel.error ? html`<p class="field-error" role="alert">${panel.error}</p>` : ''}
    ${panel.answer ? answer(panel.answer, panel) : ''}`;
}

/** The content page: restrictions, classification, who can see it, and the decision panel. */
export function contentPage(v: ContentView): Html {
  const readers = v.readers
    ? html`<ul id="readers">
          ${v.readers.results.map((s) => html`<li>${subjectLabel(s, v.world)}</li>`)}
        </ul>
        ${v.readers.next
          ? html`<p>
              <a href="${self(v)}${query({ readers: v.readers.next })}#who"
                >Next page of readers…</a
              >
            </p>`
          : ''}`
    : html`<p class="muted">Only an org admin can list who can see a page.</p>`;
  return html`<p>
      ${v.type} <code>${v.id}</code> in space ${v.spaceName} · <a href="/console/world">World</a>
    </p>
    <h2>Classification</h2>
    <p id="classification">
      ${levelLabel(v.level)} <span class="muted">— from ${v.levelSource}</span>
    </p>
    <h2>Restrictions</h2>
    ${restrictionTable(v)} ${v.viewer.kind === 'admin' ? restrictionForm(v) : ''}
    ${v.operations
      ? html`<h2>What you may do here</h2>
          <p id="operations">${v.operations.length ? v.operations.join(', ') : 'nothing'}</p>`
      : ''}
    <h2 id="who">Who can see this page</h2>
    ${readers}
    ${v.panel
      ? html`<h2 id="decide">Decision</h2>
          ${decisionPanel(v, v.panel)}`
      : ''}`;
}
