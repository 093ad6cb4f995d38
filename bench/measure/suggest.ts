import { buildApp } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import { decide } from '../../src/domain/decision/engine.js';
import { suggestToAllow } from '../../src/domain/decision/suggest.js';
import { hypothesisOf } from '../../src/index/hypothetical.js';
import { requestMix } from '../requests.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { BENCH_ADMIN_KEY, BENCH_ORG } from '../world.js';

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

/**
 * S12's speed: `POST …/check` with `suggest` against the plain check, both through the real route
 * (app.inject), over the denials of the bench mix; and the engine alone (printed).
 */
export async function measureSuggest(
  bench: BenchWorld,
  denials: number,
  log: Log,
): Promise<Result[]> {
  const facts = bench.facts();
  const snapshot = bench.index.snapshot().org(BENCH_ORG)!;
  const requests = requestMix(bench.world, denials * 10, 23)
    .filter((r) => decide(facts, r).decision === 'deny')
    .slice(0, denials);
  const app = await buildApp(resolveConfig({ logLevel: 'silent' }, {}), bench, { logger: false });
  await app.ready();
  try {
    const time = async (payload: object) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const res = await app.inject({
          method: 'POST',
          url: `/gatehouse/v1/orgs/${BENCH_ORG}/check`,
          headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}` },
          payload,
        });
        samples.push(performance.now() - started);
        if (res.statusCode !== 200)
          throw new Error(`check answered ${res.statusCode}: ${res.body}`);
      }
      return median(samples);
    };
    const plain: number[] = [];
    const suggested: number[] = [];
    let suggestions = 0;
    for (const request of requests) {
      plain.push(await time(request));
      suggested.push(await time({ ...request, suggest: true }));
    }
    const hypothesize = hypothesisOf(snapshot);
    const engine: number[] = [];
    const bare: number[] = [];
    for (const request of requests) {
      let started = performance.now();
      for (let i = 0; i < 20; i++) decide(facts, request);
      bare.push((performance.now() - started) / 20);
      started = performance.now();
      for (let i = 0; i < 5; i++) suggestions += suggestToAllow(facts, request, hypothesize).length;
      engine.push((performance.now() - started) / 5);
    }
    const us = (ms: number) => ms * 1000;
    log(
      `suggest: ${requests.length} denials, ${(suggestions / 5 / requests.length).toFixed(1)} suggestions each; route ${us(median(suggested)).toFixed(0)} µs vs ${us(median(plain)).toFixed(0)} µs; engine ${us(median(engine)).toFixed(1)} µs vs ${us(median(bare)).toFixed(2)} µs`,
    );
    return [
      result(
        'POST /check with suggest vs plain check (median over denials)',
        'µs',
        us(median(suggested)),
        us(median(plain)),
        '≤ 20×',
        (r) => r <= 20,
      ),
      result(
        'suggestToAllow vs decide, engine alone (median over denials)',
        'µs',
        us(median(engine)),
        us(median(bare)),
        'printed',
        null,
      ),
    ];
  } finally {
    await app.close();
  }
}
