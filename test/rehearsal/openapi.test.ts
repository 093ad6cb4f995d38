import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

/** Issue 13's endpoints are in the served OpenAPI document, each with its schemas. */
describe('OpenAPI for rehearsal, suggestions and the audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists each path and method with its request and response schemas', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: unknown }> };
            parameters?: { name: string; in: string }[];
            responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
          }
        >
      >;
    };
    const posts = [
      '/gatehouse/v1/orgs/{orgId}/rehearse',
      '/gatehouse/v1/orgs/{orgId}/rehearse/subjects',
    ];
    for (const path of posts) {
      const op = doc.paths[path]?.post;
      expect(op, path).toBeDefined();
      expect(op!.requestBody?.content['application/json']?.schema, path).toBeDefined();
      expect(op!.responses['200']?.content?.['application/json']?.schema, path).toBeDefined();
    }
    const gets = [
      '/admin/v1/orgs/{orgId}/events',
      '/admin/v1/orgs/{orgId}/events/{eventId}',
      '/admin/v1/orgs/{orgId}/events-stream',
      '/admin/v1/orgs/{orgId}/event-actions',
    ];
    for (const path of gets) {
      const op = doc.paths[path]?.get;
      expect(op, path).toBeDefined();
      expect(op!.responses['200']?.content?.['application/json']?.schema, path).toBeDefined();
    }
    const query = doc.paths['/admin/v1/orgs/{orgId}/events']!.get!.parameters!.map((p) => p.name);
    expect(query).toEqual(
      expect.arrayContaining(['cursor', 'q', 'from', 'to', 'action', 'actor', 'limit']),
    );
    const check = JSON.stringify(doc.paths['/gatehouse/v1/orgs/{orgId}/check']!.post!);
    expect(check).toContain('"suggest"');
    expect(check).toContain('"toAllow"');
    expect(check).toContain('policy.publishOverride');
  });
});
