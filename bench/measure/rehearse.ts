import { createDraft } from '../../src/commands/policies/drafts.js';
import { deletePolicy } from '../../src/commands/policies/publish.js';
import { changeResources } from '../../src/commands/policies/resources.js';
import { decide } from '../../src/domain/decision/engine.js';
import type { Action, DecisionFacts, Subject } from '../../src/domain/decision/types.js';
import type { PublishBatch } from '../../src/domain/rehearsal/plan.js';
import { CONTENT_ACTIONS, rehearse, type Rehearsal } from '../../src/domain/rehearsal/rehearse.js';
import type { Content } from '../../src/domain/world.js';
import { rehearsalInput } from '../../src/index/rehearsal-state.js';
import { orgPolicies } from '../../src/storage/repos/policies.js';
import { BENCH_ACTOR, writer } from '../policies.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { cpuMs } from '../timing.js';
import { BENCH_ORG, LEVELS, random } from '../world.js';

/** A 1% sample of the pages and of the users (all apps and anonymous), for the brute force. */
const SAMPLE = 0.01;

interface Scenario {
  name: string;
  batches: PublishBatch[];
}

/** The three rehearsals of the issue, drafted through the real commands. */
async function scenarios(bench: BenchWorld, drafts: string[]): Promise<Scenario[]> {
  const write = writer(bench.storage, bench.index);
  const policies = await orgPolicies(bench.storage.db, BENCH_ORG);
  const published = policies.filter((p) => p.status === 'published');
  const orgExport = published.find((p) => p.coverageLevel === 'ORG' && p.rules.export);
  const flipped = orgExport?.rules.export?.effect === 'block' ? 'allow' : 'block';
  const draft = (
    name: string,
    coverageLevel: 'ORG' | 'CONTAINER' | 'CLASSIFICATION',
    rule: 'export' | 'appAccess',
    effect: 'block' | 'allow',
    subject: string | null = null,
  ) =>
    write(
      createDraft(BENCH_ACTOR, {
        name,
        coverageLevel,
        rule: { [rule]: { effect } },
        subject: subject ? { subjectType: 'marketplaceApp', subjectId: subject } : null,
      }),
    );
  const org = await draft(`bench rehearsal ORG export ${flipped}`, 'ORG', 'export', flipped);
  const spaceId = bench.world.spaceIds[5 % bench.world.spaceIds.length]!;
  const space = await draft(
    'bench rehearsal appAccess block',
    'CONTAINER',
    'appAccess',
    'block',
    'all_apps',
  );
  await write(
    changeResources(BENCH_ACTOR, space.id, [
      {
        operation: 'ADD',
        resourceAri: `ari:cloud:confluence:${bench.world.spaceSite.get(spaceId)}:space/${spaceId}`,
      },
    ]),
  );
  const allApps = published.find(
    (p) =>
      p.coverageLevel === 'ORG' && p.rules.appAccess && (p.subjectId ?? 'all_apps') === 'all_apps',
  )!;
  const level = await draft(
    'bench rehearsal CLASSIFICATION export block',
    'CLASSIFICATION',
    'export',
    'block',
  );
  await write(
    changeResources(BENCH_ACTOR, level.id, [
      { operation: 'ADD', resourceAri: `ari:cloud:platform::classification-tag/${LEVELS[2]}` },
    ]),
  );
  drafts.push(org.id, space.id, level.id);
  return [
    {
      name: `ORG export flip to ${flipped}`,
      batches: [
        {
          ruleName: 'export',
          policyOperations: [{ policyId: org.id, action: 'UPDATE', policyCoverageLevel: 'ORG' }],
        },
      ],
    },
    {
      name: 'CONTAINER appAccess block of one space',
      batches: [
        {
          ruleName: 'appAccess',
          policyOperations: [
            { policyId: space.id, action: 'UPDATE', policyCoverageLevel: 'CONTAINER' },
            { policyId: allApps.id, action: 'UPDATE', policyCoverageLevel: 'ORG' },
          ],
        },
      ],
    },
    {
      name: 'CLASSIFICATION export block',
      batches: [
        {
          ruleName: 'export',
          policyOperations: [
            { policyId: level.id, action: 'UPDATE', policyCoverageLevel: 'CLASSIFICATION' },
          ],
        },
      ],
    },
  ];
}

const actionsOf = (content: Content): Action[] =>
  CONTENT_ACTIONS.filter(
    (a) =>
      (a !== 'downloadAttachment' || content.attachments.length > 0) &&
      (a !== 'viewPublicLink' || content.publicLinkId !== null),
  );

/**
 * The brute force on a sample: every sampled subject × sampled page × action, decided before and
 * after. Returns its CPU time and how many sampled decisions the rehearsal gets wrong.
 */
