import type { Command } from '../src/commands/command.js';
import { createDraft } from '../src/commands/policies/drafts.js';
import type { AuditOrigin } from '../src/domain/audit/event.js';
import { publishDrafts } from '../src/commands/policies/publish.js';
import { changeResources } from '../src/commands/policies/resources.js';
import type { Actor } from '../src/commands/policies/write.js';
import type { Effect, RuleName } from '../src/domain/policies/model.js';
import type { PublishOperation } from '../src/domain/policies/publish.js';
import { resolveConfig } from '../src/config.js';
import { createServices, type Services } from '../src/http/services.js';
import type { WorldIndex } from '../src/index/world-index.js';
import type { Storage } from '../src/storage/storage.js';
import { APPS, BENCH_ORG, LEVELS, SITES, type GeneratedWorld } from './world.js';
import { jiraProjectAri } from './jira-world.js';

export const BENCH_ACTOR: Actor = {
  orgId: BENCH_ORG,
  ari: 'ari:cloud:identity::user/bench-admin',
};

const siteAri = (cloudId: string) => `ari:cloud:confluence::site/${cloudId}`;
const levelAri = (id: string) => `ari:cloud:platform::classification-tag/${id}`;

interface PlannedPolicy {
  coverageLevel: 'ORG' | 'WORKSPACE' | 'CONTAINER' | 'CLASSIFICATION';
  effect: Effect;
  resources: string[];
  subjectId?: string;
}

/** Per rule: an ORG policy and an override at each level, with effects that make both answers. */
function plan(world: GeneratedWorld): Record<RuleName, PlannedPolicy[]> {
  const spaceAri = (i: number) => {
    const id = world.spaceIds[i % world.spaceIds.length]!;
    return `ari:cloud:confluence:${world.spaceSite.get(id)}:space/${id}`;
  };
  const spaces = (...indexes: number[]) => [...new Set(indexes.map(spaceAri))];
  const overrides = (
    org: Effect,
    site: Effect,
    container: Effect,
    level: Effect,
    spaceList: string[],
    levels: string[],
  ): PlannedPolicy[] => [
    { coverageLevel: 'ORG', effect: org, resources: [] },
    { coverageLevel: 'WORKSPACE', effect: site, resources: [siteAri(SITES[1].cloudId)] },
    { coverageLevel: 'CONTAINER', effect: container, resources: spaceList },
    { coverageLevel: 'CLASSIFICATION', effect: level, resources: levels.map(levelAri) },
  ];
  const [reader, writer] = APPS;
  return {
    // The CONTAINER overrides cover Jira projects too, so issue decisions meet project coverage.
    export: overrides(
      'allow',
      'block',
      'allow',
      'block',
      [...spaces(1, 2, 5), jiraProjectAri('BENCHB')],
      LEVELS.slice(0, 2),
    ),
    attachmentDownload: overrides(
      'block',
      'allow',
      'block',
      'allow',
      [...spaces(0, 3), jiraProjectAri('BENCHA')],
      [LEVELS[3]!],
    ),
    anonymousAccess: overrides('allow', 'block', 'block', 'block', spaces(4), [LEVELS[0]!]),
    publicLinks: overrides('allow', 'allow', 'block', 'block', spaces(6), [LEVELS[0]!]),
    appAccess: [
      { coverageLevel: 'ORG', effect: 'allow', resources: [], subjectId: 'all_apps' },
      { coverageLevel: 'ORG', effect: 'block', resources: [], subjectId: writer.ari },
      { coverageLevel: 'ORG', effect: 'allow', resources: [], subjectId: reader.ari },
      {
        coverageLevel: 'CONTAINER',
        effect: 'block',
        resources: [...spaces(0, 7), jiraProjectAri('BENCHB')],
        subjectId: 'all_apps',
      },
      { coverageLevel: 'CONTAINER', effect: 'allow', resources: spaces(0), subjectId: writer.ari },
    ],
  };
}

/** Publishes one batch per rule through the real commands (draft → resources → publish). */
export async function publishBenchPolicies(
  storage: Storage,
  index: WorldIndex,
  world: GeneratedWorld,
): Promise<number> {
  const write = writer(storage, index);
  let count = 0;
  for (const [rule, planned] of Object.entries(plan(world)) as [RuleName, PlannedPolicy[]][]) {
    const operations = [];
    for (const p of planned) {
      const draft = await write(
        createDraft(BENCH_ACTOR, {
          name: `bench ${rule} ${p.coverageLevel} ${p.subjectId ?? ''}`.trim(),
          coverageLevel: p.coverageLevel,
          rule: { [rule]: { effect: p.effect } },
          subject: p.subjectId ? { subjectType: 'marketplaceApp', subjectId: p.subjectId } : null,
        }),
      );
      if (p.resources.length > 0) {
        await write(
          changeResources(
            BENCH_ACTOR,
            draft.id,
            p.resources.map((resourceAri) => ({ operation: 'ADD' as const, resourceAri })),
          ),
        );
      }
      operations.push({
        policyId: draft.id,
        action: 'UPDATE' as const,
        policyCoverageLevel: p.coverageLevel,
      });
    }
    await publishBatch(storage, index, rule, operations);
    count += operations.length;
  }
  await index.sync();
  return count;
}

export function publishBatch(
  storage: Storage,
  index: WorldIndex,
  rule: RuleName,
  operations: PublishOperation[],
) {
  return writer(storage, index)(publishDrafts(BENCH_ACTOR, rule, operations));
}

/** Who the bench's writes are by, in the audit log. */
export const BENCH_ORIGIN: AuditOrigin = {
  actor: { id: BENCH_ACTOR.ari, name: 'Bench admin', auth: { authType: 'api-token' } },
  location: null,
};

/** Runs commands as the server does (services.write: commit, then the index follows). */
export function writer(
  storage: Storage,
  index: WorldIndex,
): <T>(command: Command<T>) => Promise<T> {
  const services: Services = createServices(
    resolveConfig({ logLevel: 'silent' }, {}),
    storage,
    index,
  );
  return (command) => services.write(command, BENCH_ORIGIN);
}
