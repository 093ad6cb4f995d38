import { measureAudit } from './measure/audit.js';
import { measureDecisions, type DecisionBudget } from './measure/decisions.js';
import { measureResourcePages } from './measure/resources.js';
import { measureSubjects } from './measure/subjects.js';
import { measureFilter } from './measure/filter.js';
import { measureHttp, type HttpBudget } from './measure/http.js';
import { measureJira } from './measure/jira.js';
import { measureMemory } from './measure/memory.js';
import { measureRehearse } from './measure/rehearse.js';
import { measureSuggest } from './measure/suggest.js';
import { measureOrgs } from './measure/orgs.js';
import { measureUpdates } from './measure/updates.js';
import type { Result } from './results.js';
import { buildBenchWorld, type Log } from './setup.js';
import { FULL_WORLD, QUICK_WORLD, type WorldSize } from './world.js';

export interface Budget {
  world: WorldSize;
  decisions: DecisionBudget;
  filterRepeats: number;
  http: HttpBudget;
  updateRepeats: number;
  /** Denials of the mix the suggestion figure is measured over. */
  denials: number;
}

export const FULL_BUDGET: Budget = {
  world: FULL_WORLD,
  decisions: { ms: 3000, requests: 8192, latencyCalls: 3000 },
  filterRepeats: 15,
  http: { seconds: 5, rounds: 3, connections: 10 },
  updateRepeats: 9,
  denials: 200,
};

export const QUICK_BUDGET: Budget = {
  world: QUICK_WORLD,
  decisions: { ms: 100, requests: 500, latencyCalls: 200 },
  filterRepeats: 3,
  http: { seconds: 1, rounds: 1, connections: 4 },
  updateRepeats: 3,
  denials: 20,
};

/** Builds the world and runs every measurement once, in a fixed order. */
export async function runSuite(budget: Budget, log: Log): Promise<Result[]> {
  const bench = await buildBenchWorld(budget.world, log);
  try {
    const jira = await measureJira(
      bench,
      {
        ms: budget.decisions.ms,
        requests: budget.decisions.requests,
        filterRepeats: budget.filterRepeats,
      },
      log,
    );
    return [
      ...(await measureMemory(bench, log, jira.heapMb)),
      ...jira.results,
      ...measureDecisions(bench, budget.decisions, log),
      ...(await measureFilter(bench, budget.filterRepeats, log)),
      ...(await measureSubjects(bench.facts(), bench.world.bigSpaceId, budget.filterRepeats, log)),
      ...(await measureResourcePages(
        bench.facts(),
        bench.world.accountIds[0]!,
        budget.filterRepeats,
        log,
      )),
      ...(await measureRehearse(bench, log)),
      ...(await measureSuggest(bench, budget.denials, log)),
      ...(await measureHttp(bench, budget.http, log)),
      ...(await measureOrgs(bench, budget.http, log)),
      ...(await measureUpdates(bench, budget.updateRepeats, log)),
      ...(await measureAudit(bench, budget.updateRepeats, log)),
    ];
  } finally {
    await bench.dispose();
  }
}
