import fc from 'fast-check';
import type { TenantFile } from '../../src/tenant/schema.js';

/**
 * The Jira part of the property test's worlds (docs/jira.md): projects with permission schemes,
 * security levels and defaults, issues (sub-tasks under earlier issues), classification writes.
 */

const pick = fc.nat({ max: 7 });
const subset = fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 3 });
const mostlyNone = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: pick },
);

const at = <T>(list: readonly T[], i: number): T | undefined =>
  list.length === 0 ? undefined : list[i % list.length];

const JIRA_GRANTS = [
  ['BROWSE_PROJECTS'],
  ['BROWSE_PROJECTS'],
  ['BROWSE_PROJECTS', 'EDIT_ISSUES'],
  ['EDIT_ISSUES'],
  ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS'],
  ['ADMINISTER_PROJECTS'],
];

/** Jira projects (permission schemes, security levels, defaults) and issues (docs/jira.md). */
export const jiraSpec = fc.record({
  projects: fc.array(
    fc.record({
      site: pick,
      grants: fc.array(
        fc.record({
          kind: fc.constantFrom('group', 'group', 'user', 'anyone'),
          index: pick,
          perms: fc.nat({ max: JIRA_GRANTS.length - 1 }),
        }),
        { maxLength: 4 },
      ),
      levels: fc.array(fc.record({ users: subset, groups: subset, apps: subset }), {
        maxLength: 2,
      }),
      defaultLevel: mostlyNone,
    }),
    { maxLength: 2 },
  ),
  issues: fc.array(
    fc.record({
      project: pick,
      level: mostlyNone,
      security: fc.option(pick, { freq: 2 }),
      parent: fc.option(fc.nat({ max: 8 }), { freq: 3 }),
      attachment: fc.boolean(),
    }),
    { maxLength: 8 },
  ),
  /** Classification writes: an issue's own level (Gatehouse API) or a project default (Jira API). */
  classify: fc.array(
    fc.record({ project: fc.boolean(), index: fc.nat({ max: 8 }), level: fc.option(pick) }),
    { maxLength: 2 },
  ),
});

export type JiraSpec = typeof jiraSpec extends fc.Arbitrary<infer T> ? T : never;

export interface JiraPart {
  projects: { id: string; key: string; cloudId: string }[];
  issues: {
    id: string;
    key: string;
    projectId: string;
    cloudId: string;
    attachment: string | null;
  }[];
  /** Classification writes: an issue's own level, or a project default (null: remove). */
  classify: { issue?: string; project?: { key: string; cloudId: string }; level: string | null }[];
}

type Site = NonNullable<TenantFile['orgs'][0]['sites']>[0];
type TenantProjectDraft = NonNullable<Site['projects']>[0];

/** What the world's other parts lend the Jira part: its prefix, people, groups, levels, sites. */
export interface JiraContext {
  p: string;
  users: string[];
  appUsers: string[];
  groups: { id: string; name: string }[];
  levels: string[];
  sites: { cloudId: string }[];
}

