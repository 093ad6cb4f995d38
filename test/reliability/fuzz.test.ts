import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import {
  errorFormatMismatch,
  familyOfPath,
  leakIn,
  otherFamilyOfPath,
} from '../support/error-formats.js';
import { demoSecrets, fillIn, startFuzzTarget, type FuzzTarget } from '../support/fuzz-target.js';
import { DEMO_KNOWN } from '../support/fuzz-target.js';
import { operationsOf, requestArbitrary, type FuzzRequest } from '../support/openapi-fuzz.js';
import { rawRequest } from '../support/raw-http.js';
import { rawForms } from '../support/raw-forms.js';
import { stateDigest } from '../support/state-digest.js';

/** `FUZZ_SEED=<seed> npx vitest run test/reliability/fuzz.test.ts` replays a run. */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 2200);
const CHECKPOINT = 100;

/** Kinds that can never be a valid request: each must be refused (4xx). */
const ALWAYS_REFUSED = new Set([
  'body: deep nesting',
  'body: NUL or lone surrogate',
  'body: invalid UTF-8',
  'body: invalid JSON',
  'path parameter: malformed',
]);

interface Tally {
  requests: number;
  socketRequests: number;
  fiveXx: number;
  formatMismatches: number;
  partialWrites: number;
  unloggedWrites: number;
  accepted: number;
  refusalMismatches: number;
  leaks: number;
  dialectMismatches: number;
}

const tally = (): Tally => ({
  requests: 0,
  socketRequests: 0,
  fiveXx: 0,
  formatMismatches: 0,
  partialWrites: 0,
  unloggedWrites: 0,
  accepted: 0,
  refusalMismatches: 0,
  leaks: 0,
  dialectMismatches: 0,
});

