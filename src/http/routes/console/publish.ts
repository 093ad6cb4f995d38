import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RULES } from '../../../domain/decision/policy-facts.js';
import {
  choosePage,
  rehearsalPage,
  type Chosen,
  type RehearsalJson,
} from '../../../presenters/console/publish-page.js';
import { ruleOf } from '../../../presenters/console/policy-view.js';
import { errorText, type ConsoleApi } from './api.js';
import {
  HIDDEN,
  adminApiOf,
  formOf,
  queryParam,
  redirectWith,
  sendPage,
  sessionOf,
  viewerOf,
  type ConsoleDeps,
} from './context.js';
import { consoleFeatures } from './features.js';
import { listPolicies } from './policies.js';

const isRule = (rule: string | null | undefined): rule is (typeof RULES)[number] =>
  (RULES as readonly string[]).includes(rule ?? '');

function chosenOf(form: URLSearchParams): Chosen[] {
  return form.getAll('op').flatMap((value) => {
    const [id = '', level = ''] = value.split('|');
    return id && level ? [{ id, level }] : [];
  });
}

/** `publishDraftPolicies`' body (and a rehearsal's batch) for the chosen drafts. */
const batch = (rule: string, chosen: Chosen[]) => ({
  type: 'data-security',
  ruleName: rule,
  policyOperations: chosen.map((c) => ({
    policyId: c.id,
    action: 'UPDATE',
    policyCoverageLevel: c.level,
  })),
});

export function registerPublishPages(app: FastifyInstance, deps: ConsoleDeps): void {
  async function choose(
    request: FastifyRequest,
    reply: FastifyReply,
    api: ConsoleApi,
    rule: string,
    error?: string,
  ) {
    const drafts = (await listPolicies(api, 'draft')).filter((p) => ruleOf(p) === rule);
    return sendPage(reply, request, {
      title: `Publish ${rule}`,
      section: 'publish',
      status: error ? 400 : 200,
      body: choosePage({
        viewer: viewerOf(sessionOf(request)),
        rule,
        drafts,
        error,
        rehearsal: consoleFeatures(deps.root).rehearsal,
      }),
    });
  }

  app.get('/publish', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const rule = queryParam(request, 'rule') ?? 'export';
    if (!isRule(rule)) return choose(request, reply, api, 'export', `There is no rule ${rule}.`);
    return choose(request, reply, api, rule);
  });

  app.post('/publish/rehearse', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const form = formOf(request);
    const rule = form.get('rule');
    if (!isRule(rule)) return choose(request, reply, api, 'export', 'Choose a rule.');
    const chosen = chosenOf(form);
    if (chosen.length === 0) return choose(request, reply, api, rule, 'Choose at least one draft.');
    let rehearsal: RehearsalJson | 'unavailable' = 'unavailable';
    let error: string | undefined;
    if (consoleFeatures(deps.root).rehearsal) {
      const res = await api.admin<RehearsalJson>(
        'POST',
        `/gatehouse/v1/orgs/${encodeURIComponent(api.orgId)}/rehearse`,
        { publish: [batch(rule, chosen)], limit: 100 },
      );
      if (res.status === 200) rehearsal = res.body;
      else error = `The rehearsal refused this publish: ${errorText(res.body) || res.status}`;
    }
    return sendPage(reply, request, {
      title: `Rehearse publishing ${rule}`,
      section: 'publish',
      status: error ? 400 : 200,
      body: rehearsalPage({ viewer: viewerOf(sessionOf(request)), rule, chosen, rehearsal, error }),
    });
  });

  app.post('/publish', HIDDEN, async (request, reply) => {
    const api = adminApiOf(deps, request);
    const form = formOf(request);
    const rule = form.get('rule');
    if (!isRule(rule)) return choose(request, reply, api, 'export', 'Choose a rule.');
    const chosen = chosenOf(form);
    if (chosen.length === 0) return choose(request, reply, api, rule, 'Choose at least one draft.');
    const res = await api.admin(
      'POST',
      `/admin/control/v2/orgs/${encodeURIComponent(api.orgId)}/policies/publishDraftPolicies`,
      batch(rule, chosen),
    );
    if (res.status >= 300) {
      return choose(
        request,
        reply,
        api,
        rule,
        `Publishing failed: ${errorText(res.body) || res.status}`,
      );
    }
    const text = `Published ${chosen.length} draft${chosen.length === 1 ? '' : 's'} of ${rule}.`;
    const next = consoleFeatures(deps.root).auditLog
      ? '/console/audit?action=policy_published'
      : '/console/policies';
    return redirectWith(reply, request, next, { kind: 'ok', text });
  });
}
