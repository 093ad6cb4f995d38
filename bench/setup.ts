import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTenant } from '../src/commands/import-tenant.js';
import type { DecisionFacts } from '../src/domain/decision/types.js';
import { WorldIndex } from '../src/index/world-index.js';
import { openStorage, type Storage } from '../src/storage/storage.js';
import { publishBenchPolicies } from './policies.js';
import { elapsedMs } from './timing.js';
import { BENCH_ORG, generateWorld, type GeneratedWorld, type WorldSize } from './world.js';
import { addJira, type JiraBenchWorld } from './jira-world.js';

/** The world every measurement runs on: a SQLite database, its live index and the ids. */
export interface BenchWorld {
  storage: Storage;
  index: WorldIndex;
  world: GeneratedWorld;
  /** The Jira projects and issues of the world (bench/jira-world.ts). */
  jira: JiraBenchWorld;
  facts(): DecisionFacts;
  dispose(): Promise<void>;
}

export type Log = (line: string) => void;

/**
 * Generates the tenant file, imports it with the real import command, publishes the policies
 * through the real policy commands and loads the real index.
 */
export async function buildBenchWorld(size: WorldSize, log: Log): Promise<BenchWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const storage = await openStorage({
    kind: 'sqlite',
    file: join(dir, 'bench.db'),
    synchronous: 'NORMAL',
  });
  let started = process.hrtime.bigint();
  const world = generateWorld(size);
  const jira = addJira(world, size.issuesPerProject);
  log(
    `generated ${world.pageIds.length} pages and ${jira.issueIds.length} issues in ${elapsedMs(started).toFixed(0)} ms`,
  );
  started = process.hrtime.bigint();
  await importTenant(storage, world.tenant, 'bench world');
  log(`imported the tenant file in ${elapsedMs(started).toFixed(0)} ms`);
  world.tenant = { orgs: [] };
  const index = await WorldIndex.load(storage);
  started = process.hrtime.bigint();
  const published = await publishBenchPolicies(storage, index, world);
  log(`published ${published} policies in ${elapsedMs(started).toFixed(0)} ms`);
  return {
    storage,
    index,
    world,
    jira,
    facts() {
      const facts = index.decisionFacts(BENCH_ORG);
      if (!facts) throw new Error('the bench org is not in the index');
      return facts;
    },
    async dispose() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
