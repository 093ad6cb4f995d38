import { RULES } from '../../domain/decision/policy-facts.js';
import { COVERAGE_LEVELS } from '../../domain/policies/model.js';
import { html, type Html } from './html.js';
import { csrfField, type Viewer } from './layout.js';
import {
  effectOf,
  ruleOf,
  type PolicyField,
  type PolicyJson,
  type ResourceJson,
} from './policy-view.js';

/** What the policy form shows: the values typed (or the policy's) and the API's errors by field. */
export interface PolicyFormValues {
  name: string;
  description: string;
  level: string;
  rule: string;
  effect: string;
  subject: string;
}

export type FieldErrors = Partial<Record<PolicyField, string>>;

export function formValues(policy: PolicyJson): PolicyFormValues {
  const a = policy.attributes;
  return {
    name: a.name,
    description: a.metadata.description ?? '',
    level: a.metadata.policyCoverageLevel,
    rule: ruleOf(policy),
    effect: effectOf(policy),
    subject: a.subject?.subjectId ?? '',
  };
}

function error(errors: FieldErrors, field: PolicyField): Html {
  const text = errors[field];
  return text ? html`<p class="field-error" id="${field}-error" role="alert">${text}</p>` : html``;
}

const described = (errors: FieldErrors, field: PolicyField): Html =>
  errors[field] ? html` aria-describedby="${field}-error" aria-invalid="true"` : html``;

function select(name: PolicyField, options: readonly string[], value: string, errors: FieldErrors) {
  return html`<select id="${name}" name="${name}" ${described(errors, name)}>
      ${options.map(
        (o) => html`<option value="${o}" ${o === value ? html` selected` : ''}>${o}</option>`,
      )}</select
    >${error(errors, name)}`;
}

/** The draft form: new (POST /console/policies) or edit (POST /console/policies/{id}). */
export function policyForm(options: {
  viewer: Viewer;
  action: string;
  values: PolicyFormValues;
  errors: FieldErrors;
  editing: boolean;
}): Html {
  const { values: v, errors } = options;
  return html`${errors.form ? html`<div class="notice bad" role="alert">${errors.form}</div>` : ''}
    <form method="post" action="${options.action}" class="policy-form">
      ${csrfField(options.viewer)}
      <label for="name">Name</label>
      <input
        type="text"
        id="name"
        name="name"
        value="${v.name}"
        maxlength="255"
        ${described(errors, 'name')}
      />${error(errors, 'name')}
      <label for="description">Description</label>
      <input
        type="text"
        id="description"
        name="description"
        value="${v.description}"
        maxlength="1000"
        ${described(errors, 'description')}
      />${error(errors, 'description')}
      <div class="row">
        <div><label for="rule">Rule</label>${select('rule', RULES, v.rule, errors)}</div>
        <div>
          <label for="effect">Effect</label>${select(
            'effect',
            ['block', 'allow'],
            v.effect,
            errors,
          )}
        </div>
        <div>
          <label for="level">Coverage level</label>${select(
            'level',
            COVERAGE_LEVELS,
            v.level,
            errors,
          )}
        </div>
      </div>
      <label for="subject">Subject (appAccess only: <code>all_apps</code> or an app ARI)</label>
      <input
        type="text"
        id="subject"
        name="subject"
        value="${v.subject}"
        maxlength="512"
        ${described(errors, 'subject')}
      />${error(errors, 'subject')}
      <p><button type="submit">${options.editing ? 'Save draft' : 'Create draft'}</button></p>
    </form>`;
}

/** A resource's name for people: the API's name (and key), else what the ARI names. */
function resourceLabel(r: ResourceJson, names: ReadonlyMap<string, string>): Html {
  const a = r.attributes;
  const name = a.resourceName ?? names.get(a.resourceId);
  return html`${name ?? html`<span class="muted">unknown resource</span>`}${a.resourceKey
      ? html` <span class="muted">(${a.resourceKey})</span>`
      : ''}<br /><code>${a.resourceId}</code>`;
}

