import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, listenTestApp, type TestApp } from '../support/harness.js';
import { BASE, CLOUD, KEY, LEVEL_CONFIDENTIAL, ORG, V1, draftBody, levelAri } from './helpers.js';

/** Just enough typing of the JSON answers to read them in assertions. */
interface Json {
  data: {
    id: string;
    attributes: { status: string; metadata: { hasHadCoverage: boolean; description: string } };
  };
  meta: unknown;
  messages: { ticket: { containerAri: string } }[];
  decision: string;
}

/** The cookbook's recommended flow, as a script against the real API would run it. */
describe.each(DIALECTS)('the cookbook flow over a real socket on %s', (dialect) => {
  let t: TestApp & { url: string };
  beforeAll(async () => {
    t = await listenTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${KEY}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
  };

  it('ORG draft → override draft → resources → get/verify → update → publish → delete', async () => {
    const org = await call(
      'POST',
      BASE,
      draftBody({
        level: 'ORG',
        name: 'Org-wide default export',
        rule: { export: { effect: 'allow' } },
      }),
    );
    expect(org.status).toBe(202);
    const orgId = org.body.data.id as string;

    const override = await call(
      'POST',
      BASE,
      draftBody({ level: 'CLASSIFICATION', rule: { export: { effect: 'block' } } }),
    );
    expect(override.status).toBe(202);
    const policyId = override.body.data.id as string;
    expect(override.body.data.attributes).toMatchObject({
      status: 'draft',
      metadata: { policyCoverageLevel: 'CLASSIFICATION', description: 'Some description' },
    });

    const resources = await call('POST', `${BASE}/${policyId}/resources`, [
      { operation: 'ADD', resourceAri: levelAri(LEVEL_CONFIDENTIAL) },
    ]);
    expect(resources.status).toBe(204);

    const got = await call('GET', `${BASE}/${policyId}`);
    expect(got.status).toBe(200);
    expect(got.body.data.attributes.metadata.hasHadCoverage).toBe(true);
    const listed = await call('GET', `${BASE}/${policyId}/resources`);
    expect((listed.body as unknown as { data: unknown[] }).data).toEqual([
      expect.objectContaining({
        type: 'resource',
        attributes: expect.objectContaining({
          parentResourceId: `ari:cloud:platform::org/${ORG}`,
          resourceId: levelAri(LEVEL_CONFIDENTIAL),
          applicationStatus: 'applied',
        }),
      }),
    ]);
    expect(listed.body.meta).toEqual({ page_size: 1, next: null, prev: null });

    const updated = await call('PUT', `${BASE}/${policyId}`, {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: 'test policy',
          rule: { export: { effect: 'block' } },
          status: 'draft',
          metadata: { policyCoverageLevel: 'CLASSIFICATION', description: 'A new description' },
        },
      },
    });
    expect(updated.status).toBe(202);
    expect(updated.body.data.attributes.metadata.description).toBe('A new description');

    const published = await call('POST', `${BASE}/publishDraftPolicies`, {
      type: 'data-security',
      ruleName: 'export',
      policyOperations: [
        { policyId: orgId, action: 'UPDATE', policyCoverageLevel: 'ORG' },
        { policyId, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
      ],
    });
    expect(published.status).toBe(202);
    expect(published.body.messages[0]!.ticket.containerAri).toBe(`ari:cloud:platform::org/${ORG}`);

    // The published block is enforced at once: ENG pages default to Confidential.
    const check = await call('POST', `/gatehouse/v1/orgs/${ORG}/check`, {
      subject: { type: 'user', accountId: '5b10ac8d82e05b22cc7d4ef5' },
      action: 'export',
      resource: { type: 'page', id: '98305' },
    });
    expect(check.body).toMatchObject({
      decision: 'deny',
      reasons: expect.arrayContaining([expect.objectContaining({ policyId })]),
    });

    const deleted = await call('DELETE', `${V1}/${policyId}`);
    expect(deleted.status).toBe(202);
    const after = await call('GET', `${BASE}/${policyId}`);
    expect(after.body.data.attributes.status).toBe('deleted');
    const allowed = await call('POST', `/gatehouse/v1/orgs/${ORG}/check`, {
      subject: { type: 'user', accountId: '5b10ac8d82e05b22cc7d4ef5' },
      action: 'export',
      resource: { type: 'page', id: '98305' },
    });
    expect(allowed.body.decision).toBe('allow');
    expect(CLOUD).toBeTruthy();
  });
});
