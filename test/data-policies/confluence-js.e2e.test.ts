import { createV2Client } from 'confluence.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, listenTestApp, type TestApp } from '../support/harness.js';
import { openApiDocErrors } from '../support/openapi.js';
import { ARI, LEVEL, SPACE, policy, world } from '../classification/helpers.js';

/**
 * confluence.js v2 `dataPolicies` and `classificationLevel`, unmodified, over a real socket: the
 * client validates every response against its own models; the bodies are also checked against
 * Atlassian's OpenAPI document.
 */
describe.each(DIALECTS)('confluence.js v2 against Gatehouse on %s', (dialect) => {
  let t: TestApp & { url: string };
  let app: ReturnType<typeof createV2Client>;
  let ada: ReturnType<typeof createV2Client>;
  beforeAll(async () => {
    t = await listenTestApp(
      dialect,
      world([
        policy('ORG', 'appAccess', 'allow'),
        policy('CONTAINER', 'appAccess', 'block', [ARI.space(SPACE.fin)]),
      ]),
    );
    app = createV2Client({ host: t.url, auth: { type: 'bearer', token: 'reports-app-token' } });
    ada = createV2Client({
      host: t.url,
      auth: { type: 'basic', email: 'ada@acme.test', apiToken: 'ada-token' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('dataPolicies: getDataPolicyMetadata and getDataPolicySpaces (paged, filtered)', async () => {
    const meta = await app.dataPolicies.getDataPolicyMetadata();
    expect(meta).toEqual({ anyContentBlocked: true });
    expect(openApiDocErrors('confluence-v2', 'DataPolicyMetadata', meta)).toEqual([]);
    const spaces = await app.dataPolicies.getDataPolicySpaces({ limit: 2 });
    expect(spaces.results?.map((s) => [s.key, s.dataPolicy?.anyContentBlocked])).toEqual([
      ['ENG', false],
      ['FIN', true],
    ]);
    expect(spaces._links?.next).toContain('cursor=');
    const cursor = new URL(spaces._links!.next!, t.url).searchParams.get('cursor')!;
    const rest = await app.dataPolicies.getDataPolicySpaces({ limit: 2, cursor });
    expect(rest.results?.map((s) => s.key)).toEqual(['PUB']);
    const filtered = await app.dataPolicies.getDataPolicySpaces({
      ids: [Number(SPACE.pub), Number(SPACE.eng)],
      sort: '-key',
    });
    expect(filtered.results?.map((s) => s.key)).toEqual(['PUB', 'ENG']);
    const byKey = await app.dataPolicies.getDataPolicySpaces({ keys: ['FIN'] });
    expect(byKey.results?.map((s) => s.id)).toEqual([SPACE.fin]);
    for (const space of spaces.results ?? []) {
      expect(openApiDocErrors('confluence-v2', 'DataPolicySpace', space)).toEqual([]);
    }
    await expect(ada.dataPolicies.getDataPolicyMetadata()).rejects.toMatchObject({ status: 401 });
  });

  it('classificationLevel: levels, page and blog post get/put/reset, space default get/put/delete', async () => {
    const ops = ada.classificationLevel;
    const levels = await ops.getClassificationLevels();
    expect(levels.map((l) => l.name)).toEqual([
      'Highly confidential',
      'Confidential',
      'Internal',
      'Public',
    ]);
    for (const { status, color, ...rest } of levels) {
      // Atlassian's document puts `type: object` beside the $ref of `status` and `color`; OpenAPI
      // 3.0 ignores siblings of $ref, Ajv does not, so those two are checked against their refs.
      expect(openApiDocErrors('confluence-v2', 'ClassificationLevel', rest)).toEqual([]);
      expect(openApiDocErrors('confluence-v2', 'ClassificationLevelStatus', status)).toEqual([]);
      expect(openApiDocErrors('confluence-v2', 'ClassificationLevelColor', color)).toEqual([]);
    }
    expect((await ops.getPageClassificationLevel({ id: 98305 })).id).toBe(LEVEL.confidential);
    await ops.putPageClassificationLevel({
      id: 98305,
      body: { id: LEVEL.public, status: 'current' },
    });
    expect((await ops.getPageClassificationLevel({ id: 98305, status: 'current' })).name).toBe(
      'Public',
    );
    await ops.postPageClassificationLevel({ id: 98305, body: { status: 'current' } });
    expect((await ops.getPageClassificationLevel({ id: 98305 })).id).toBe(LEVEL.confidential);

    await ops.putBlogPostClassificationLevel({
      id: 98310,
      body: { id: LEVEL.internal, status: 'current' },
    });
    expect((await ops.getBlogPostClassificationLevel({ id: 98310 })).id).toBe(LEVEL.internal);
    await ops.postBlogPostClassificationLevel({ id: 98310, body: { status: 'current' } });
    expect((await ops.getBlogPostClassificationLevel({ id: 98310 })).id).toBe(LEVEL.confidential);

    const space = Number(SPACE.eng);
    expect((await ops.getSpaceDefaultClassificationLevel({ id: space })).id).toBe(
      LEVEL.confidential,
    );
    await ops.putSpaceDefaultClassificationLevel({ id: space, body: { id: LEVEL.public } });
    expect((await ops.getSpaceDefaultClassificationLevel({ id: space })).id).toBe(LEVEL.public);
    await ops.deleteSpaceDefaultClassificationLevel({ id: space });
    await expect(ops.getSpaceDefaultClassificationLevel({ id: space })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      ops.putPageClassificationLevel({ id: 98305, body: { id: 'nope', status: 'current' } }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