describe('fuzz: malformed requests generated from the served /openapi.json', () => {
  let targets: FuzzTarget[];
  const secrets = demoSecrets();
  const failures: string[] = [];
  const fail = (what: string) => {
    if (failures.length < 25) failures.push(what);
  };

  beforeAll(async () => {
    targets = await Promise.all((['sqlite', 'postgres'] as const).map(startFuzzTarget));
  });
  afterAll(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  /** Checks one answer; `served` is the path as the server routed it (for its API family). */
  function judge(
    t: Tally,
    request: { kind: string; operation: string; method: string; url: string },
    served: string,
    status: number,
    body: string,
    { parserLevel = false, mustRefuse = false } = {},
  ): void {
    const label = `${request.operation} [${request.kind}] ${request.method} ${request.url.slice(0, 120)} → ${status}`;
    if (status >= 500 || status === 0) {
      t.fiveXx++;
      fail(`${label}: ${body.slice(0, 200)}`);
    }
    if (status >= 400) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const family = familyOfPath(served);
      const problem = errorFormatMismatch(family, status, json);
      const asGatehouse = parserLevel ? errorFormatMismatch('gatehouse', status, json) : problem;
      const other = otherFamilyOfPath(served);
      const asOther = other ? errorFormatMismatch(other, status, json) : problem;
      if (problem && asGatehouse && asOther) {
        t.formatMismatches++;
        fail(`${label}: not ${family} format (${problem}): ${body.slice(0, 200)}`);
      }
    } else {
      t.accepted++;
      if (mustRefuse) {
        t.refusalMismatches++;
        fail(`${label}: accepted`);
      }
    }
    // `GET /` shows the demo tenant's credentials on purpose (the start page): not a leak.
    const startPage = request.operation === 'GET /' && status < 400;
    const leak = startPage ? null : leakIn(body, secrets);
    if (leak) {
      t.leaks++;
      fail(`${label}: body holds ${leak}`);
    }
  }

  it('F14 every operation, bad bodies, parameters, credentials, content types and forms: a 4xx in its own format, nothing written, nothing leaked, the same on SQLite and PostgreSQL', async () => {
    const doc = (await targets[0]!.app.inject({ url: '/openapi.json' })).json() as unknown;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(20);
    const requests = fc.sample(
      // Operations that take a body get half the requests: bodies have most ways to be wrong.
      fc
        .oneof(
          fc.constantFrom(...operations),
          fc.constantFrom(...operations.filter((op) => op.body !== null)),
        )
        .chain((op) => requestArbitrary(op, DEMO_KNOWN)),
      { seed: SEED, numRuns: RUNS },
    );
    const tallies = new Map(targets.map((t) => [t.dialect, tally()]));
    const digests = await Promise.all(targets.map((t) => stateDigest(t.storage.db, t.dialect)));
    const wroteSinceCheckpoint = targets.map(() => false);
    const started = Date.now();
    for (const [i, request] of requests.entries()) {
      const answers = await Promise.all(
        targets.map(async (target, n) => {
          const t = tallies.get(target.dialect)!;
          const before = await latestRevision(target.storage.db);
          const res = await send(target, request);
          const after = await latestRevision(target.storage.db);
          t.requests++;
          if (res.viaSocket) t.socketRequests++;
          judge(t, { ...request, url: res.url }, res.served, res.status, res.body, {
            mustRefuse: ALWAYS_REFUSED.has(request.kind),
          });
          if (after !== before) wroteSinceCheckpoint[n] = true;
          if (res.status >= 400 && after !== before) {
            t.partialWrites++;
            fail(`${target.dialect} ${describe1(request)} → ${res.status} wrote`);
          }
          return res.status;
        }),
      );
      if (answers[0] !== answers[1]) {
        for (const t of tallies.values()) t.dialectMismatches++;
        fail(`dialects differ ${answers.join(' vs ')}: ${describe1(request)}`);
      }
      if ((i + 1) % CHECKPOINT === 0 || i === requests.length - 1) {
        for (const [n, target] of targets.entries()) {
          const digest = await stateDigest(target.storage.db, target.dialect);
          // Every write appends to the change log; a changed table without a new revision is
          // a write the log missed (or a refused request's partial write).
          if (!wroteSinceCheckpoint[n] && digest !== digests[n]) {
            tallies.get(target.dialect)!.unloggedWrites++;
            fail(
              `${target.dialect}: tables changed without a change-log entry before request ${i}`,
            );
          }
          digests[n] = digest;
          wroteSinceCheckpoint[n] = false;
        }
      }
    }
    const injectMs = Date.now() - started;

    // The raw forms `app.inject` normalizes (dot segments, bad bytes, absolute form, no Host…)
    // go over a real socket.
    for (const target of targets) {
      const port = target.port;
      const t = tallies.get(target.dialect)!;
      for (const form of rawForms(operations, DEMO_KNOWN, SEED)) {
        const before = await latestRevision(target.storage.db);
        const res = await rawRequest(port, fillIn(form.bytes, target.fill));
        const after = await latestRevision(target.storage.db);
        t.requests++;
        t.socketRequests++;
        judge(t, form, form.served, res.status, res.body, form);
        if (res.status >= 400 && after !== before) t.partialWrites++;
      }
      const alive = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(alive.status, `${target.dialect} still serves`).toBe(200);
    }

    let logLeaks = 0;
    let errorLines = 0;
    for (const target of targets) {
      for (const line of target.logs) {
        const leak = leakIn(line, secrets);
        if (leak) {
          logLeaks++;
          fail(`${target.dialect} log holds ${leak}: ${line.slice(0, 200)}`);
        }
        if (/"level":(50|60)/.test(line)) {
          errorLines++;
          fail(`${target.dialect} logged an error: ${line.slice(0, 300)}`);
        }
      }
    }

    const kinds = new Map<string, number>();
    for (const r of requests) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    console.log(
      [
        `fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npx vitest run test/reliability/fuzz.test.ts)`,
        `${operations.length} operations from /openapi.json; ${requests.length} generated requests per dialect by app.inject in ${injectMs} ms, plus the raw socket forms`,
        ...[...tallies].map(
          ([dialect, t]) =>
            `${dialect}: requests ${t.requests} (socket ${t.socketRequests}), 5xx ${t.fiveXx}, format mismatches ${t.formatMismatches}, partial writes ${t.partialWrites}, unlogged writes ${t.unloggedWrites}, refused-kind accepted ${t.refusalMismatches}, leaks ${t.leaks}, dialect mismatches ${t.dialectMismatches}, accepted ${t.accepted}`,
        ),
        `log lines: ${targets.map((t) => `${t.dialect} ${t.logs.length}`).join(', ')}; leaks ${logLeaks}; error lines ${errorLines}`,
        `kinds: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`,
        ...failures.map((f) => `  ✗ ${f}`),
      ].join('\n'),
    );
    for (const [dialect, t] of tallies) {
      expect(t.requests, dialect).toBeGreaterThanOrEqual(2000);
      expect(
        {
          fiveXx: t.fiveXx,
          formatMismatches: t.formatMismatches,
          partialWrites: t.partialWrites,
          unloggedWrites: t.unloggedWrites,
          refusalMismatches: t.refusalMismatches,
          leaks: t.leaks,
          dialectMismatches: t.dialectMismatches,
        },
        `${dialect}, seed ${SEED}`,
      ).toEqual({
        fiveXx: 0,
        formatMismatches: 0,
        partialWrites: 0,
        unloggedWrites: 0,
        refusalMismatches: 0,
        leaks: 0,
        dialectMismatches: 0,
      });
    }
    expect({ logLeaks, errorLines }).toEqual({ logLeaks: 0, errorLines: 0 });
  }, 300_000);
});

/**
 * One generated request, by `app.inject` — or over the socket when a URL parser would resolve its
 * dot segments (as `app.inject` does), so that the server sees exactly what was generated.
 */
async function send(target: FuzzTarget, request: FuzzRequest) {
  const url = fillIn(request.url, target.fill);
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k, fillIn(v, target.fill)]),
  );
  const payload = fillIn(request.payload, target.fill);
  const normalized = new URL(url, 'http://localhost');
  if (`${normalized.pathname}${normalized.search}` === url) {
    const res = await target.app.inject({
      method: request.method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    return {
      url,
      served: normalized.pathname,
      viaSocket: false,
      status: res.statusCode,
      body: res.body,
    };
  }
  const lines = Object.entries({ host: 'localhost', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
  const body = payload === undefined ? Buffer.alloc(0) : Buffer.from(payload);
  const head = `${request.method} ${url} HTTP/1.1\r\nConnection: close\r\n${lines.join('')}Content-Length: ${body.length}\r\n\r\n`;
  const res = await rawRequest(target.port, Buffer.concat([Buffer.from(head, 'latin1'), body]));
  return { url, served: url.split('?')[0]!, viaSocket: true, status: res.status, body: res.body };
}

function describe1(request: FuzzRequest): string {
  const payload = request.payload === undefined ? '' : ` ${String(request.payload).slice(0, 100)}`;
  return `${request.operation} [${request.kind}] ${request.method} ${request.url.slice(0, 120)}${payload}`;
}
