import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/harness.js';

export const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
export const KEY = 'gh-demo-admin-key-0001';
export const CLOUD = 'ee3c3183-3d6e-4077-8053-676d62c40929';
export const BASE = `/admin/control/v2/orgs/${ORG}/policies`;
export const V1 = `/admin/control/v1/orgs/${ORG}/policies`;
export const LEVEL_CONFIDENTIAL = '28a6d272-0d95-4a81-baea-a0660f490afc';
export const EXPORTER = 'ari:cloud:ecosystem::connect-app/com.acme.exporter';

export interface DraftOptions {
  level?: string;
  rule?: Record<string, { effect: string }>;
  subject?: { subjectType: string; subjectId: string };
  name?: string;
  status?: string;
}

export function draftBody(o: DraftOptions = {}) {
  return {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name: o.name ?? 'test policy',
        status: o.status ?? 'draft',
        metadata:
          o.level === undefined
            ? {}
            : { policyCoverageLevel: o.level, description: 'Some description' },
        rule: o.rule ?? { export: { effect: 'allow' } },
        ...(o.subject ? { subject: o.subject } : {}),
      },
    },
  };
}

export const allApps = { subjectType: 'marketplaceApp', subjectId: 'all_apps' };

export function admin(t: TestApp) {
  const headers = { authorization: `Bearer ${KEY}` };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    call,
    create: (o: DraftOptions) => call('POST', BASE, draftBody(o)),
    async draft(o: DraftOptions): Promise<string> {
      const res = await call('POST', BASE, draftBody(o));
      if (res.statusCode !== 202) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
      return (res.json() as { data: { id: string } }).data.id;
    },
    resources: (id: string, ops: { operation: string; resourceAri: string }[]) =>
      call('POST', `${BASE}/${id}/resources`, ops),
    publish: (
      ruleName: string,
      ops: { policyId: string; action: string; policyCoverageLevel: string }[],
    ) =>
      call('POST', `${BASE}/publishDraftPolicies`, {
        type: 'data-security',
        ruleName,
        policyOperations: ops,
      }),
    get: (id: string) => call('GET', `${BASE}/${id}`),
    remove: (id: string) => call('DELETE', `${V1}/${id}`),
  };
}

/** The Admin API 400 body: JSON:API errors with the application code and the detail. */
export function adminError(res: LightMyRequestResponse): { code: string; detail: string } {
  const body = res.json() as { errors: { code: string; detail: string }[] };
  return body.errors[0]!;
}

export const spaceAri = (id: string) => `ari:cloud:confluence:${CLOUD}:space/${id}`;
export const siteAri = `ari:cloud:confluence::site/${CLOUD}`;
export const levelAri = (id: string) => `ari:cloud:platform::classification-tag/${id}`;
