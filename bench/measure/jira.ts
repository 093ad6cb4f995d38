import { decide, session } from '../../src/domain/decision/engine.js';
import { permittedContent } from '../../src/domain/decision/lists.js';
import type { Subject } from '../../src/domain/decision/types.js';
import { parseJql } from '../../src/domain/jira/jql.js';
import { visibleInKeyOrder } from '../../src/domain/jira/search.js';
import { buildJiraWorld } from '../../src/index/jira-world.js';
import { readWorldRows } from '../../src/storage/repos/world.js';
import { emptyWorldRows, type WorldRows } from '../../src/storage/rows.js';
import { jiraRequestMix } from '../jira-world.js';
import { requestMix } from '../requests.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { alternatingMedianMs, alternatingRates } from '../timing.js';
import { BENCH_ORG, SITES } from '../world.js';

const ROUNDS = 5;
const FIRST = 100;

/** The tables the Jira index is built from. */
function pickJiraTables(rows: WorldRows): Partial<WorldRows> {
  return {
    orgs: rows.orgs,
    groups: rows.groups,
    projects: rows.projects,
    jira_project_permissions: rows.jira_project_permissions,
    jira_security_levels: rows.jira_security_levels,
    jira_security_level_members: rows.jira_security_level_members,
    jira_issues: rows.jira_issues,
    jira_attachments: rows.jira_attachments,
    jira_comments: rows.jira_comments,
  };
}

const collect = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) for (let i = 0; i < 3; i++) gc();
};

/**
 * The Jira figures (docs/performance.md): issue decisions per second against page decisions in
 * the same run, a JQL `project = X` search for its first 100 visible issues against a filter of
 * the first 100 readable pages, and the heap of the Jira index per 100,000 issues.
 */
export async function measureJira(
  bench: BenchWorld,
  budget: { ms: number; requests: number; filterRepeats: number },
  log: Log,
): Promise<{ results: Result[]; heapMb: number }> {
  const facts = bench.facts();
  const pages = requestMix(bench.world, budget.requests);
  const issues = jiraRequestMix(bench.world, bench.jira, budget.requests);
  const allowed = issues.filter((r) => decide(facts, r).decision === 'allow').length;
  log(`jira: ${issues.length} issue requests, ${allowed} allowed`);
  const pageRun = (i: number) => decide(facts, pages[i % pages.length]!).reasons.length;
  const issueRun = (i: number) => decide(facts, issues[i % issues.length]!).reasons.length;
  const [pageRate, issueRate] = alternatingRates(
    [pageRun, issueRun],
    budget.ms / ROUNDS,
    ROUNDS,
  ) as [number, number];
  log(`decisions/s: issues ${issueRate.toFixed(0)}, pages ${pageRate.toFixed(0)}`);

  // A user who may browse the first project and read the big space.
  const key = bench.jira.projectKeys[0]!;
  const project = facts.jira.projectByKey.get(`${SITES[0].cloudId}/${key}`)!;
  const accountId = bench.world.accountIds.find((id) => {
    const subject: Subject = { type: 'user', accountId: id };
    const s = session(facts, subject);
    return (
      s.jira.browseGrant(project) !== null &&
      decide(facts, {
        subject,
        action: 'read',
        resource: { type: 'space', id: bench.world.bigSpaceId },
      }).decision === 'allow'
    );
  });
  if (accountId === undefined) throw new Error('no user may browse the project and read the space');
  const subject: Subject = { type: 'user', accountId };
  const scope = { world: facts.jira, siteId: SITES[0].cloudId, accountId };
  const jql = () => {
    const query = parseJql(`project = ${key}`);
    let n = 0;
    for (const issue of visibleInKeyOrder(session(facts, subject).jira, query, scope, {
      descending: false,
    })) {
      if (issue && ++n === FIRST) break;
    }
    return Promise.resolve(n);
  };
  const filter = () => {
    let n = 0;
    for (const page of permittedContent(session(facts, subject), 'read', bench.world.bigSpaceId)) {
      if (page && ++n === FIRST) break;
    }
    return Promise.resolve(n);
  };
  for (const warm of [jql, filter, jql, filter]) await warm();
  const [jqlMs, filterMs] = (await alternatingMedianMs(
    [jql, filter],
    budget.filterRepeats * 20,
  )) as [number, number];
  log(
    `jira: first ${FIRST} of project = ${key} in ${jqlMs.toFixed(3)} ms, ${FIRST} pages in ${filterMs.toFixed(3)} ms`,
  );

  // The Jira index alone. Its rows are read first, then copied inside the window (fresh strings,
  // as a load from the database makes them) and dropped: what is left is what the Jira index keeps.
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const read = await readWorldRows(bench.storage.db, [BENCH_ORG]);
  const subset = JSON.stringify({ ...emptyWorldRows(), ...pickJiraTables(read) });
  collect();
  const before = process.memoryUsage().heapUsed;
  let rows: WorldRows | null = JSON.parse(subset) as WorldRows;
  const world = buildJiraWorld(rows, BENCH_ORG);
  rows = null;
  collect();
  const after = process.memoryUsage().heapUsed;
  const heapMb = (after - before) / 1e6;
  const perHundredK = heapMb * (100_000 / Math.max(1, world.issues.size));
  log(
    `memory: Jira index of ${world.issues.size} issues: ${heapMb.toFixed(1)} MB (${world.projects.size} projects)`,
  );

  return {
    heapMb,
    results: [
      result(
        'issue decisions/s vs page decisions/s',
        'decisions/s',
        issueRate,
        pageRate,
        '≥ 0.8×',
        (r) => r >= 0.8,
      ),
      result(
        `JQL project = X, first ${FIRST} visible issues vs filter of ${FIRST} pages`,
        'ms',
        jqlMs,
        filterMs,
        '≤ 2×',
        (r) => r <= 2,
      ),
      result(
        'Jira index heap per 100,000 issues',
        'MB',
        perHundredK,
        null,
        '< 150 MB',
        (_r, v) => hasGc && v < 150,
      ),
    ],
  };
}
