import type { CheckRequest, JiraRef, Subject } from '../../src/domain/decision/types.js';
import type { TenantFile, TenantPolicy } from '../../src/tenant/schema.js';
import { CLOUD, world } from '../decision/fixtures.js';

export {
  APP,
  CLOUD,
  LEVEL,
  ORG,
  USER,
  anonymous,
  app,
  policy,
  user,
  world,
} from '../decision/fixtures.js';

export const JIRA_ARI = {
  site: `ari:cloud:jira::site/${CLOUD}`,
  project: (id: string) => `ari:cloud:jira:${CLOUD}:project/${id}`,
};
export const PROJECT = { ops: '10004', sec: '10010' };

export const issue = (key: string): JiraRef => ({ type: 'issue', key });
export const project = (key: string): JiraRef => ({ type: 'project', key });

export function jiraCheck(
  subject: Subject,
  action: CheckRequest['action'],
  resource: JiraRef,
): CheckRequest {
  return { subject, action, resource };
}

export interface JiraExpectation {
  request: CheckRequest;
  decision: 'allow' | 'deny';
  /** A rule that must be among the reasons. */
  rule: string;
  policies?: string[];
}

export interface JiraScenario {
  id: string;
  title: string;
  tenant: TenantFile;
  expect: JiraExpectation[];
}

/** The demo tenant with `policies` and an optional change. */
export const jiraWorld = (policies: TenantPolicy[], change?: (t: TenantFile) => void) =>
  world(policies, change);

/** The demo's Jira projects (site 0), to change in a scenario. */
export function projectsOf(t: TenantFile) {
  return t.orgs[0]!.sites![0]!.projects!;
}
