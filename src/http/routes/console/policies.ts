import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { candidateResources, resourceNames } from '../../../presenters/console/names.js';
import { policiesPage } from '../../../presenters/console/policies-page.js';
import {
  formValues,
  policyForm,
  policyPage,
  type FieldErrors,
  type PolicyFormValues,
} from '../../../presenters/console/policy-page.js';
import {
  fieldOf,
  type PolicyJson,
  type PolicySummary,
  type ResourceJson,
} from '../../../presenters/console/policy-view.js';
import { ConsoleProblem, errorText, type ConsoleApi } from './api.js';
import {
  HIDDEN,
  adminApiOf,
  formOf,
  param,
  queryParam,
  redirectWith,
  sendPage,
  sessionOf,
  viewerOf,
  type ConsoleDeps,
} from './context.js';

interface ListJson<T> {
  data: T[];
  meta: { next: string | null };
}

const base = (api: ConsoleApi) =>
  `/admin/control/v2/orgs/${encodeURIComponent(api.orgId)}/policies`;

/** Every policy of a status, following the list's cursors (bounded: 50 pages of 100). */
export async function listPolicies(api: ConsoleApi, status: string): Promise<PolicyJson[]> {
  const out: PolicyJson[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const q: string = `?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await api.admin<ListJson<PolicyJson>>('GET', `${base(api)}${q}`);
    if (res.status !== 200)
      throw new ConsoleProblem(502, `Listing policies failed: ${errorText(res.body)}`);
    out.push(...res.body.data);
    cursor = res.body.meta.next;
    if (!cursor) break;
  }
  return out;
}

async function resourcesOf(api: ConsoleApi, policyId: string, cursor?: string) {
  const q = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  return api.admin<ListJson<ResourceJson>>(
    'GET',
    `${base(api)}/${encodeURIComponent(policyId)}/resources${q}`,
  );
}

/** The Admin API's POST/PUT body from the form, as the cookbook writes it. */
function policyBody(v: PolicyFormValues, status?: string): unknown {
  return {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: v.name,
        ...(status ? { status } : {}),
        metadata: { policyCoverageLevel: v.level, description: v.description || null },
        rule: { [v.rule]: { effect: v.effect } },
        ...(v.subject ? { subject: { subjectType: 'marketplaceApp', subjectId: v.subject } } : {}),
      },
    },
  };
}

function valuesFrom(form: URLSearchParams): PolicyFormValues {
  const get = (name: string) => (form.get(name) ?? '').trim();
  return {
    name: get('name'),
    description: get('description'),
    level: get('level'),
    rule: get('rule'),
    effect: get('effect'),
    subject: get('subject'),
  };
}

/** The API's error, in words, next to the field it names. */
function errorsFrom(body: unknown, status: number): FieldErrors {
  const text = errorText(body) || `The Admin API answered ${status}.`;
  return { [fieldOf(text)]: text };
}

export function registerPolicyPages(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/policies', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const policies = [
      ...(await listPolicies(api, 'published')),
      ...(await listPolicies(api, 'draft')),
    ];
    const summaries: PolicySummary[] = await Promise.all(
      policies.map(async (policy) => {
        if (policy.attributes.metadata.policyCoverageLevel === 'ORG')
          return { policy, resources: 0 };
        const res = await resourcesOf(api, policy.id);
        const count = res.status === 200 ? res.body.data.length : 0;
        return { policy, resources: res.status === 200 && res.body.meta.next ? 'many' : count };
      }),
    );
    return sendPage(reply, request, {
      title: 'Policies',
      section: 'policies',
      body: policiesPage(summaries),
    });
  });

  const newForm = (
    request: FastifyRequest,
    values: PolicyFormValues,
    errors: FieldErrors,
    status = 200,
  ) =>
    ({
      title: 'New draft policy',
      section: 'policies' as const,
      status,
      body: policyForm({
        viewer: viewerOf(sessionOf(request)),
        action: '/console/policies',
        values,
        errors,
        editing: false,
      }),
    }) as const;

  app.get('/policies/new', HIDDEN, (request, reply) => {
    adminApiOf(deps, request);
    const level = queryParam(request, 'level') ?? 'ORG';
    const rule = queryParam(request, 'rule') ?? 'export';
    const values: PolicyFormValues = {
      name: '',
      description: '',
      level,
      rule,
      effect: level === 'ORG' ? 'allow' : 'block',
      subject: rule === 'appAccess' ? 'all_apps' : '',
    };
    return sendPage(reply, request, newForm(request, values, {}));
  });

  app.post('/policies', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const values = valuesFrom(formOf(request));
    if (values.name === '') {
      return sendPage(
        reply,
        request,
        newForm(request, values, { name: 'Give the policy a name.' }, 400),
      );
    }
    const res = await api.admin<{ data: PolicyJson }>(
      'POST',
      base(api),
      policyBody(values, 'draft'),
    );
    if (res.status !== 202 && res.status !== 201 && res.status !== 200) {
      return sendPage(
        reply,
        request,
        newForm(request, values, errorsFrom(res.body, res.status), 400),
      );
    }
    return redirectWith(
      reply,
      request,
      `/console/policies/${encodeURIComponent(res.body.data.id)}`,
      {
        kind: 'ok',
        text: `Draft “${res.body.data.attributes.name}” created.`,
      },
    );
  });

  async function showPolicy(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      values?: PolicyFormValues;
      errors?: FieldErrors;
      resourceError?: string;
      status?: number;
    } = {},
  ) {
    const api = adminApiOf(deps, request);
    const policyId = param(request, 'policyId');
    const got = await api.admin<{ data: PolicyJson }>(
      'GET',
      `${base(api)}/${encodeURIComponent(policyId)}`,
    );
    if (got.status !== 200)
      throw new ConsoleProblem(got.status === 404 ? 404 : 502, errorText(got.body));
    const policy = got.body.data;
    const cursor = queryParam(request, 'cursor');
    const listed = await resourcesOf(api, policyId, cursor);
    if (listed.status !== 200) throw new ConsoleProblem(400, errorText(listed.body));
    const world = deps.services.index.org(api.orgId);
    const level = policy.attributes.metadata.policyCoverageLevel;
    const viewer = viewerOf(sessionOf(request));
    const next = listed.body.meta.next;
    return sendPage(reply, request, {
      title: policy.attributes.name,
      section: 'policies',
      status: options.status ?? 200,
      body: policyPage({
        viewer,
        policy,
        resources: listed.body.data,
        moreResources: next
          ? `/console/policies/${policyId}?cursor=${encodeURIComponent(next)}`
          : null,
        candidates: world ? candidateResources(world, level) : [],
        names: world ? resourceNames(world) : new Map(),
        resourceError: options.resourceError,
        form: policyForm({
          viewer,
          action: `/console/policies/${policyId}`,
          values: options.values ?? formValues(policy),
          errors: options.errors ?? {},
          editing: true,
        }),
      }),
    });
  }

  app.get('/policies/:policyId', HIDDEN, (request, reply) => showPolicy(request, reply));

  app.post('/policies/:policyId', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const policyId = param(request, 'policyId');
    const values = valuesFrom(formOf(request));
    if (values.name === '') {
      return showPolicy(request, reply, {
        values,
        errors: { name: 'Give the policy a name.' },
        status: 400,
      });
    }
    const res = await api.admin(
      'PUT',
      `${base(api)}/${encodeURIComponent(policyId)}`,
      policyBody(values, 'draft'),
    );
    if (res.status >= 300) {
      if (res.status === 404) throw new ConsoleProblem(404, errorText(res.body));
      return showPolicy(request, reply, {
        values,
        errors: errorsFrom(res.body, res.status),
        status: 400,
      });
    }
    return redirectWith(reply, request, `/console/policies/${encodeURIComponent(policyId)}`, {
      kind: 'ok',
      text: 'Draft saved.',
    });
  });

  app.post('/policies/:policyId/resources', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const policyId = param(request, 'policyId');
    const form = formOf(request);
    const operation = form.get('operation');
    const ari =
      (form.get('resourceAriText') ?? '').trim() || (form.get('resourceAri') ?? '').trim();
    if (operation !== 'ADD' && operation !== 'REMOVE') {
      return showPolicy(request, reply, {
        resourceError: 'Choose to add or remove a resource.',
        status: 400,
      });
    }
    if (ari === '') {
      return showPolicy(request, reply, {
        resourceError: 'Choose a resource or type its ARI.',
        status: 400,
      });
    }
    const res = await api.admin('POST', `${base(api)}/${encodeURIComponent(policyId)}/resources`, [
      { operation, resourceAri: ari },
    ]);
    if (res.status >= 300) {
      if (res.status === 404) throw new ConsoleProblem(404, errorText(res.body));
      return showPolicy(request, reply, { resourceError: errorText(res.body), status: 400 });
    }
    return redirectWith(reply, request, `/console/policies/${encodeURIComponent(policyId)}`, {
      kind: 'ok',
      text: operation === 'ADD' ? 'Resource added.' : 'Resource removed.',
    });
  });

  app.post('/policies/:policyId/delete', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const policyId = param(request, 'policyId');
    // the Admin API deletes under v1 (`DELETE /admin/control/v1/orgs/{orgId}/policies/{id}`)
    const v1 = base(api).replace('/admin/control/v2/', '/admin/control/v1/');
    const res = await api.admin('DELETE', `${v1}/${encodeURIComponent(policyId)}`);
    if (res.status >= 300) {
      if (res.status === 404) throw new ConsoleProblem(404, errorText(res.body));
      return showPolicy(request, reply, {
        errors: { form: errorText(res.body) || `Deleting failed (${res.status}).` },
        status: 400,
      });
    }
    return redirectWith(reply, request, '/console/policies', {
      kind: 'ok',
      text: 'Policy deleted.',
    });
  });
}
