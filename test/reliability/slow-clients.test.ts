import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { serverOptions } from '../../src/http/hardening/timeouts.js';
import { errorFormatMismatch } from '../support/error-formats.js';
import { ADA_BASIC, ORG } from '../support/fuzz-target.js';
import { listenTestApp, type TestApp } from '../support/harness.js';

const HEADERS_MS = 1000;
const REQUEST_MS = 2000;
const IDLE_SOCKETS = 300;
const SLOW_CLIENTS = 20;

interface Cut {
  /** ms from connecting until the server closed the socket (printed, not asserted). */
  ms: number;
  /** Bytes the client had sent of those it meant to send when the server cut it. */
  sent: number;
  total: number;
  answer: string;
}

/**
 * A socket that sends `head` at once, then `bytes` one at a time every `everyMs`, until the
 * server closes it.
 */
function dribble(port: number, head: string, bytes: string, everyMs: number): Promise<Cut> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let answer = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < bytes.length && socket.writable) socket.write(bytes[i++]!);
    }, everyMs);
    socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    socket.on('error', () => undefined);
    // The server's FIN ('end') is the cut; 'close' covers a reset.
    const cut = () => {
      clearInterval(timer);
      socket.destroy();
      resolve({ ms: Date.now() - started, sent: i, total: bytes.length, answer });
    };
    socket.once('end', cut);
    socket.once('close', cut);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('slow and abusive clients', () => {
  let t: TestApp & { url: string };
  let port: number;
  beforeAll(async () => {
    t = await listenTestApp('sqlite', undefined, {
      headersTimeout: String(HEADERS_MS),
      requestTimeout: String(REQUEST_MS),
      idleTimeout: '5000',
    });
    port = Number(new URL(t.url).port);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Latencies of normal requests, one after the other over a kept-alive connection. */
  async function latencies(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      const res = await fetch(`${t.url}/wiki/rest/api/content/98306/restriction`, {
        headers: { authorization: ADA_BASIC },
      });
      await res.text();
      expect(res.status).toBe(200);
      out.push(performance.now() - started);
    }
    return out;
  }

  it('F12 the defaults: headers within 10 s, the whole request within 30 s, idle sockets closed after 30 s, kept-alive ones after 5 s', () => {
    const options = serverOptions(resolveConfig({}, {}).timeouts);
    expect(options).toMatchObject({
      requestTimeout: 30_000,
      connectionTimeout: 30_000,
      keepAliveTimeout: 5_000,
      http: { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1000 },
    });
    expect(() => resolveConfig({ headersTimeout: '40000' }, {})).toThrow(/must not exceed/);
  });

  it('F12 hundreds of idle sockets and byte-a-second clients: normal requests keep their latency, and each slow client is cut with a 408 in its API format', async () => {
    await latencies(40); // warm up
    const baseline = median(await latencies(60));
    const idle: Socket[] = [];
    for (let i = 0; i < IDLE_SOCKETS; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.resume(); // read what the server sends, so that its FIN is seen
      idle.push(socket);
    }
    const idleClosed = idle.map(
      (socket) =>
        new Promise<number>((resolve) => {
          const cut = () => {
            socket.destroy();
            resolve(Date.now());
          };
          socket.once('end', cut);
          socket.once('close', cut);
        }),
    );
    const opened = Date.now();
    const slowHeaders = Array.from({ length: SLOW_CLIENTS }, () =>
      dribble(
        port,
        '',
        `GET /wiki/rest/api/content/98306/restriction HTTP/1.1\r\nHost: x\r\n\r\n`,
        1000,
      ),
    );
    const body = JSON.stringify({ data: { type: 'policy' } });
    const slowBodies = Array.from({ length: SLOW_CLIENTS }, () =>
      dribble(
        port,
        // With a good key: authentication runs before the body is read, so only a client the
        // server would serve waits for its slow body (and is cut).
        `POST /admin/control/v2/orgs/${ORG}/policies HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer gh-demo-admin-key-0001\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
        1000,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const underAbuse = median(await latencies(60));
    const [headerCuts, bodyCuts] = await Promise.all([
      Promise.all(slowHeaders),
      Promise.all(slowBodies),
    ]);
    const idleCuts = (await Promise.all(idleClosed)).map((at) => at - opened);
    console.log(
      `F12 median latency ${baseline.toFixed(2)} ms alone, ${underAbuse.toFixed(2)} ms beside ${IDLE_SOCKETS} idle sockets and ${SLOW_CLIENTS * 2} byte-a-tick clients (ratio ${(underAbuse / baseline).toFixed(2)}); slow headers cut after ${median(headerCuts.map((c) => c.ms))} ms, slow bodies after ${median(bodyCuts.map((c) => c.ms))} ms, idle sockets after ${median(idleCuts)} ms (median)`,
    );
    // Generous: a loaded 2-core machine shares its cores with other work.
    expect(underAbuse / baseline).toBeLessThan(5);
    for (const cut of headerCuts) {
      // Cut long before it could finish: the server did not wait for the slow client.
      expect(cut.sent).toBeLessThan(cut.total / 4);
      expect(cut.answer).toMatch(/^HTTP\/1\.1 408 /);
      // The request line is not read before the headers end: Gatehouse's own format.
      const json = JSON.parse(cut.answer.split('\r\n\r\n')[1]!) as unknown;
      expect(errorFormatMismatch('gatehouse', 408, json)).toBeNull();
    }
    for (const cut of bodyCuts) {
      expect(cut.sent).toBeLessThan(cut.total / 4);
      expect(cut.answer).toMatch(/^HTTP\/1\.1 408 /);
      const json = JSON.parse(cut.answer.split('\r\n\r\n')[1]!) as unknown;
      expect(errorFormatMismatch('admin', 408, json)).toBeNull();
    }
    // Every idle socket was closed by the server (the awaits above return only then).
    expect(idleCuts).toHaveLength(IDLE_SOCKETS);
    // And the server still answers.
    expect(median(await latencies(5))).toBeGreaterThan(0);
  });
});