/** Adds the spec's projects to the world's sites; returns them (for policies) and the ids. */
export function buildJira(
  spec: JiraSpec,
  { p, users, appUsers, groups, levels, sites }: JiraContext,
): {
  jiraProjects: { project: TenantProjectDraft; cloudId: string; levels: string[] }[];
  jira: JiraPart;
} {
  type TenantProjectDraft = NonNullable<
    NonNullable<TenantFile['orgs'][0]['sites']>[0]['projects']
  >[0];
  const jiraProjects: { project: TenantProjectDraft; cloudId: string; levels: string[] }[] = [];
  spec.projects.forEach((ps, k) => {
    const site = at(sites, ps.site)!;
    const key = `${p.toUpperCase()}P${k}`;
    const seen = new Set<string>();
    const permissions: NonNullable<TenantProjectDraft['permissions']> = [];
    for (const g of ps.grants) {
      const holder =
        g.kind === 'anyone'
          ? { anyone: true as const }
          : g.kind === 'user'
            ? { accountId: at([...users, ...appUsers], g.index)! }
            : { group: at(groups, g.index)!.name };
      const name = JSON.stringify(holder);
      if (seen.has(name)) continue;
      seen.add(name);
      permissions.push({ ...holder, permissions: [...JIRA_GRANTS[g.perms]!] });
    }
    const levelIds = ps.levels.map((_, j) => `${p}-sl${k}-${j}`);
    const defaultLevel = ps.defaultLevel === null ? undefined : at(levels, ps.defaultLevel);
    const project: TenantProjectDraft = {
      id: `${p}-p${k}`,
      key,
      name: `Project ${k}`,
      ...(defaultLevel ? { defaultClassification: defaultLevel } : {}),
      permissions,
      securityLevels: ps.levels.map((l, j) => ({
        id: levelIds[j]!,
        name: `Level ${k}.${j}`,
        members: {
          users: [
            ...new Set([
              ...l.users.map((u) => at(users, u)!),
              ...l.apps.flatMap((a) => (appUsers.length ? [at(appUsers, a)!] : [])),
            ]),
          ],
          groups: [...new Set(l.groups.map((g) => at(groups, g)!.name))],
        },
      })),
      issues: [],
    };
    (site as { projects?: TenantProjectDraft[] }).projects ??= [];
    (site as { projects?: TenantProjectDraft[] }).projects!.push(project);
    jiraProjects.push({ project, cloudId: site.cloudId, levels: levelIds });
  });
  const jiraIssues: JiraPart['issues'] = [];
  if (jiraProjects.length > 0) {
    const counters = jiraProjects.map(() => 0);
    spec.issues.forEach((is, n) => {
      const k = is.project % jiraProjects.length;
      const { project, cloudId, levels: projectLevels } = jiraProjects[k]!;
      const number = ++counters[k]!;
      const id = `${p}-i${n}`;
      const key = `${project.key}-${number}`;
      const candidates = project.issues!.filter((i) => i.parent === undefined);
      const parent =
        is.parent !== null && candidates.length > 0 ? at(candidates, is.parent)! : undefined;
      const level = is.level === null ? undefined : at(levels, is.level);
      const security =
        parent === undefined && is.security !== null && projectLevels.length > 0
          ? at(projectLevels, is.security)
          : undefined;
      const attachment = is.attachment ? `${p}-ja${n}` : null;
      project.issues!.push({
        id,
        key,
        summary: `Issue ${n}`,
        ...(level ? { classification: level } : {}),
        ...(security ? { securityLevel: security } : {}),
        ...(parent ? { parent: parent.key } : {}),
        ...(attachment ? { attachments: [{ id: attachment, filename: `j${n}.txt` }] } : {}),
      });
      jiraIssues.push({ id, key, projectId: project.id, cloudId, attachment });
    });
  }
  const jiraClassify = spec.classify.flatMap((c): JiraPart['classify'] => {
    const level = c.level === null ? null : (at(levels, c.level) ?? null);
    if (c.project) {
      const target = at(jiraProjects, c.index);
      return target
        ? [{ project: { key: target.project.key, cloudId: target.cloudId }, level }]
        : [];
    }
    const issue = at(jiraIssues, c.index);
    return issue ? [{ issue: issue.id, level }] : [];
  });

  return {
    jiraProjects,
    jira: {
      projects: jiraProjects.map((j) => ({
        id: j.project.id,
        key: j.project.key,
        cloudId: j.cloudId,
      })),
      issues: jiraIssues,
      classify: jiraClassify,
    },
  };
}

export type JiraResource = {
  type: 'issue' | 'project';
  id?: string;
  key?: string;
  cloudId?: string;
};

/** A Jira resource of the world for a request spec, by id or by key (with its cloudId). */
export function jiraResource(
  world: { jira: JiraPart },
  r: { resource: number },
): JiraResource | null {
  const { projects, issues } = world.jira;
  if (projects.length === 0) return null;
  if (r.resource % 5 === 0 || issues.length === 0) {
    const project = at(projects, r.resource)!;
    return r.resource % 2 === 0
      ? { type: 'project', id: project.id, cloudId: project.cloudId }
      : { type: 'project', key: project.key, cloudId: project.cloudId };
  }
  const issue = at(issues, r.resource)!;
  return r.resource % 3 === 0 ? { type: 'issue', key: issue.key } : { type: 'issue', id: issue.id };
}
