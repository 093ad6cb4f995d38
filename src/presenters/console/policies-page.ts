import { RULES } from '../../domain/decision/policy-facts.js';
import { html, type Html } from './html.js';
import { effectOf, ruleOf, type PolicySummary } from './policy-view.js';

/** The grid's columns: the coverage levels that enforce (others appear only when used). */
const ENFORCING_LEVELS = ['ORG', 'WORKSPACE', 'CONTAINER', 'CLASSIFICATION'];

function cell(items: PolicySummary[], rule: string, level: string): Html {
  const entries = items.map(({ policy, resources }) => {
    const a = policy.attributes;
    const effect = effectOf(policy);
    const subject = a.subject ? html` · subject <code>${a.subject.subjectId}</code>` : '';
    const count =
      level === 'ORG'
        ? ''
        : html` · ${resources === 'many' ? '100+' : resources} resource${resources === 1 ? '' : 's'}`;
    return html`<span class="cell"
      ><a href="/console/policies/${policy.id}">${a.name}</a>
      <span class="badge ${a.status}">${a.status}</span
      ><span class="badge ${effect}">${effect}</span>${subject}${count}</span
    >`;
  });
  return html`<td>
    ${entries.length ? entries : html`<span class="muted">—</span>`}
    <a
      class="muted"
      href="/console/policies/new?rule=${rule}&amp;level=${level}"
      aria-label="New ${rule} draft at ${level}"
      >+ draft</a
    >
  </td>`;
}

/** The policies grid: rules × coverage levels, drafts and published policies in each cell. */
export function policiesPage(policies: PolicySummary[]): Html {
  const levels = [
    ...ENFORCING_LEVELS,
    ...new Set(
      policies
        .map((p) => p.policy.attributes.metadata.policyCoverageLevel)
        .filter((l) => !ENFORCING_LEVELS.includes(l)),
    ),
  ];
  const rows = RULES.map((rule) => {
    const ofRule = policies.filter((p) => ruleOf(p.policy) === rule);
    return html`<tr>
      <th scope="row">
        ${rule}
        <div><a class="muted" href="/console/publish?rule=${rule}">publish drafts…</a></div>
      </th>
      ${levels.map((level) =>
        cell(
          ofRule.filter((p) => p.policy.attributes.metadata.policyCoverageLevel === level),
          rule,
          level,
        ),
      )}
    </tr>`;
  });
  return html`<p>
      Every data security policy of the org, published and draft, by rule and coverage level.
      <a class="button" href="/console/policies/new">New draft</a>
    </p>
    <table class="grid" aria-label="Policies by rule and coverage level">
      <thead>
        <tr>
          <th scope="col">rule</th>
          ${levels.map((l) => html`<th scope="col">${l}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}
