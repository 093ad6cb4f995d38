import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { BASE, KEY, LEVEL_CONFIDENTIAL, ORG, admin, levelAri } from './helpers.js';

const ADA = '5b10ac8d82e05b22cc7d4ef5';

/** Semantics §8.3: with --propagation-delay, resources are `pending` first; decisions follow. */
describe.each(DIALECTS)('--propagation-delay on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  /** A published ORG export allow and a published CLASSIFICATION export block, no resources. */
  async function publishedOverride(api: ReturnType<typeof admin>): Promise<string> {
    const org = await api.draft({ level: 'ORG', rule: { export: { effect: 'allow' } } });
    const override = await api.draft({
      level: 'CLASSIFICATION',
      rule: { export: { effect: 'block' } },
    });
    const published = await api.publish('export', [
      { policyId: org, action: 'UPDATE', policyCoverageLevel: 'ORG' },
      { policyId: override, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
    ]);
    expect(published.statusCode, published.body).toBe(202);
    return override;
  }

  const exportDecision = async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/gatehouse/v1/orgs/${ORG}/check`,
      headers: { authorization: `Bearer ${KEY}` },
      payload: {
        subject: { type: 'user', accountId: ADA },
        action: 'export',
        resource: { type: 'page', id: '98305' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { decision: string }).decision;
  };

  const statuses = async (api: ReturnType<typeof admin>, id: string) =>
    (await api.call('GET', `${BASE}/${id}/resources`))
      .json()
      .data.map(
        (r: { attributes: { applicationStatus: string } }) => r.attributes.applicationStatus,
      );

  it('a resource is pending for the delay and enforces nothing until it is applied', async () => {
    // Long enough that a loaded machine still reads the pending state before it is applied.
    t = await startTestApp(dialect, undefined, { propagationDelay: '2500' });
    const api = admin(t);
    const override = await publishedOverride(api);
    expect(await exportDecision()).toBe('allow');
    const added = await api.resources(override, [
      { operation: 'ADD', resourceAri: levelAri(LEVEL_CONFIDENTIAL) },
    ]);
    expect(added.statusCode).toBe(204);
    expect(await statuses(api, override)).toEqual(['pending']);
    expect(await exportDecision()).toBe('allow');
    await expect
      .poll(() => statuses(api, override), { timeout: 10_000, interval: 50 })
      .toEqual(['applied']);
    // the timer's write commits, then its index follows: a request in between reads the snapshot
    // before it, so the decision is polled too (briefly: the sync takes milliseconds)
    await expect.poll(exportDecision, { timeout: 2_000, interval: 20 }).toBe('deny');
  });

  it('without the option a resource is applied, and enforced, as soon as it commits', async () => {
    t = await startTestApp(dialect);
    const api = admin(t);
    const override = await publishedOverride(api);
    await api.resources(override, [
      { operation: 'ADD', resourceAri: levelAri(LEVEL_CONFIDENTIAL) },
    ]);
    expect(await statuses(api, override)).toEqual(['applied']);
    expect(await exportDecision()).toBe('deny');
  });

  it('a server that starts after the delay has passed applies what fell due', async () => {
    t = await startTestApp(dialect, undefined, { propagationDelay: '3600000' });
    const api = admin(t);
    const override = await publishedOverride(api);
    await api.resources(override, [
      { operation: 'ADD', resourceAri: levelAri(LEVEL_CONFIDENTIAL) },
    ]);
    expect(await statuses(api, override)).toEqual(['pending']);
    // The same database served again without the delay: the pending resource is due at once.
    const { buildApp } = await import('../../src/app.js');
    const { resolveConfig } = await import('../../src/config.js');
    const { WorldIndex } = await import('../../src/index/world-index.js');
    const index = await WorldIndex.load(t.storage);
    const again = await buildApp(
      resolveConfig({ logLevel: 'silent' }, {}),
      { storage: t.storage, index },
      { logger: false },
    );
    await again.ready();
    try {
      const res = await again.inject({
        url: `${BASE}/${override}/resources`,
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(res.json().data[0].attributes.applicationStatus).toBe('applied');
    } finally {
      await again.close();
    }
  });
});