function bruteForce(
  before: DecisionFacts,
  after: DecisionFacts,
  pages: readonly Content[],
  subjects: readonly Subject[],
  rehearsal: Rehearsal,
): { ms: number; decisions: number; mismatches: number } {
  const flips: { page: Content; action: Action; subject: Subject; before: string }[] = [];
  let decisions = 0;
  const started = cpuMs();
  for (const page of pages) {
    const resource = { type: page.type, id: page.id };
    for (const action of actionsOf(page)) {
      for (const subject of subjects) {
        const b = decide(before, { subject, action, resource }).decision;
        const a = decide(after, { subject, action, resource }).decision;
        decisions += 2;
        if (a !== b) flips.push({ page, action, subject, before: b });
      }
    }
  }
  const ms = cpuMs() - started;
  // the rehearsal's changes restricted to the sample must be exactly these flips
  const changes = new Map(
    rehearsal.changes.map((c) => [
      `${c.resource.type}:${c.resource.id}|${c.action}|${c.before}`,
      c,
    ]),
  );
  const inChange = (page: Content, action: Action, before: string, subject: Subject) => {
    const c = changes.get(`${page.type}:${page.id}|${action}|${before}`);
    if (!c) return false;
    if (subject.type === 'user') return c.users.has(subject.accountId);
    if (subject.type === 'app') return c.apps.includes(subject.ari);
    return c.anonymous;
  };
  let mismatches = 0;
  const flipped = new Set(
    flips.map((f) => `${f.page.id}|${f.action}|${JSON.stringify(f.subject)}`),
  );
  for (const f of flips) if (!inChange(f.page, f.action, f.before, f.subject)) mismatches++;
  for (const page of pages) {
    for (const action of actionsOf(page)) {
      for (const subject of subjects) {
        if (flipped.has(`${page.id}|${action}|${JSON.stringify(subject)}`)) continue;
        if (inChange(page, action, 'allow', subject) || inChange(page, action, 'deny', subject)) {
          mismatches++;
        }
      }
    }
  }
  return { ms, decisions, mismatches };
}

/** H13's speed: three rehearsals on the bench world against brute force on a 1% sample, scaled. */
export async function measureRehearse(bench: BenchWorld, log: Log): Promise<Result[]> {
  const facts = bench.facts();
  const rnd = random(13);
  const pages = bench.world.pageIds
    .filter(() => rnd() < SAMPLE)
    .map((id) => facts.content(id)!)
    .filter(Boolean);
  const users = bench.world.accountIds.filter(() => rnd() < SAMPLE);
  const subjects: Subject[] = [
    ...users.map((accountId) => ({ type: 'user' as const, accountId })),
    ...bench.world.appAris.map((ari) => ({ type: 'app' as const, ari })),
    { type: 'anonymous' },
  ];
  const scale =
    (bench.world.pageIds.length / pages.length) *
    ((bench.world.accountIds.length + bench.world.appAris.length + 1) / subjects.length);
  const results: Result[] = [];
  const drafts: string[] = [];
  for (const scenario of await scenarios(bench, drafts)) {
    const snapshot = bench.index.snapshot().org(BENCH_ORG)!;
    const walls: number[] = [];
    let rehearsal: Rehearsal | null = null;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      rehearsal = rehearse(await rehearsalInput(bench.storage.db, snapshot, scenario.batches));
      walls.push(performance.now() - started);
    }
    walls.sort((a, b) => a - b);
    const wall = walls[1]!;
    const input = await rehearsalInput(bench.storage.db, snapshot, scenario.batches);
    const brute = bruteForce(input.before, input.after, pages, subjects, rehearsal!);
    const baseline = brute.ms * scale;
    const s = rehearsal!.summary;
    log(
      `rehearse ${scenario.name}: ${wall.toFixed(0)} ms wall, ${rehearsal!.changes.length} changes, ${s.allowToDeny} allow→deny, ${s.denyToAllow} deny→allow, ${s.usersAffected} users; brute force ${brute.decisions} decisions on the sample in ${brute.ms.toFixed(0)} ms (×${scale.toFixed(0)} = ${(baseline / 1000).toFixed(0)} s), ${brute.mismatches} mismatches`,
    );
    results.push(
      result(
        `rehearse ${scenario.name} vs brute force (1% sample, scaled)`,
        'ms',
        wall,
        baseline,
        '≤ 0.01× (≥ 100× faster)',
        (r) => r <= 0.01,
      ),
      result(
        `rehearse ${scenario.name}, wall time`,
        'ms',
        wall,
        null,
        '< 1000 ms',
        (_r, v) => v < 1000,
      ),
      result(
        `rehearse ${scenario.name}: disagreements with brute force on the sample`,
        `of ${brute.decisions / 2}`,
        brute.mismatches,
        null,
        '0',
        (_r, v) => v === 0,
      ),
    );
  }
  // the drafts go, so later measurements can draft the same controls
  const write = writer(bench.storage, bench.index);
  for (const id of drafts) await write(deletePolicy(BENCH_ACTOR, id));
  return results;
}
