import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CATALOGUE, type ErrorCode } from '../../src/http/errors/catalogue.js';
import { renderError, type ApiFamily } from '../../src/http/errors/render.js';
import { checkRouteErrors } from '../../src/http/openapi/document.js';
import { errorBodySchema } from '../../src/http/openapi/error-bodies.js';
import { nullableSchema } from '../../src/http/openapi/nullable.js';
import {
  CODES_BY_ROUTE,
  CODES_BY_TAG,
  routeErrorStatuses,
} from '../../src/http/openapi/route-errors.js';
import { packageRoot } from '../../src/paths.js';
import { basic, startTestApp, type TestApp } from '../support/harness.js';

interface Operation {
  tags?: string[];
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

const FAMILIES: ApiFamily[] = ['admin', 'confluence-v1', 'confluence-v2', 'jira', 'gatehouse'];
const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
const KEY = 'gh-demo-admin-key-0001';

function operations(doc: Document): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

/** The route as route-errors.ts sees it, read back from the document. */
function shapeOf(method: string, path: string, op: Operation) {
  const where = new Set((op.parameters ?? []).map((p) => p.in));
  return {
    method,
    url: path.replace(/\{(\w+)\}/g, ':$1'),
    schema: {
      tags: op.tags,
      security: op.security,
      body: op.requestBody,
      querystring: where.has('query') ? {} : undefined,
      params: where.has('path') ? {} : undefined,
    },
  };
}

describe('GET /openapi.json', () => {
  let t: TestApp;
  let doc: Document;
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  beforeAll(async () => {
    t = await startTestApp('sqlite', undefined, { bodyLimit: '4096' });
    doc = (await t.app.inject({ url: '/openapi.json' })).json() as Document;
    ajv.addSchema({ ...doc, $id: 'gatehouse' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is a valid OpenAPI 3.0.3 document (swagger-parser validate), with no JSON Schema null type', async () => {
    expect(doc.openapi).toBe('3.0.3');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('"type":"null"');
    expect(operations(doc).length).toBeGreaterThanOrEqual(55);
  });

  it('every operation documents its success status and each error status its route can answer, in its API error schema', () => {
    for (const { method, path, op } of operations(doc)) {
      const name = `${method} ${path}`;
      const statuses = Object.keys(op.responses).map(Number);
      expect(
        statuses.filter((s) => s < 400),
        `${name} declares no success status`,
      ).not.toEqual([]);
      const expected = routeErrorStatuses(shapeOf(method, path, op));
      expect(statuses.filter((s) => s >= 400).sort(), name).toEqual([...expected.keys()].sort());
      const family: ApiFamily = path.startsWith('/admin/v1/')
        ? 'admin-org'
        : path.startsWith('/admin/')
          ? 'admin'
          : path.startsWith('/wiki/api/v2/')
            ? 'confluence-v2'
            : path.startsWith('/wiki/')
              ? 'confluence-v1'
              : /^\/(rest\/api\/3\/|si\/|sr\/)/.test(path)
                ? 'jira'
                : 'gatehouse';
      for (const [status, codes] of expected) {
        const response = op.responses[String(status)]!;
        const title = errorBodySchema(family, status).title!;
        const schema = response.content?.['application/json']?.schema as
          | { $ref?: string; anyOf?: { $ref?: string }[] }
          | undefined;
        // the error body, or a route's own body beside it (GET /readyz while loading)
        const refs = schema?.anyOf ? schema.anyOf.map((s) => s.$ref) : [schema?.$ref];
        expect(refs, `${name} ${status}`).toContain(`#/components/schemas/${title}`);
        for (const code of codes)
          expect((response as { description: string }).description).toContain(code);
      }
    }
  });

  it('every catalogue code renders, in every API family, a body its documented schema accepts', () => {
    for (const family of FAMILIES) {
      for (const code of Object.keys(CATALOGUE) as ErrorCode[]) {
        const error = new ApiError(code, `message of ${code}`);
        const body = renderError(family, error, 'req-1');
        const schema = errorBodySchema(family, error.status);
        const validate = ajv.getSchema(`gatehouse#/components/schemas/${schema.title!}`)!;
        expect(validate(body), `${family} ${code}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    }
  });

  it('the error table names every code the route modules raise', () => {
    const routes = join(packageRoot(), 'src', 'http', 'routes');
    const files = ['admin', 'confluence', 'gatehouse', 'jira']
      .flatMap((dir) => readdirSync(join(routes, dir)).map((f) => join(routes, dir, f)))
      .concat(join(routes, 'health.ts'));
    const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    const ownTags = (source: string) =>
      [...source.matchAll(/tags(?: =|:) \[([^\]]*)\]/g)].flatMap((m) =>
        [...m[1]!.matchAll(/'([^']+)'/g)].map((n) => n[1]!),
      );
    const tagsOf = (file: string): string[] => {
      const source = text.get(file)!;
      const imported = [...source.matchAll(/import \{([^}]*)\} from '\.\/([\w-]+)\.js'/g)]
        .filter((m) => /\btags\b/.test(m[1]!))
        .flatMap((m) => ownTags(text.get(join(file, '..', `${m[2]}.ts`)) ?? ''));
      return [...ownTags(source), ...imported];
    };
    const raised = (file: string) =>
      [...text.get(file)!.matchAll(/ApiError\(\s*'([A-Z_]+)'/g)].map((m) => m[1] as ErrorCode);
    const foundation = new Set<ErrorCode>([
      'INTERNAL',
      'REQUEST_VALIDATION',
      'AUTH_MISSING',
      'AUTH_INVALID',
    ]);
    let checked = 0;
    for (const file of files) {
      const tags = tagsOf(file);
      const codes = raised(file).filter((code) => !foundation.has(code));
      if (tags.length === 0) {
        // a helper (content-context.ts, …): each of its codes belongs to some group that uses it
        const users = files.filter((f) =>
          text.get(f)!.includes(`from './${file.split('/').pop()!.replace('.ts', '.js')}'`),
        );
        for (const code of codes) {
          const groups = users.flatMap(tagsOf);
          expect(
            groups.some((tag) => CODES_BY_TAG[tag]?.includes(code)),
            `${file}: ${code} is in no group of ${groups.join(', ')}`,
          ).toBe(true);
        }
        continue;
      }
      const single = new Set(Object.values(CODES_BY_ROUTE).flat());
      for (const tag of tags) {
        for (const code of codes.filter((c) => !single.has(c))) {
          expect(
            CODES_BY_TAG[tag],
            `${file} raises ${code}; tag "${tag}" does not list it`,
          ).toContain(code);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('each error a route answers to bad, missing or wrong input is a documented status in its documented schema', async () => {
    const answered = new Map<string, Set<number>>();
    const tried: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'orgId' ? ORG : 'no-such-id',
      );
      const admin = path.startsWith('/admin/') || path.startsWith('/gatehouse/');
      const good = admin ? `Bearer ${KEY}` : basic('ada@acme.test', 'ada-token');
      const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
      const probes: { headers?: Record<string, string>; payload?: string; query?: string }[] = [
        {},
        { headers: { authorization: 'Bearer wrong-token' } },
        { headers: { authorization: basic('ada@acme.test', 'wrong') } },
        { headers: { authorization: good } },
        { headers: { authorization: good }, query: '?limit=-5&cursor=%25%25&status=bogus' },
      ];
      if (hasBody) {
        const json = { 'content-type': 'application/json', authorization: good };
        probes.push(
          { headers: json, payload: '{"broken":' },
          { headers: json, payload: '{"a":"\\u0000"}' },
          { headers: json, payload: JSON.stringify({ big: 'x'.repeat(8192) }) },
          { headers: json, payload: '[{"operation":"read"}]' },
          { headers: { 'content-type': 'text/plain', authorization: good }, payload: 'hello' },
        );
      }
      for (const probe of probes) {
        const res = await t.app.inject({
          method: method as 'GET',
          url: `${url}${probe.query ?? ''}`,
          headers: probe.headers,
          payload: probe.payload,
        });
        const name = `${method} ${path}`;
        tried.push(name);
        expect(Object.keys(op.responses), `${name} answered ${res.statusCode}`).toContain(
          String(res.statusCode),
        );
        if (!answered.has(name)) answered.set(name, new Set());
        answered.get(name)!.add(res.statusCode);
        if (res.statusCode >= 400) {
          const schema = op.responses[String(res.statusCode)]!.content!['application/json']!
            .schema as { $ref?: string; anyOf?: { $ref?: string }[] };
          // one error schema, or either of two (a rehearsal's refused batch: FOREIGN_FORMATS)
          const refs = schema.anyOf ? schema.anyOf.map((s) => s.$ref!) : [schema.$ref!];
          const valid = refs.some((ref) => ajv.getSchema(`gatehouse${ref}`)!(res.json()));
          expect(valid, `${name} ${res.statusCode} ${res.body}`).toBe(true);
        }
      }
    }
    // every operation was reached and most answered more than one kind of error
    expect(answered.size).toBe(operations(doc).length);
    const errorKinds = [...answered.values()].map((s) => [...s].filter((x) => x >= 400).length);
    expect(errorKinds.filter((n) => n >= 2).length).toBeGreaterThan(answered.size / 2);
    expect(tried.length).toBeGreaterThan(300);
  });

  it('a documented route whose errors the table cannot name stops the app from being built', () => {
    const app = Fastify();
    app.addHook('onRoute', checkRouteErrors);
    const handler = () => ({});
    expect(() => app.get('/x', { schema: { tags: ['No such group'] } }, handler)).toThrow(
      'GET /x: tag "No such group" has no error codes',
    );
    // untagged: not documented at all (hideUntagged), so nothing to check
    expect(() => app.get('/y', { schema: {} }, handler)).not.toThrow();
    expect(() => app.get('/z', { schema: { hide: true } }, handler)).not.toThrow();
    expect(() => app.get('/w', { schema: { tags: ['Gatehouse'] } }, handler)).not.toThrow();
  });

  it('nulls become 3.0 nullable', () => {
    expect(nullableSchema({ type: 'null' })).toEqual({ nullable: true, enum: [null] });
    expect(
      nullableSchema({
        anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }],
        description: 'd',
      }),
    ).toEqual({ type: 'string', maxLength: 3, description: 'd', nullable: true });
    expect(nullableSchema({ anyOf: [{ $ref: '#/x' }, { type: 'null' }] })).toEqual({
      allOf: [{ $ref: '#/x' }],
      nullable: true,
    });
    expect(
      nullableSchema({
        type: 'object',
        properties: { a: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] } },
      }),
    ).toEqual({
      type: 'object',
      properties: { a: { anyOf: [{ type: 'string' }, { type: 'integer' }], nullable: true } },
    });
    expect(nullableSchema({ type: ['string', 'null'] })).toEqual({
      type: 'string',
      nullable: true,
    });
  });
});
