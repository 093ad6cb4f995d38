import { RULES } from '../../domain/decision/policy-facts.js';
import { html, type Html } from './html.js';
import { csrfField, type Viewer } from './layout.js';
import type { PolicyJson } from './policy-view.js';

/** The rehearsal's answer (`POST /gatehouse/v1/orgs/{orgId}/rehearse`), the parts shown. */
export interface RehearsalJson {
  summary: {
    contentAffected: number;
    allowToDeny: number;
    denyToAllow: number;
    usersAffected: number;
    appsAffected: number;
    anonymous: { allowToDeny: number; denyToAllow: number };
    publicLinksTurnedOff: number;
  };
  changes: {
    resource: { type: string; id: string; title: string };
    action: string;
    before: string;
    after: string;
    subjects: {
      users: number;
      groups: { id: string; name: string }[];
      apps: { ari: string; name: string }[];
      anonymous: boolean;
    };
    reasons: { text: string }[];
  }[];
  publicLinks: {
    turnedOff: { id: string; resource: { id: string; title: string } }[];
    warning: string | null;
  };
  _links: { next?: string };
}

/** One chosen draft: its id and coverage level (what `policyOperations` names). */
export interface Chosen {
  id: string;
  level: string;
}

const opValue = (p: PolicyJson) => `${p.id}|${p.attributes.metadata.policyCoverageLevel}`;

const hiddenOps = (rule: string, chosen: Chosen[]): Html =>
  html`<input type="hidden" name="rule" value="${rule}" />${chosen.map(
      (c) => html`<input type="hidden" name="op" value="${c.id}|${c.level}" />`,
    )}`;

/** Step 1: the drafts of a rule, to rehearse (and then publish) together. */
export function choosePage(options: {
  viewer: Viewer;
  rule: string;
  drafts: PolicyJson[];
  error?: string | undefined;
  rehearsal: boolean;
}): Html {
  const { rule, drafts } = options;
  const tabs = RULES.map(
    (r) =>
      html`<a href="/console/publish?rule=${r}" ${r === rule ? html` aria-current="page"` : ''}
        >${r}</a
      >`,
  );
  return html`<p>
      A publish replaces the rule's published policies with its drafts, all at once. Choose the
      drafts, ${options.rehearsal ? 'see the rehearsal: who loses or gains what,' : ''} then
      confirm.
    </p>
    <nav aria-label="Rules" class="row">${tabs}</nav>
    ${options.error ? html`<div class="notice bad" role="alert">${options.error}</div>` : ''}
    ${drafts.length === 0
      ? html`<p class="muted">
          No drafts of ${rule}. <a href="/console/policies/new?rule=${rule}">Create one</a>.
        </p>`
      : html`<form method="post" action="/console/publish/rehearse">
          ${csrfField(options.viewer)}
          <input type="hidden" name="rule" value="${rule}" />
          <fieldset>
            <legend>Drafts of ${rule}</legend>
            ${drafts.map(
              (p) =>
                html`<label class="inline"
                    ><input type="checkbox" name="op" value="${opValue(p)}" checked /> ${p
                      .attributes.name}
                    <span class="badge">${p.attributes.metadata.policyCoverageLevel}</span>
                    <span class="badge ${Object.values(p.attributes.rule)[0]?.effect ?? ''}"
                      >${Object.values(p.attributes.rule)[0]?.effect ?? ''}</span
                    ></label
                  ><br />`,
            )}
          </fieldset>
          <p><button type="submit">${options.rehearsal ? 'Rehearse' : 'Review'}</button></p>
        </form>`}`;
}

function subjects(s: RehearsalJson['changes'][number]['subjects']): string {
  const parts = [
    s.users ? `${s.users} user${s.users === 1 ? '' : 's'}` : '',
    ...s.groups.map((g) => `group ${g.name}`),
    ...s.apps.map((a) => `app ${a.name}`),
    s.anonymous ? 'anonymous' : '',
  ].filter((p) => p !== '');
  return parts.join(', ') || 'nobody';
}

