import { PROJECT_PERMISSIONS, type JiraProject } from '../../../domain/jira/model.js';
import { projectGrant } from '../../../domain/jira/access.js';
import { resolveSubject } from '../../../domain/decision/subject.js';
import { personOfUser, presentJiraUser } from '../../../presenters/jira.js';
import { admitJira, authorizeIssue, authorizeProject } from '../../door/authorize-jira.js';
import { jiraContext, type JiraContext } from '../../door/jira-context.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import {
  JiraUser,
  MyPermissionsQuery,
  Permissions,
  ServerInformation,
} from '../../schemas/jira.js';
import { JIRA_OPERATIONS } from './operations.js';

const tags = ['Jira myself and server'];

/** Jira's ids of its built-in permissions (the rest get a stable number of their own). */
const PERMISSION_IDS: Record<string, number> = {
  ADMINISTER: 0,
  BROWSE_PROJECTS: 10,
  CREATE_ISSUES: 11,
  EDIT_ISSUES: 12,
  ASSIGN_ISSUES: 13,
  RESOLVE_ISSUES: 14,
  ADD_COMMENTS: 15,
  DELETE_ISSUES: 16,
  ASSIGNABLE_USER: 17,
  CLOSE_ISSUES: 18,
  CREATE_ATTACHMENTS: 19,
  WORK_ON_ISSUES: 20,
  LINK_ISSUES: 21,
  ADMINISTER_PROJECTS: 23,
  MOVE_ISSUES: 25,
  SET_ISSUE_SECURITY: 26,
  USER_PICKER: 27,
  SCHEDULE_ISSUES: 28,
  VIEW_DEV_TOOLS: 29,
  MODIFY_REPORTER: 30,
  VIEW_VOTERS_AND_WATCHERS: 31,
  MANAGE_WATCHERS: 32,
  EDIT_ALL_COMMENTS: 34,
  EDIT_OWN_COMMENTS: 35,
  DELETE_ALL_COMMENTS: 36,
  DELETE_OWN_COMMENTS: 37,
  DELETE_ALL_ATTACHMENTS: 38,
  DELETE_OWN_ATTACHMENTS: 39,
  EDIT_OWN_WORKLOGS: 40,
  EDIT_ALL_WORKLOGS: 41,
  DELETE_OWN_WORKLOGS: 42,
  DELETE_ALL_WORKLOGS: 43,
  SYSTEM_ADMIN: 44,
  VIEW_READONLY_WORKFLOW: 45,
  TRANSITION_ISSUES: 46,
};

const GLOBAL_PERMISSIONS = ['ADMINISTER', 'SYSTEM_ADMIN', 'USER_PICKER'] as const;
const KNOWN: ReadonlySet<string> = new Set([...PROJECT_PERMISSIONS, ...GLOBAL_PERMISSIONS]);

const title = (key: string) =>
  key
    .toLowerCase()
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');

/**
 * J28: does the caller hold `permission` here? Project permissions come from the permission
 * scheme (in an issue context the issue is visible, so its security level admits the caller);
 * without a context, in any project of the site. Global ones: site admins administer.
 */
function holds(ctx: JiraContext, permission: string, projects: readonly JiraProject[]): boolean {
  const resolved = resolveSubject(ctx.org.facts, ctx.subject);
  if ('rule' in resolved) return false;
  const principal = resolved.principal;
  if (permission === 'ADMINISTER' || permission === 'SYSTEM_ADMIN') {
    return principal.kind === 'user' && principal.user.siteAdmin;
  }
  if (permission === 'USER_PICKER') return principal.kind !== 'anonymous';
  return projects.some((p) => projectGrant(ctx.org.facts, principal, p, permission) !== null);
}

export function registerJiraMyselfRoutes(app: FastifyTypebox): void {
  app.get(
    '/rest/api/3/mypermissions',
    {
      schema: {
        tags,
        summary: 'Get my permissions (in an issue, a project, or anywhere on the site)',
        querystring: MyPermissionsQuery,
        response: { 200: Permissions },
      },
    },
    (request) => {
      const ctx = jiraContext(request);
      const q = request.query;
      const op = JIRA_OPERATIONS.getMyPermissions;
      admitJira(ctx, op, 'read');
      const keys = (q.permissions ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== '');
      if (keys.length === 0) {
        throw new ApiError(
          'JIRA_BAD_REQUEST',
          'The permissions parameter is required (a comma-separated list of permission keys).',
        );
      }
      const unknown = keys.find((k) => !KNOWN.has(k));
      if (unknown !== undefined) {
        throw new ApiError('JIRA_BAD_REQUEST', `Invalid permission key: ${unknown}`);
      }
      let projects: readonly JiraProject[];
      const issueRef = q.issueKey ?? q.issueId;
      const projectRef = q.projectKey ?? q.projectId;
      if (issueRef !== undefined) {
        projects = [authorizeIssue(ctx, op, 'read', issueRef).project];
      } else if (projectRef !== undefined) {
        projects = [authorizeProject(ctx, op, 'read', projectRef).project];
      } else {
        projects = ctx.org.world.jira.projectsOfSite.get(ctx.site.cloudId) ?? [];
      }
      const permissions: Record<
        string,
        {
          id: string;
          key: string;
          name: string;
          type: string;
          description: string;
          havePermission: boolean;
        }
      > = {};
      for (const key of keys) {
        const global = (GLOBAL_PERMISSIONS as readonly string[]).includes(key);
        permissions[key] = {
          id: String(PERMISSION_IDS[key] ?? 100 + PROJECT_PERMISSIONS.indexOf(key as never)),
          key,
          name: title(key),
          type: global ? 'GLOBAL' : 'PROJECT',
          description: `${title(key)} (Gatehouse: from the project permission scheme)`,
          havePermission: holds(ctx, key, projects),
        };
      }
      return { permissions };
    },
  );

  app.get(
    '/rest/api/3/myself',
    {
      schema: { tags, summary: 'Get current user', response: { 200: JiraUser } },
    },
    (request) => {
      const ctx = jiraContext(request);
      admitJira(ctx, JIRA_OPERATIONS.getCurrentUser, null);
      const caller = ctx.caller;
      if (caller.kind === 'user') return presentJiraUser(personOfUser(caller.user), ctx.base, true);
      if (caller.kind !== 'app')
        throw new ApiError('JIRA_LOGIN_REQUIRED', 'You are not authenticated.');
      if (!caller.app.scopes.has('read:jira-user')) {
        throw new ApiError(
          'SCOPE_MISSING',
          'Unauthorized; scope does not match (needs read:jira-user)',
        );
      }
      const person = {
        accountId: caller.app.accountId ?? caller.app.key,
        displayName: caller.app.name,
        email: null,
        isApp: true,
      };
      return presentJiraUser(person, ctx.base, false);
    },
  );

  app.get(
    '/rest/api/3/serverInfo',
    {
      schema: { tags, summary: 'Get Jira instance info', response: { 200: ServerInformation } },
    },
    (request) => {
      const ctx = jiraContext(request);
      admitJira(ctx, JIRA_OPERATIONS.getServerInfo, null);
      return {
        baseUrl: ctx.base,
        displayUrl: ctx.base,
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0],
        deploymentType: 'Cloud',
        buildNumber: 100_001,
        buildDate: '2026-01-01T00:00:00.000+0000',
        serverTime: new Date().toISOString().replace('Z', '+0000'),
        scmInfo: 'gatehouse',
        serverTitle: `${ctx.site.name} (Gatehouse)`,
        serverTimeZone: 'Etc/UTC',
      };
    },
  );
}
