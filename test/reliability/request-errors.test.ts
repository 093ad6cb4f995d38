import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeDeferredError, neverThrowing } from '../../src/http/hardening/pre-routing.js';
import { nestsDeeperThan } from '../../src/http/hardening/json-depth.js';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import { errorFormatMismatch, type Family } from '../support/error-formats.js';
import { ADA_BASIC, ADMIN_KEY, CLOUD_ID, ORG } from '../support/fuzz-target.js';
import { DIALECTS, listenTestApp, type TestApp } from '../support/harness.js';
import { rawRequest } from '../support/raw-http.js';

const POLICIES = `/admin/control/v2/orgs/${ORG}/policies`;
const admin = `Bearer ${ADMIN_KEY}`;

function expectFormat(family: Family, status: number, res: { status: number; body: string }) {
  expect(res.status, res.body).toBe(status);
  expect(errorFormatMismatch(family, status, JSON.parse(res.body)), res.body).toBeNull();
}

describe.each(DIALECTS)('request errors on %s', (dialect) => {
  let t: TestApp & { url: string };
  let port: number;
  beforeAll(async () => {
    t = await listenTestApp(dialect);
    port = Number(new URL(t.url).port);
  });
  afterAll(async () => {
    await t.close();
  });

  const raw = (line: string, headers = 'Host: localhost\r\n') =>
    rawRequest(port, `${line} HTTP/1.1\r\nConnection: close\r\n${headers}\r\n`);
  const inject = async (
    url: string,
    options: {
      method?: 'GET' | 'POST' | 'PUT';
      headers?: Record<string, string>;
      payload?: string;
    } = {},
  ) => {
    const res = await t.app.inject({
      url,
      method: options.method ?? 'GET',
      headers: options.headers ?? {},
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    });
    return { status: res.statusCode, body: res.body, headers: res.headers };
  };

  it('F1 a gateway cloudId that does not percent-decode is that API’s 400, and the process serves on', async () => {
    const res = await raw(`GET /ex/confluence/%E0%A4%A/wiki/rest/api/content/98305/restriction`);
    expectFormat('confluence-v1', 400, res);
    expect(JSON.parse(res.body).message).toBe(
      'The gateway cloudId is not valid percent-encoded UTF-8',
    );
    expectFormat('confluence-v2', 400, await inject(`/ex/confluence/%/wiki/api/v2/pages/98305`));
    const good = await raw(
      `GET /ex/confluence/${CLOUD_ID}/wiki/rest/api/content/98305/restriction`,
      `Host: localhost\r\nAuthorization: ${ADA_BASIC}\r\n`,
    );
    expect(good.status).toBe(200);
  });

  it('F1 whatever a pre-routing rewrite throws becomes that request’s 400, never an exception', () => {
    const request = { url: '/wiki/x', socket: {} } as unknown as IncomingMessage;
    const rewrite = neverThrowing(() => {
      throw new URIError('URI malformed');
    });
    expect(rewrite(request)).toBe('/wiki/x');
    expect(takeDeferredError(request)).toMatchObject({ code: 'REQUEST_BAD_URL', status: 400 });
  });

  it('F3 bad percent-encoding, an unsupported content type, a body or headers too large, an unparseable request or no Host: the catalogue, in the path’s format', async () => {
    expectFormat('confluence-v1', 400, await raw('GET /wiki/rest/api/content/%FF/restriction'));
    expectFormat('confluence-v2', 400, await raw('GET /wiki/api/v2/pages/%C3%28'));
    expectFormat('admin', 400, await raw(`GET ${POLICIES}/%`));
    expectFormat('gatehouse', 400, await raw(`GET /gatehouse/v1/orgs/%ED%A0%80/check`));
    const media = await inject(POLICIES, {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expectFormat('admin', 415, media);
    const large = await inject(`/wiki/rest/api/content/98306/restriction`, {
      method: 'PUT',
      headers: { authorization: ADA_BASIC, 'content-type': 'application/json' },
      payload: JSON.stringify(['x'.repeat(1024 * 1024 + 1)]),
    });
    expectFormat('confluence-v1', 413, large);
    const headers = await raw(
      'GET /wiki/api/v2/pages/98305',
      `Host: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n`,
    );
    expectFormat('confluence-v2', 431, headers);
    expectFormat('admin', 400, await raw(`GET ${POLICIES}`, ''));
    const parser = await rawRequest(
      port,
      `GET ${POLICIES} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n`,
    );
    expectFormat('admin', 400, parser);
    // The absolute form HTTP/1.1 servers must accept is served like the usual one.
    const absolute = await raw(
      `GET http://localhost/wiki/rest/api/content/98305/restriction`,
      `Host: localhost\r\nAuthorization: ${ADA_BASIC}\r\n`,
    );
    expect(absolute.status).toBe(200);
  });

  it('F4 dot segments are a 400, an over-long id its route’s 400, an unknown one its route’s 404; 501 stays for Atlassian endpoints not implemented', async () => {
    const v1 = await raw(
      'GET /wiki/rest/api/content/98305/../98306/restriction',
      `Host: localhost\r\nAuthorization: ${ADA_BASIC}\r\n`,
    );
    expectFormat('confluence-v1', 400, v1);
    for (const dots of ['..', '%2e%2e', '.', '%2E']) {
      const res = await raw(
        `GET ${POLICIES}/${dots}`,
        `Host: localhost\r\nAuthorization: ${admin}\r\n`,
      );
      expectFormat('admin', 400, res);
    }
    const long = await inject(`${POLICIES}/${'x'.repeat(300)}`, {
      headers: { authorization: admin },
    });
    expectFormat('admin', 400, long);
    expect(JSON.parse(long.body).errors[0].detail).toMatch(/params\.policyId/);
    const unknown = await inject(`${POLICIES}/${'x'.repeat(120)}`, {
      headers: { authorization: admin },
    });
    expectFormat('admin', 404, unknown);
    const content = await inject(`/wiki/rest/api/content/${'9'.repeat(200)}/restriction`, {
      headers: { authorization: ADA_BASIC },
    });
    expectFormat('confluence-v1', 404, content);
    expectFormat('confluence-v1', 501, await inject('/wiki/rest/api/space', { method: 'POST' }));
  });

  it('F5 control characters in a path parameter, NUL in a query value, a cursor holding one: the same 400 on both dialects, nothing written', async () => {
    const before = await latestRevision(t.storage.db);
    for (const [url, family] of [
      [`${POLICIES}/a%00b`, 'admin'],
      [`${POLICIES}/%01`, 'admin'],
      [`${POLICIES}?cursor=%00`, 'admin'],
      [
        `${POLICIES}?cursor=${Buffer.from('{"d":"next","c":"\u0000","i":"x"}').toString('base64url')}`,
        'admin',
      ],
      [`/wiki/rest/api/content/98305%00/restriction`, 'confluence-v1'],
      [`/wiki/api/v2/pages/98305%7f`, 'confluence-v2'],
      [`/wiki/rest/api/content/98305/restriction?expand=%00`, 'confluence-v1'],
    ] as const) {
      const res = await inject(url, {
        headers: { authorization: family === 'admin' ? admin : ADA_BASIC },
      });
      expectFormat(family, 400, res);
      expect(res.body, url).not.toContain('\\u0000');
    }
    const put = await inject(`${POLICIES}/a%00b`, {
      method: 'PUT',
      headers: { authorization: admin, 'content-type': 'application/json' },
      payload: '{}',
    });
    expectFormat('admin', 400, put);
    expect(await latestRevision(t.storage.db)).toBe(before);
  });

  it('F6 a body nested deeper than 64 levels is a 400 before it is parsed, on every body', async () => {
    expect(nestsDeeperThan('['.repeat(64) + ']'.repeat(64))).toBe(false);
    expect(nestsDeeperThan('['.repeat(65) + ']'.repeat(65))).toBe(true);
    expect(nestsDeeperThan(`["${'['.repeat(100)}"]`)).toBe(false); // brackets inside strings
    for (const [url, family, authorization] of [
      [POLICIES, 'admin', admin],
      ['/wiki/rest/api/content/98306/restriction', 'confluence-v1', ADA_BASIC],
      ['/wiki/api/v2/pages/98306/classification-level', 'confluence-v2', ADA_BASIC],
      [`/gatehouse/v1/orgs/${ORG}/check`, 'gatehouse', admin],
    ] as const) {
      for (const payload of [
        '['.repeat(10_000) + ']'.repeat(10_000),
        '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
      ]) {
        const res = await inject(url, {
          method: url.endsWith('level') || url.endsWith('restriction') ? 'PUT' : 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          payload,
        });
        expectFormat(family, 400, res);
        expect(res.body).toMatch(/deeper than 64 levels/);
      }
    }
  });

  it('F7 a present but empty Authorization header is a 401 on every API, never anonymous', async () => {
    for (const [url, family] of [
      ['/wiki/rest/api/content/98330/restriction', 'confluence-v1'],
      ['/wiki/api/v2/pages/98330', 'confluence-v2'],
      [POLICIES, 'admin'],
      [`/gatehouse/v1/orgs/${ORG}/check`, 'gatehouse'],
    ] as const) {
      const body = JSON.stringify({
        subject: { type: 'anonymous' },
        action: 'read',
        resource: { type: 'page', id: '98330' },
      });
      const res = url.endsWith('/check')
        ? await rawRequest(
            port,
            `POST ${url} HTTP/1.1\r\nConnection: close\r\nHost: localhost\r\nAuthorization:\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
          )
        : await raw(`GET ${url}`, 'Host: localhost\r\nAuthorization:\r\n');
      expectFormat(family, 401, res);
    }
    // The same public page is readable without the header.
    expect((await inject('/wiki/rest/api/content/98330/restriction')).status).toBe(200);
  });
});