/** Step 2: the rehearsal's summary and changes (or that there is none), and the confirm button. */
export function rehearsalPage(options: {
  viewer: Viewer;
  rule: string;
  chosen: Chosen[];
  rehearsal: RehearsalJson | 'unavailable';
  error?: string | undefined;
}): Html {
  const { rehearsal } = options;
  const confirm = html`<form method="post" action="/console/publish">
    ${csrfField(options.viewer)}${hiddenOps(options.rule, options.chosen)}
    <p>
      <button type="submit">
        Publish ${options.chosen.length} draft${options.chosen.length === 1 ? '' : 's'} of
        ${options.rule}
      </button>
      <a class="button secondary" href="/console/publish?rule=${options.rule}">Back</a>
    </p>
  </form>`;
  if (options.error) {
    return html`<div class="notice bad" role="alert">${options.error}</div>
      <p><a href="/console/publish?rule=${options.rule}">Back</a></p>`;
  }
  if (rehearsal === 'unavailable') {
    return html`<div class="notice info" role="status">
        This Gatehouse build does not serve rehearsals (<code
          >POST /gatehouse/v1/orgs/{orgId}/rehearse</code
        >): publishing without seeing what would change.
      </div>
      ${confirm}`;
  }
  const s = rehearsal.summary;
  const changes = rehearsal.changes.map(
    (c) =>
      html`<tr class="${c.after === 'deny' ? 'loss' : 'gain'}">
        <td>${c.resource.type} ${c.resource.title}</td>
        <td>${c.action}</td>
        <td>${c.before} → ${c.after}</td>
        <td>${subjects(c.subjects)} ${c.after === 'deny' ? 'lose' : 'gain'} ${c.action}</td>
        <td>${c.reasons.map((r) => html`<div>${r.text}</div>`)}</td>
      </tr>`,
  );
  const links = rehearsal.publicLinks.turnedOff;
  return html`<section aria-label="Rehearsal summary" id="rehearsal">
      <ul>
        <li>
          ${s.contentAffected} page${s.contentAffected === 1 ? '' : 's'} and blog posts affected
        </li>
        <li class="loss">
          ${s.allowToDeny} decision${s.allowToDeny === 1 ? '' : 's'} allow → deny
        </li>
        <li class="gain">
          ${s.denyToAllow} decision${s.denyToAllow === 1 ? '' : 's'} deny → allow
        </li>
        <li>
          ${s.usersAffected} user${s.usersAffected === 1 ? '' : 's'}, ${s.appsAffected}
          app${s.appsAffected === 1 ? '' : 's'} affected; anonymous: ${s.anonymous.allowToDeny}
          lost, ${s.anonymous.denyToAllow} gained
        </li>
        ${s.publicLinksTurnedOff
          ? html`<li class="loss">
              ${s.publicLinksTurnedOff} public link${s.publicLinksTurnedOff === 1 ? '' : 's'} turned
              off for good
            </li>`
          : ''}
      </ul>
      ${rehearsal.publicLinks.warning
        ? html`<div class="notice bad" role="alert">${rehearsal.publicLinks.warning}</div>`
        : ''}
      ${links.length
        ? html`<ul class="loss">
            ${links.map(
              (l) => html`<li>public link of ${l.resource.title} turned off for good</li>`,
            )}
          </ul>`
        : ''}
    </section>
    <h2>Changes</h2>
    <table aria-label="Changes the publish would make">
      <thead>
        <tr>
          <th>content</th>
          <th>action</th>
          <th>decision</th>
          <th>who</th>
          <th>why</th>
        </tr>
      </thead>
      <tbody>
        ${changes.length
          ? changes
          : html`<tr>
              <td colspan="5" class="muted">No decision changes.</td>
            </tr>`}
      </tbody>
    </table>
    ${rehearsal._links.next
      ? html`<p class="muted">
          More changes than shown here (the first ${rehearsal.changes.length}).
        </p>`
      : ''}
    ${confirm}`;
}
