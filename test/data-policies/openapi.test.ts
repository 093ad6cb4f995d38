import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

/** Every endpoint of docs/enforcement-endpoints.md is in the OpenAPI document, with its methods. */
describe('OpenAPI for exports, public links, data policies and classification', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists each path and method', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const expected: Record<string, string[]> = {
      '/wiki/api/v2/classification-levels': ['get'],
      '/wiki/api/v2/pages/{id}/classification-level': ['get', 'put'],
      '/wiki/api/v2/pages/{id}/classification-level/reset': ['post'],
      '/wiki/api/v2/blogposts/{id}/classification-level': ['get', 'put'],
      '/wiki/api/v2/blogposts/{id}/classification-level/reset': ['post'],
      '/wiki/api/v2/spaces/{id}/classification-level/default': ['get', 'put', 'delete'],
      '/wiki/api/v2/data-policies/metadata': ['get'],
      '/wiki/api/v2/data-policies/spaces': ['get'],
      '/wiki/spaces/flyingpdf/pdfpageexport.action': ['get'],
      '/wiki/exportword': ['get'],
      '/wiki/external/{linkId}': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
    }
  });
});
