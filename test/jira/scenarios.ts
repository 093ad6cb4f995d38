import {
  APP,
  JIRA_ARI,
  LEVEL,
  PROJECT,
  USER,
  anonymous,
  app,
  issue,
  jiraCheck as check,
  jiraWorld as world,
  policy,
  project,
  projectsOf,
  user,
  type JiraScenario,
} from './fixtures.js';
import { CLOUD } from '../decision/fixtures.js';

/**
 * The Jira rules J1–J17 of docs/jira.md as data: each expectation is decided through the engine
 * and through `POST /gatehouse/v1/orgs/{orgId}/check` on both dialects (scenarios.test.ts).
 * The world is the demo tenant: OPS (anyone may browse; level "Staff only" for engineering;
 * default level Confidential) and SEC (engineering only).
 */

const jiraSiteExportBlock = policy('WORKSPACE', 'export', 'block', [JIRA_ARI.site]);
const confluenceSiteExportBlock = policy('WORKSPACE', 'export', 'block', [
  `ari:cloud:confluence::site/${CLOUD}`,
]);
const opsExportBlock = policy('CONTAINER', 'export', 'block', [JIRA_ARI.project(PROJECT.ops)]);
const engSpaceExportBlock = policy('CONTAINER', 'export', 'block', [
  `ari:cloud:confluence:${CLOUD}:space/10005`,
]);
const levelAri = (id: string) => `ari:cloud:platform::classification-tag/${id}`;
const confidentialExportBlock = policy('CLASSIFICATION', 'export', 'block', [
  levelAri(LEVEL.confidential),
]);
const internalExportBlock = policy('CLASSIFICATION', 'export', 'block', [levelAri(LEVEL.internal)]);
const highlyExportBlock = policy('CLASSIFICATION', 'export', 'block', [levelAri(LEVEL.highly)]);
const orgExportBlock = policy('ORG', 'export', 'block');
const orgExportAllow = policy('ORG', 'export', 'allow');
const opsAnonBlock = policy('CONTAINER', 'anonymousAccess', 'block', [
  JIRA_ARI.project(PROJECT.ops),
]);
const orgAnonAllow = policy('ORG', 'anonymousAccess', 'allow');
const publicAnonBlock = policy('CLASSIFICATION', 'anonymousAccess', 'block', [
  levelAri(LEVEL.public),
]);
const orgAppsBlock = policy('ORG', 'appAccess', 'block');
const opsExporterAllow = policy(
  'CONTAINER',
  'appAccess',
  'allow',
  [JIRA_ARI.project(PROJECT.ops)],
  {
    subject: { subjectType: 'marketplaceApp', subjectId: APP.exporter },
  },
);
const orgDownloadAllow = policy('ORG', 'attachmentDownload', 'allow');
const opsDownloadBlock = policy('CONTAINER', 'attachmentDownload', 'block', [
  JIRA_ARI.project(PROJECT.ops),
]);
const orgLinksBlock = policy('ORG', 'publicLinks', 'block');
const opsLinksBlock = policy('CONTAINER', 'publicLinks', 'block', [JIRA_ARI.project(PROJECT.ops)]);

const NO_USER_APP = 'ari:cloud:ecosystem::connect-app/com.acme.nouser';

