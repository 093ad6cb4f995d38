import type { TenantIssue, TenantProject } from '../src/tenant/schema.js';
import type { Action, CheckRequest, Subject } from '../src/domain/decision/types.js';
import { LEVELS, SITES, pick, random, type GeneratedWorld } from './world.js';

/**
 * The Jira part of the bench world (docs/performance.md): 2 projects on the first site, each
 * with `issuesPerProject` issues — 5% in one of two security levels, 10% classified, 10% with an
 * attachment, one in twenty a sub-task — and a permission scheme granting Browse Projects to
 * random groups, like a space's readers.
 */
export interface JiraBenchWorld {
  projectKeys: string[];
  issueIds: string[];
  /** Issues with an attachment (for download decisions). */
  attachmentIssueIds: string[];
}

export const JIRA_PROJECTS = [
  { id: '90001', key: 'BENCHA', name: 'Bench Jira A' },
  { id: '90002', key: 'BENCHB', name: 'Bench Jira B' },
] as const;

const groupName = (i: number) => `group-${i}`;

/** Adds the Jira projects to the generated tenant (deterministic, seeded). */
export function addJira(
  world: GeneratedWorld,
  issuesPerProject: number,
  seed = 4242,
): JiraBenchWorld {
  const rnd = random(seed);
  const jira: JiraBenchWorld = { projectKeys: [], issueIds: [], attachmentIssueIds: [] };
  const site = world.tenant.orgs[0]!.sites![0]!;
  site.products = ['confluence', 'jira'];
  const readersPerProject = world.size.readersPerSpace;
  let id = 5_000_000;
  site.projects = JIRA_PROJECTS.map((p, k) => {
    const readers = new Set<number>();
    while (readers.size < Math.min(readersPerProject, world.groupIds.length)) {
      readers.add(Math.floor(rnd() * world.groupIds.length));
    }
    const levels = [0, 1].map((j) => ({
      id: `${p.id}-level-${j}`,
      name: `Level ${j}`,
      members: {
        users: [pick(rnd, world.accountIds), pick(rnd, world.accountIds)],
        groups: [groupName(Math.floor(rnd() * world.groupIds.length))],
      },
    }));
    const issues: TenantIssue[] = [];
    for (let n = 1; n <= issuesPerProject; n++) {
      const issueId = String(id++);
      const parent = n > 1 && rnd() < 0.05 ? issues[Math.floor(rnd() * issues.length)] : undefined;
      const issue: TenantIssue = {
        id: issueId,
        key: `${p.key}-${n}`,
        summary: `Bench issue ${n} of ${p.key}`,
        created: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
      };
      if (parent && parent.parent === undefined) issue.parent = parent.key;
      else if (rnd() < 0.05) issue.securityLevel = pick(rnd, levels).id;
      if (rnd() < 0.1) issue.classification = pick(rnd, LEVELS);
      if (rnd() < 0.1) {
        issue.attachments = [{ id: `jatt-${issueId}`, filename: `file-${issueId}.txt` }];
        jira.attachmentIssueIds.push(issueId);
      }
      issues.push(issue);
      jira.issueIds.push(issueId);
    }
    jira.projectKeys.push(p.key);
    const project: TenantProject = {
      ...p,
      projectType: 'software',
      ...(k === 1 ? { defaultClassification: LEVELS[2]! } : {}),
      permissions: [
        ...[...readers].map((g) => ({
          group: groupName(g),
          permissions: ['BROWSE_PROJECTS', 'EDIT_ISSUES'],
        })),
        ...world.tenant.orgs[0]!.apps!.map((a) => ({
          accountId: a.accountId!,
          permissions: ['BROWSE_PROJECTS'],
        })),
        ...(k === 0 ? [{ anyone: true as const, permissions: ['BROWSE_PROJECTS'] }] : []),
      ],
      securityLevels: levels,
      issues,
    };
    return project;
  });
  return jira;
}

export const jiraProjectAri = (key: string) => {
  const p = JIRA_PROJECTS.find((x) => x.key === key)!;
  return `ari:cloud:jira:${SITES[0].cloudId}:project/${p.id}`;
};

/**
 * The issue decision mix, shaped like the page mix (bench/requests.ts): 70% users, 20% apps,
 * 10% anonymous; half reads, a quarter exports, a quarter attachment downloads.
 */
export function jiraRequestMix(
  world: GeneratedWorld,
  jira: JiraBenchWorld,
  count: number,
  seed = 7,
): CheckRequest[] {
  const rnd = random(seed);
  const requests: CheckRequest[] = [];
  for (let i = 0; i < count; i++) {
    const who = rnd();
    const subject: Subject =
      who < 0.7
        ? { type: 'user', accountId: pick(rnd, world.accountIds) }
        : who < 0.9
          ? { type: 'app', ari: pick(rnd, world.appAris) }
          : { type: 'anonymous' };
    const what = rnd();
    const action: Action = what < 0.5 ? 'read' : what < 0.75 ? 'export' : 'downloadAttachment';
    const id =
      action === 'downloadAttachment'
        ? pick(rnd, jira.attachmentIssueIds)
        : pick(rnd, jira.issueIds);
    requests.push({ subject, action, resource: { type: 'issue', id } });
  }
  return requests;
}