/** The policy page: what it is, its resources (add and remove), edit, delete. */
export function policyPage(options: {
  viewer: Viewer;
  policy: PolicyJson;
  resources: ResourceJson[];
  moreResources: string | null;
  /** Resources one may add here: ARI → name (levels, spaces or sites, by coverage level). */
  candidates: { ari: string; name: string }[];
  names: ReadonlyMap<string, string>;
  form: Html;
  resourceError?: string | undefined;
}): Html {
  const { policy, viewer } = options;
  const a = policy.attributes;
  const level = a.metadata.policyCoverageLevel;
  const rows = options.resources.map(
    (r) =>
      html`<tr>
        <td>${resourceLabel(r, options.names)}</td>
        <td><span class="badge">${r.attributes.applicationStatus}</span></td>
        <td>
          <form method="post" action="/console/policies/${policy.id}/resources" class="inline">
            ${csrfField(viewer)} <input type="hidden" name="operation" value="REMOVE" /><input
              type="hidden"
              name="resourceAri"
              value="${r.attributes.resourceId}"
            />
            <button
              type="submit"
              class="secondary"
              aria-label="Remove ${r.attributes.resourceName ?? r.attributes.resourceId}"
            >
              Remove
            </button>
          </form>
        </td>
      </tr>`,
  );
  const resources =
    level === 'ORG'
      ? html`<p class="muted">An ORG policy covers the whole org: it has no resources.</p>`
      : html`<table aria-label="Resources of the policy">
            <thead>
              <tr>
                <th>resource</th>
                <th>applicationStatus</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${rows.length
                ? rows
                : html`<tr>
                    <td colspan="3" class="muted">No resources yet.</td>
                  </tr>`}
            </tbody>
          </table>
          ${options.moreResources
            ? html`<p><a href="${options.moreResources}">More resources…</a></p>`
            : ''}
          ${options.resourceError
            ? html`<p class="field-error" id="resource-error" role="alert">
                ${options.resourceError}
              </p>`
            : ''}
          <form method="post" action="/console/policies/${policy.id}/resources">
            ${csrfField(viewer)}
            <input type="hidden" name="operation" value="ADD" />
            <div class="row">
              <div>
                <label for="resource-pick">Add a resource</label>
                <select id="resource-pick" name="resourceAri">
                  <option value="">— choose —</option>
                  ${options.candidates.map(
                    (c) => html`<option value="${c.ari}">${c.name}</option>`,
                  )}
                </select>
              </div>
              <div>
                <label for="resource-ari">or its ARI</label
                ><input
                  type="text"
                  id="resource-ari"
                  name="resourceAriText"
                  maxlength="512"
                  ${options.resourceError ? html` aria-describedby="resource-error"` : ''}
                />
              </div>
              <div><button type="submit">Add</button></div>
            </div>
          </form>`;
  return html`<p>
      <span class="badge ${a.status}">${a.status}</span>
      <span class="badge ${effectOf(policy)}">${ruleOf(policy)}: ${effectOf(policy)}</span>
      <span class="badge">${level}</span> ${a.subject
        ? html`subject <code>${a.subject.subjectId}</code>`
        : ''} <span class="muted">id <code>${policy.id}</code>, updated ${a.updatedAt}</span>
    </p>
    <h2>Resources</h2>
    ${resources}
    <h2>${a.status === 'draft' ? 'Edit the draft' : 'Edit'}</h2>
    ${options.form}
    <h2>Delete</h2>
    <form
      method="post"
      action="/console/policies/${policy.id}/delete"
      data-confirm="Delete the policy “${a.name}”?"
    >
      ${csrfField(viewer)} <button type="submit" class="danger">Delete policy</button>
    </form>
    ${a.status === 'draft'
      ? html`<p>
          <a href="/console/publish?rule=${ruleOf(policy)}"
            >Rehearse and publish the ${ruleOf(policy)} drafts…</a
          >
        </p>`
      : ''}`;
}