export const SCENARIOS: JiraScenario[] = [
  {
    id: 'J1',
    title: 'unknown issues, keys and projects are denied; a key on two sites needs cloudId',
    tenant: world([], (t) => {
      const org = t.orgs[0]!;
      org.sites!.push({
        cloudId: 'cloud-second-site',
        name: 'acme-two',
        products: ['jira'],
        projects: [
          {
            id: '10004',
            key: 'OPS',
            name: 'Operations two',
            permissions: [{ anyone: true, permissions: ['BROWSE_PROJECTS'] }],
            issues: [{ id: '29001', key: 'OPS-3', summary: 'The other OPS-3' }],
          },
        ],
      });
    }),
    expect: [
      { request: check(user(USER.ada), 'read', issue('OPS-99')), decision: 'deny', rule: 'J1' },
      {
        request: check(user(USER.ada), 'read', { type: 'issue', id: 'no-such-issue' }),
        decision: 'deny',
        rule: 'J1',
      },
      { request: check(user(USER.ada), 'read', project('NOPE')), decision: 'deny', rule: 'J1' },
      { request: check(user('nobody'), 'read', issue('OPS-4')), decision: 'deny', rule: 'D1' },
      { request: check(user(USER.ada), 'read', issue('OPS-3')), decision: 'deny', rule: 'J1' },
      {
        request: check(user(USER.ada), 'read', { type: 'issue', key: 'OPS-3', cloudId: CLOUD }),
        decision: 'allow',
        rule: 'J2',
      },
      {
        request: check(user(USER.ada), 'read', { type: 'project', id: PROJECT.ops }),
        decision: 'deny',
        rule: 'J1',
      },
      {
        request: check(user(USER.ada), 'read', { type: 'issue', id: '29001' }),
        decision: 'allow',
        rule: 'J2',
      },
    ],
  },
  {
    id: 'J2',
    title: 'Browse Projects comes from the user, a group of theirs, or anyone',
    tenant: world([]),
    expect: [
      { request: check(user(USER.grace), 'read', issue('SEC-1')), decision: 'allow', rule: 'J2' },
      { request: check(user(USER.fiona), 'read', issue('SEC-1')), decision: 'deny', rule: 'J2' },
      { request: check(user(USER.pat), 'read', issue('OPS-3')), decision: 'allow', rule: 'J2' },
      {
        request: check(user(USER.fiona), 'read', issue('SEC-1')),
        decision: 'deny',
        rule: 'J2',
      },
    ],
  },
  {
    id: 'J3',
    title: 'anonymous callers get only "anyone" grants, and only where the site allows it',
    tenant: world([]),
    expect: [
      { request: check(anonymous, 'read', issue('OPS-3')), decision: 'allow', rule: 'J3' },
      { request: check(anonymous, 'read', issue('SEC-1')), decision: 'deny', rule: 'J3' },
      { request: check(anonymous, 'update', issue('OPS-3')), decision: 'deny', rule: 'J3' },
    ],
  },
  {
    id: 'J3',
    title: 'with the site’s anonymous access off, "anyone" reaches no anonymous caller',
    tenant: world([], (t) => {
      t.orgs[0]!.sites![0]!.anonymousAccess = false;
    }),
    expect: [
      { request: check(anonymous, 'read', issue('OPS-3')), decision: 'deny', rule: 'J3' },
      { request: check(user(USER.pat), 'read', issue('OPS-3')), decision: 'allow', rule: 'J2' },
    ],
  },
  {
    id: 'J4',
    title: 'apps need the Jira scope and act as their app user',
    tenant: world([], (t) => {
      t.orgs[0]!.apps!.push({
        ari: NO_USER_APP,
        key: 'com.acme.nouser',
        name: 'No user',
        token: 'nouser-app-token',
        scopes: ['read:jira-work'],
      });
    }),
    expect: [
      { request: check(app(APP.reports), 'read', issue('OPS-3')), decision: 'deny', rule: 'J4' },
      { request: check(app(APP.exporter), 'read', issue('OPS-3')), decision: 'allow', rule: 'J2' },
      { request: check(app(APP.exporter), 'read', issue('SEC-1')), decision: 'deny', rule: 'J2' },
      {
        request: check(app(APP.exporter, USER.grace), 'read', issue('SEC-1')),
        decision: 'allow',
        rule: 'J2',
      },
      {
        request: check(app(APP.reports, USER.grace), 'read', issue('SEC-1')),
        decision: 'deny',
        rule: 'J4',
      },
      { request: check(app(NO_USER_APP), 'read', issue('OPS-3')), decision: 'allow', rule: 'J2' },
      { request: check(app(NO_USER_APP), 'read', issue('SEC-1')), decision: 'deny', rule: 'J4' },
      { request: check(app(NO_USER_APP), 'update', issue('OPS-3')), decision: 'deny', rule: 'J4' },
    ],
  },
  {
    id: 'J5',
    title: 'an issue security level admits only its members (directly or through a group)',
    tenant: world([], (t) => {
      projectsOf(t)[0]!.securityLevels!.push({
        id: '10101',
        name: 'Fiona only',
        members: { users: [USER.fiona] },
      });
      projectsOf(t)[0]!.issues!.push({
        id: '20005',
        key: 'OPS-5',
        summary: 'Budget for the new keys',
        securityLevel: '10101',
      });
    }),
    expect: [
      { request: check(user(USER.grace), 'read', issue('OPS-1')), decision: 'allow', rule: 'J5' },
      { request: check(user(USER.fiona), 'read', issue('OPS-1')), decision: 'deny', rule: 'J5' },
      { request: check(anonymous, 'read', issue('OPS-1')), decision: 'deny', rule: 'J5' },
      { request: check(app(APP.exporter), 'read', issue('OPS-1')), decision: 'deny', rule: 'J5' },
      { request: check(user(USER.fiona), 'read', issue('OPS-5')), decision: 'allow', rule: 'J5' },
      { request: check(user(USER.grace), 'read', issue('OPS-5')), decision: 'deny', rule: 'J5' },
    ],
  },
  {
    id: 'J6',
    title: 'a sub-task takes its parent’s security level',
    tenant: world([]),
    expect: [
      { request: check(user(USER.fiona), 'read', issue('OPS-2')), decision: 'deny', rule: 'J6' },
      { request: check(user(USER.grace), 'read', issue('OPS-2')), decision: 'allow', rule: 'J6' },
      { request: check(anonymous, 'read', issue('OPS-2')), decision: 'deny', rule: 'J5' },
    ],
  },
  {
    id: 'J7',
    title: 'site admins get no implicit browse, with or without the admin key',
    tenant: world([]),
    expect: [
      { request: check(user(USER.sam), 'read', issue('SEC-1')), decision: 'deny', rule: 'J7' },
      {
        request: check(user(USER.sam, true), 'read', issue('SEC-1')),
        decision: 'deny',
        rule: 'J7',
      },
      { request: check(user(USER.sam), 'read', issue('OPS-1')), decision: 'deny', rule: 'J5' },
    ],
  },
  {
    id: 'J8',
    title: 'the Jira site and the project cover Jira content; Confluence ARIs do not',
    tenant: world([jiraSiteExportBlock, confluenceSiteExportBlock, engSpaceExportBlock]),
    expect: [
      {
        request: check(user(USER.grace), 'export', issue('OPS-3')),
        decision: 'deny',
        rule: 'J12',
        policies: [jiraSiteExportBlock.id],
      },
    ],
  },
  {
    id: 'J8',
    title: 'a project override covers its issues only',
    tenant: world([orgExportAllow, opsExportBlock, confluenceSiteExportBlock]),
    expect: [
      {
        request: check(user(USER.grace), 'export', issue('OPS-3')),
        decision: 'deny',
        rule: 'D6',
        policies: [opsExportBlock.id],
      },
      {
        request: check(user(USER.grace), 'export', issue('SEC-1')),
        decision: 'allow',
        rule: 'D7',
        policies: [orgExportAllow.id],
      },
    ],
  },
  {
    id: 'J9',
    title: 'effective level: own → project default → org default (sub-tasks do not inherit it)',
    tenant: world([confidentialExportBlock, internalExportBlock], (t) => {
      projectsOf(t)[1]!.issues!.push({ id: '20102', key: 'SEC-2', summary: 'Rotate the CA' });
    }),
    expect: [
      {
        request: check(user(USER.grace), 'export', issue('OPS-3')),
        decision: 'deny',
        rule: 'J12',
        policies: [confidentialExportBlock.id],
      },
      { request: check(user(USER.grace), 'export', issue('OPS-4')), decision: 'allow', rule: 'D8' },
      {
        request: check(user(USER.grace), 'export', issue('SEC-2')),
        decision: 'deny',
        rule: 'J12',
        policies: [internalExportBlock.id],
      },
      { request: check(user(USER.grace), 'export', issue('SEC-1')), decision: 'allow', rule: 'D8' },
      {
        request: check(user(USER.grace), 'export', issue('OPS-2')),
        decision: 'deny',
        rule: 'J12',
        policies: [confidentialExportBlock.id],
      },
    ],
  },
  {
    id: 'J9',
    title: 'a sub-task’s level is its own default, not its parent’s',
    tenant: world([highlyExportBlock]),
    expect: [
      { request: check(user(USER.grace), 'export', issue('OPS-1')), decision: 'deny', rule: 'J12' },
      { request: check(user(USER.grace), 'export', issue('OPS-2')), decision: 'allow', rule: 'D8' },
    ],
  },
  {
    id: 'J10',
    title: 'anonymousAccess hides covered issues and projects from anonymous callers',
    tenant: world([orgAnonAllow, opsAnonBlock, publicAnonBlock]),
    expect: [
      { request: check(anonymous, 'read', issue('OPS-3')), decision: 'deny', rule: 'J10' },
      { request: check(anonymous, 'read', project('OPS')), decision: 'deny', rule: 'J10' },
      { request: check(user(USER.pat), 'read', issue('OPS-3')), decision: 'allow', rule: 'J2' },
    ],
  },
  {
    id: 'J10',
    title: 'a classification block hides only issues at that level',
    tenant: world([orgAnonAllow, publicAnonBlock]),
    expect: [
      { request: check(anonymous, 'read', issue('OPS-4')), decision: 'deny', rule: 'J10' },
      {
        request: check(anonymous, 'read', issue('OPS-3')),
        decision: 'allow',
        rule: 'D7',
        policies: [orgAnonAllow.id],
      },
      { request: check(anonymous, 'read', project('OPS')), decision: 'allow', rule: 'J3' },
    ],
  },
  {
    id: 'J11',
    title: 'appAccess on Jira: a project policy for the app beats the org-wide one',
    tenant: world([orgAppsBlock, opsExporterAllow], (t) => {
      t.orgs[0]!.apps!.push({
        ari: 'ari:cloud:ecosystem::connect-app/com.acme.exempt',
        key: 'com.acme.exempt',
        name: 'Exempt',
        accountId: '557058:app-exempt',
        scopes: ['read:jira-work'],
        exempt: true,
      });
    }),
    expect: [
      {
        request: check(app(APP.exporter), 'read', issue('OPS-3')),
        decision: 'allow',
        rule: 'J11',
        policies: [opsExporterAllow.id],
      },
      {
        request: check(
          app('ari:cloud:ecosystem::connect-app/com.acme.exempt'),
          'read',
          issue('OPS-3'),
        ),
        decision: 'allow',
        rule: 'J11',
      },
      {
        request: check(app(APP.exporter, USER.grace), 'read', issue('SEC-1')),
        decision: 'deny',
        rule: 'J11',
        policies: [orgAppsBlock.id],
      },
      { request: check(user(USER.grace), 'read', issue('SEC-1')), decision: 'allow', rule: 'J2' },
    ],
  },
  {
    id: 'J12',
    title: 'export = browse ∧ export not blocked',
    tenant: world([orgExportBlock]),
    expect: [
      {
        request: check(user(USER.grace), 'export', issue('OPS-3')),
        decision: 'deny',
        rule: 'J12',
        policies: [orgExportBlock.id],
      },
      { request: check(user(USER.grace), 'read', issue('OPS-3')), decision: 'allow', rule: 'J2' },
      { request: check(user(USER.fiona), 'export', issue('SEC-1')), decision: 'deny', rule: 'J2' },
    ],
  },
  {
    id: 'J13',
    title: 'attachment download = browse ∧ attachmentDownload not blocked',
    tenant: world([orgDownloadAllow, opsDownloadBlock]),
    expect: [
      {
        request: check(user(USER.grace), 'downloadAttachment', issue('OPS-3')),
        decision: 'deny',
        rule: 'J13',
        policies: [opsDownloadBlock.id],
      },
      {
        request: check(user(USER.grace), 'downloadAttachment', issue('SEC-1')),
        decision: 'allow',
        rule: 'D7',
      },
      { request: check(user(USER.grace), 'read', issue('OPS-3')), decision: 'allow', rule: 'J2' },
    ],
  },
  {
    id: 'J14',
    title: 'publicLinks and restrictions have no Jira surface',
    tenant: world([orgLinksBlock, opsLinksBlock]),
    expect: [
      { request: check(anonymous, 'read', issue('OPS-3')), decision: 'allow', rule: 'J3' },
      {
        request: check(anonymous, 'viewPublicLink', issue('OPS-3')),
        decision: 'deny',
        rule: 'J14',
      },
      { request: check(user(USER.ada), 'restrict', issue('OPS-3')), decision: 'deny', rule: 'J14' },
    ],
  },
  {
    id: 'J15',
    title: 'project read = Browse Projects, exempt from appAccess',
    tenant: world([orgAppsBlock]),
    expect: [
      { request: check(user(USER.grace), 'read', project('SEC')), decision: 'allow', rule: 'J15' },
      { request: check(user(USER.fiona), 'read', project('SEC')), decision: 'deny', rule: 'J2' },
      { request: check(anonymous, 'read', project('OPS')), decision: 'allow', rule: 'J3' },
      { request: check(app(APP.exporter), 'read', project('OPS')), decision: 'allow', rule: 'J11' },
      { request: check(app(APP.exporter), 'read', issue('OPS-3')), decision: 'deny', rule: 'J11' },
      { request: check(user(USER.grace), 'export', project('OPS')), decision: 'deny', rule: 'J15' },
    ],
  },
  {
    id: 'J16',
    title: 'administering a project: Administer Projects, or a site admin',
    tenant: world([]),
    expect: [
      {
        request: check(user(USER.ada), 'administer', project('OPS')),
        decision: 'allow',
        rule: 'J16',
      },
      {
        request: check(user(USER.grace), 'administer', project('OPS')),
        decision: 'deny',
        rule: 'J16',
      },
      {
        request: check(user(USER.sam), 'administer', project('SEC')),
        decision: 'allow',
        rule: 'J16',
      },
      { request: check(anonymous, 'administer', project('OPS')), decision: 'deny', rule: 'J16' },
      {
        request: check(app(APP.exporter), 'administer', project('OPS')),
        decision: 'deny',
        rule: 'J4',
      },
      {
        request: check(user(USER.ada), 'administer', issue('OPS-3')),
        decision: 'deny',
        rule: 'J16',
      },
    ],
  },
  {
    id: 'J17',
    title: 'editing an issue = browse ∧ Edit Issues ∧ appAccess',
    tenant: world([]),
    expect: [
      {
        request: check(user(USER.grace), 'update', issue('OPS-3')),
        decision: 'allow',
        rule: 'J17',
      },
      { request: check(user(USER.pat), 'update', issue('OPS-3')), decision: 'deny', rule: 'J17' },
      {
        request: check(app(APP.exporter), 'update', issue('OPS-3')),
        decision: 'deny',
        rule: 'J17',
      },
      {
        request: check(app(APP.exporter, USER.grace), 'update', issue('OPS-3')),
        decision: 'allow',
        rule: 'J17',
      },
    ],
  },
];
