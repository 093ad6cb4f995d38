import { decide } from '../../src/domain/decision/engine.js';
import { CedarBaseline } from '../baselines/cedar.js';
import { MinimalEvaluator } from '../baselines/minimal.js';
import { requestMix } from '../requests.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { alternatingRates, latencyPercentile } from '../timing.js';

const ROUNDS = 5;

export interface DecisionBudget {
  /** Milliseconds per throughput measurement. */
  ms: number;
  /** Distinct requests in the mix (Cedar encodes each once). */
  requests: number;
  /** Calls per latency measurement. */
  latencyCalls: number;
}

/**
 * Single decisions per second and p99 latency: the engine over the index, Cedar over the same
 * facts, and the minimal evaluator — plus how often the baselines disagree with the engine.
 */
export function measureDecisions(bench: BenchWorld, budget: DecisionBudget, log: Log): Result[] {
  const facts = bench.facts();
  const requests = requestMix(bench.world, budget.requests);
  const n = requests.length;
  const minimal = new MinimalEvaluator(facts);
  const cedar = new CedarBaseline(facts);
  const calls = requests.map((r) => cedar.encode(r));

  let cedarMismatches = 0;
  let minimalMismatches = 0;
  let allowed = 0;
  requests.forEach((request, i) => {
    const engine = decide(facts, request).decision;
    if (engine === 'allow') allowed++;
    const call = calls[i];
    if ((call ? cedar.decide(call).decision : 'deny') !== engine) cedarMismatches++;
    if ((minimal.decide(request) ? 'allow' : 'deny') !== engine) minimalMismatches++;
  });
  log(
    `decisions: ${n} requests, ${allowed} allowed; mismatches vs engine: cedar ${cedarMismatches}, minimal ${minimalMismatches}`,
  );

  const engineRun = (i: number) => decide(facts, requests[i % n]!).reasons.length;
  const minimalRun = (i: number) => minimal.decide(requests[i % n]!);
  const cedarRun = (i: number) => {
    const call = calls[i % n];
    return call ? cedar.decide(call).reasons.length : 0;
  };
  const [engineRate, minimalRate, cedarRate] = alternatingRates(
    [engineRun, minimalRun, cedarRun],
    budget.ms / ROUNDS,
    ROUNDS,
  ) as [number, number, number];
  const engineP99 = latencyPercentile(engineRun, budget.latencyCalls * 20, 99);
  const cedarP99 = latencyPercentile(cedarRun, budget.latencyCalls, 99);
  log(
    `decisions/s: engine ${engineRate.toFixed(0)}, minimal ${minimalRate.toFixed(0)}, cedar ${cedarRate.toFixed(0)}`,
  );
  return [
    result(
      'decisions/s vs Cedar',
      'decisions/s',
      engineRate,
      cedarRate,
      '≥ 1000×',
      (r) => r >= 1000,
    ),
    result(
      'decisions/s vs minimal evaluator',
      'decisions/s',
      engineRate,
      minimalRate,
      '≥ 0.1×',
      (r) => r >= 0.1,
    ),
    result(
      'p99 latency of one decision vs Cedar',
      'µs',
      engineP99,
      cedarP99,
      '≤ 1/300×',
      (r) => r <= 1 / 300,
    ),
    result(
      'Cedar disagreements with the engine',
      `of ${n}`,
      cedarMismatches,
      null,
      '0',
      (_r, v) => v === 0,
    ),
    result(
      'minimal evaluator disagreements with the engine',
      `of ${n}`,
      minimalMismatches,
      null,
      '0',
      (_r, v) => v === 0,
    ),
  ];
}
