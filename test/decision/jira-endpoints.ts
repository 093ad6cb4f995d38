import { expect } from 'vitest';
import { decide } from '../../src/domain/decision/engine.js';
import type { CheckRequest, DecisionFacts } from '../../src/domain/decision/types.js';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import type { BuiltWorld, WireRequest } from '../support/world-gen.js';

/**
 * D20 for Jira (docs/jira.md J20–J25): the status of the Jira endpoint of a request's action, for
 * its subject signing in as itself, is the one the check implies — 200 when allowed, 404 when the
 * issue or project is hidden, 403 when it is visible but the export or download is blocked, 401
 * when an app lacks the Jira read scope. The JQL search of the issue's project lists exactly the
 * issues the check lets the subject read.
 */
export async function checkJiraEndpoint(
  app: FastifyTypebox,
  world: BuiltWorld,
  facts: DecisionFacts,
  request: WireRequest,
  count: (key: string) => void,
): Promise<void> {
  const headers = credentialsOf(world, request);
  if (headers === null) return;
  const resource = request.resource;
  if (resource.type !== 'issue' && resource.type !== 'project') return;
  const decision = (action: CheckRequest['action']) =>
    decide(facts, { subject: request.subject as CheckRequest['subject'], action, resource })
      .decision;
  const missingScope =
    request.subject.type === 'app' &&
    !world.credentials.apps
      .find((a) => a.ari === (request.subject as { ari: string }).ari)!
      .scopes.includes('read:jira-work');
  const get = async (url: string) => (await app.inject({ method: 'GET', url, headers })).statusCode;

  if (resource.type === 'project') {
    if (request.action !== 'read') return;
    const project = world.jira.projects.find(
      (p) => p.id === resource.id || p.key === resource.key,
    )!;
    const status = await get(`/ex/jira/${project.cloudId}/rest/api/3/project/${project.id}`);
    const expected = missingScope ? 401 : decision('read') === 'allow' ? 200 : 404;
    expect(status, `GET project ${JSON.stringify(request)}`).toBe(expected);
    count(`jira endpoint project ${status}`);
    return;
  }
  const issue = world.jira.issues.find((i) => i.id === resource.id || i.key === resource.key)!;
  const base = `/ex/jira/${issue.cloudId}`;
  const read = decision('read');
  const layered = (action: CheckRequest['action']) =>
    missingScope ? 401 : read !== 'allow' ? 404 : decision(action) === 'allow' ? 200 : 403;
  let url: string | null = null;
  let expected = 0;
  if (request.action === 'read') {
    url = `${base}/rest/api/3/issue/${issue.id}`;
    expected = missingScope ? 401 : read === 'allow' ? 200 : 404;
  } else if (request.action === 'export') {
    url = `${base}/si/jira.issueviews:issue-xml/${issue.key}/${issue.key}.xml`;
    expected = layered('export');
  } else if (request.action === 'downloadAttachment' && issue.attachment !== null) {
    url = `${base}/rest/api/3/attachment/content/${issue.attachment}?redirect=false`;
    expected = layered('downloadAttachment');
  }
  if (url !== null) {
    const status = await get(url);
    expect(status, `GET ${url} for ${JSON.stringify(request.subject)}`).toBe(expected);
    count(`jira endpoint ${request.action} ${status}`);
  }

  // The project's JQL search lists exactly the issues the check lets the subject read.
  if (request.action !== 'read') return;
  const project = world.jira.projects.find((p) => p.id === issue.projectId)!;
  const res = await app.inject({
    method: 'POST',
    url: `${base}/rest/api/3/search/jql`,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: { jql: `project = "${project.key}" ORDER BY key`, maxResults: 1000 },
  });
  const projectRead = decide(facts, {
    subject: request.subject as CheckRequest['subject'],
    action: 'read',
    resource: { type: 'project', id: project.id, cloudId: project.cloudId },
  }).decision;
  if (missingScope) {
    expect(res.statusCode).toBe(401);
    return;
  }
  if (projectRead !== 'allow') {
    expect(res.statusCode, res.body).toBe(400);
    return;
  }
  expect(res.statusCode, res.body).toBe(200);
  const listed = (res.json() as { issues: { id: string }[] }).issues.map((i) => i.id);
  const expectedIds = world.jira.issues
    .filter((i) => i.projectId === project.id)
    .filter(
      (i) =>
        decide(facts, {
          subject: request.subject as CheckRequest['subject'],
          action: 'read',
          resource: { type: 'issue', id: i.id },
        }).decision === 'allow',
    )
    .map((i) => i.id);
  expect(
    new Set(listed),
    `JQL project = ${project.key} for ${JSON.stringify(request.subject)}`,
  ).toEqual(new Set(expectedIds));
  count(`jira search ${listed.length > 0 ? 'some' : 'none'}`);
}

/** How the request's subject signs in as itself, or null (acting for a user, unknown user). */
function credentialsOf(world: BuiltWorld, request: WireRequest): Record<string, string> | null {
  const s = request.subject;
  if (s.type === 'anonymous') return {};
  if (s.type === 'user') {
    const user = world.credentials.users.find((u) => u.accountId === s.accountId);
    if (!user) return null;
    return {
      authorization: `Basic ${Buffer.from(`${user.email}:${user.token}`).toString('base64')}`,
    };
  }
  if (s.actingFor !== undefined) return null;
  const app = world.credentials.apps.find((a) => a.ari === s.ari);
  return app ? { authorization: `Bearer ${app.token}` } : null;
}
