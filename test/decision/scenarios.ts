import {
  APP,
  ARI,
  LEVEL,
  SPACE,
  USER,
  anonymous,
  app,
  check,
  policy,
  user,
  world,
  type Scenario,
} from './fixtures.js';

const orgExportAllow = policy('ORG', 'export', 'allow');
const orgExportBlock = policy('ORG', 'export', 'block');
const siteExportBlock = policy('WORKSPACE', 'export', 'block', [ARI.site]);
const jiraSiteExportBlock = policy('WORKSPACE', 'export', 'block', [ARI.jiraSite]);
const confidentialExportBlock = policy('CLASSIFICATION', 'export', 'block', [
  ARI.level(LEVEL.confidential),
]);
const internalExportBlock = policy('CLASSIFICATION', 'export', 'block', [
  ARI.level(LEVEL.internal),
]);
const engExportAllow = policy('CONTAINER', 'export', 'allow', [ARI.space(SPACE.eng)]);
const engExportBlock = policy('CONTAINER', 'export', 'block', [ARI.space(SPACE.eng)]);
const publicExportAllow = policy('CLASSIFICATION', 'export', 'allow', [ARI.level(LEVEL.public)]);
const orgDownloadAllow = policy('ORG', 'attachmentDownload', 'allow');
const engDownloadBlock = policy('CONTAINER', 'attachmentDownload', 'block', [ARI.space(SPACE.eng)]);
const orgAnonAllow = policy('ORG', 'anonymousAccess', 'allow');
const publicAnonBlock = policy('CLASSIFICATION', 'anonymousAccess', 'block', [
  ARI.level(LEVEL.public),
]);
const orgLinksAllow = policy('ORG', 'publicLinks', 'allow');
const pubLinksBlock = policy('CONTAINER', 'publicLinks', 'block', [ARI.space(SPACE.pub)]);
const orgAllAppsBlock = policy('ORG', 'appAccess', 'block');
const orgAllAppsAllow = policy('ORG', 'appAccess', 'allow');
const orgExporterAllow = policy('ORG', 'appAccess', 'allow', [], {
  subject: { subjectType: 'marketplaceApp', subjectId: APP.exporter },
});
const engExporterAllow = policy('CONTAINER', 'appAccess', 'allow', [ARI.space(SPACE.eng)], {
  subject: { subjectType: 'marketplaceApp', subjectId: APP.exporter },
});
const engAllAppsBlock = policy('CONTAINER', 'appAccess', 'block', [ARI.space(SPACE.eng)]);

export const SCENARIOS: Scenario[] = [
  {
    id: 'D1',
    title: 'unknown subjects and resources are denied, saying what is unknown',
    tenant: world([]),
    expect: [
      { request: check(user('nobody'), 'read', 'page', '98305'), decision: 'deny', rule: 'D1' },
      { request: check(user(USER.ada), 'read', 'page', '98310'), decision: 'deny', rule: 'D1' },
      { request: check(user(USER.ada), 'read', 'page', '404404'), decision: 'deny', rule: 'D1' },
      {
        request: check(app('ari:cloud:ecosystem::connect-app/ghost'), 'read', 'page', '98305'),
        decision: 'deny',
        rule: 'D1',
      },
      {
        request: check(user(USER.ada), 'read', 'blogpost', '98310'),
        decision: 'allow',
        rule: 'R6',
      },
    ],
  },
  {
    id: 'D2',
    title: 'Confluence decides first and a Confluence denial is final',
    tenant: world([orgExportAllow]),
    expect: [
      { request: check(user(USER.pat), 'read', 'page', '98306'), decision: 'deny', rule: 'R1' },
      { request: check(user(USER.pat), 'read', 'page', '98308'), decision: 'deny', rule: 'R1' },
      { request: check(user(USER.ada), 'update', 'page', '98307'), decision: 'allow', rule: 'R2' },
      { request: check(user(USER.grace), 'update', 'page', '98307'), decision: 'deny', rule: 'R2' },
      {
        request: check(user(USER.grace), 'restrict', 'page', '98307'),
        decision: 'deny',
        rule: 'R2',
      },
      { request: check(user(USER.pat), 'export', 'page', '98306'), decision: 'deny', rule: 'R1' },
    ],
  },
  {
    id: 'D3',
    title: 'drafts and deleted policies never enforce',
    tenant: world([
      { ...orgExportBlock, id: '00000000-0000-4000-8000-d30000000001', status: 'draft' },
      { ...orgExportBlock, id: '00000000-0000-4000-8000-d30000000002', status: 'deleted' },
    ]),
    expect: [
      { request: check(user(USER.ada), 'export', 'page', '98305'), decision: 'allow', rule: 'D8' },
    ],
  },
  {
    id: 'D4',
    title: 'a page is covered through its Confluence site, not a Jira site',
    tenant: world([orgExportAllow, siteExportBlock]),
    expect: [
      {
        request: check(user(USER.ada), 'export', 'page', '98305'),
        decision: 'deny',
        rule: 'D6',
        policies: [siteExportBlock.id],
      },
    ],
  },
  {
    id: 'D4',
    title: 'a Jira site policy covers no Confluence page',
    tenant: world([orgExportAllow, jiraSiteExportBlock]),
    expect: [
      {
        request: check(user(USER.ada), 'export', 'page', '98305'),
        decision: 'allow',
        rule: 'D7',
        policies: [orgExportAllow.id],
      },
    ],
  },
  {
    id: 'D5',
    title: 'effective classification: page level, else space default, else org default',
    tenant: world([orgExportAllow, confidentialExportBlock, internalExportBlock]),
    expect: [
      {
        request: check(user(USER.ada), 'export', 'page', '98305'),
        decision: 'deny',
        rule: 'D6',
        policies: [confidentialExportBlock.id],
      },
      { request: check(user(USER.ada), 'export', 'page', '98309'), decision: 'allow', rule: 'D7' },
      {
        request: check(user(USER.fiona), 'export', 'page', '98321'),
        decision: 'deny',
        rule: 'D6',
        policies: [internalExportBlock.id],
      },
    ],
  },
  {
    id: 'D6',
    title: 'an override beats the org-wide policy',
    tenant: world([orgExportBlock, engExportAllow]),
    expect: [
      {
        request: check(user(USER.ada), 'export', 'page', '98305'),
        decision: 'allow',
        rule: 'D6',
        policies: [engExportAllow.id],
      },
      {
        request: check(user(USER.fiona), 'export', 'page', '98320'),
        decision: 'deny',
        rule: 'D7',
        policies: [orgExportBlock.id],
      },
    ],
  },
  {
    id: 'D6',
    title: 'among matching overrides block wins and every one is listed',
    tenant: world([orgExportAllow, engExportBlock, publicExportAllow]),
    expect: [
      {
        request: check(user(USER.ada), 'export', 'page', '98309'),
        decision: 'deny',
        rule: 'D9',
        policies: [engExportBlock.id, publicExportAllow.id],
      },
      {
        request: check(user(USER.pat), 'export', 'page', '98330'),
        decision: 'allow',
        rule: 'D6',
        policies: [publicExportAllow.id],
      },
    ],
  },
  {
    id: 'D7',
    title: 'with no matching override the org-wide policy decides',
    tenant: world([orgExportBlock]),
    expect: [
      {
        request: check(user(USER.ada), 'export', 'page', '98305'),
        decision: 'deny',
        rule: 'D7',
        policies: [orgExportBlock.id],
      },
    ],
  },
  {
    id: 'D8',
    title: 'with no published policy the rule allows',
    tenant: world([]),
    expect: [
      { request: check(user(USER.ada), 'export', 'page', '98305'), decision: 'allow', rule: 'D8' },
      {
        request: check(user(USER.ada), 'downloadAttachment', 'attachment', 'att10001'),
        decision: 'allow',
        rule: 'D8',
      },
    ],
  },
  {
    id: 'D9',
    title: 'export needs view and an export rule that does not block',
    tenant: world([orgExportAllow, engExportBlock]),
    expect: [
      { request: check(user(USER.ada), 'export', 'page', '98305'), decision: 'deny', rule: 'D9' },
      { request: check(user(USER.pat), 'export', 'page', '98330'), decision: 'allow', rule: 'D7' },
      { request: check(user(USER.ada), 'read', 'page', '98305'), decision: 'allow', rule: 'R6' },
    ],
  },
  {
    id: 'D10',
    title: 'attachment download needs view of the page and attachmentDownload not blocked',
    tenant: world([orgDownloadAllow, engDownloadBlock]),
    expect: [
      {
        request: check(user(USER.ada), 'downloadAttachment', 'attachment', 'att10001'),
        decision: 'deny',
        rule: 'D10',
      },
      {
        request: check(user(USER.pat), 'downloadAttachment', 'attachment', 'att10002'),
        decision: 'deny',
        rule: 'R1',
      },
      {
        request: check(user(USER.pat), 'downloadAttachment', 'attachment', 'att10004'),
        decision: 'allow',
        rule: 'D7',
      },
      {
        request: check(user(USER.ada), 'read', 'attachment', 'att10001'),
        decision: 'allow',
        rule: 'R6',
      },
    ],
  },
  {
    id: 'D11',
    title: 'anonymous: site switch, space, no read restriction, anonymousAccess not blocked',
    tenant: world([orgAnonAllow, publicAnonBlock]),
    expect: [
      { request: check(anonymous, 'read', 'page', '98331'), decision: 'allow', rule: 'D7' },
      { request: check(anonymous, 'read', 'page', '98332'), decision: 'deny', rule: 'R1' },
      { request: check(anonymous, 'read', 'page', '98305'), decision: 'deny', rule: 'R5' },
      {
        request: check(anonymous, 'read', 'page', '98330'),
        decision: 'deny',
        rule: 'D11',
        policies: [publicAnonBlock.id],
      },
      { request: check(anonymous, 'update', 'page', '98331'), decision: 'deny', rule: 'R5' },
    ],
  },
  {
    id: 'D11',
    title: 'anonymous needs the site-wide switch',
    tenant: world([], (t) => {
      t.orgs[0]!.sites![0]!.anonymousAccess = false;
    }),
    expect: [{ request: check(anonymous, 'read', 'page', '98331'), decision: 'deny', rule: 'R5' }],
  },
  {
    id: 'D12',
    title: 'a public link serves the page while on and while publicLinks allows',
    tenant: world([orgLinksAllow, pubLinksBlock]),
    expect: [
      {
        request: check(anonymous, 'viewPublicLink', 'page', '98330'),
        decision: 'deny',
        rule: 'D12',
        policies: [pubLinksBlock.id],
      },
      {
        request: check(anonymous, 'viewPublicLink', 'page', '98331'),
        decision: 'deny',
        rule: 'D12',
      },
    ],
  },
  {
    id: 'D12',
    title: 'page restrictions do not apply to a public link',
    tenant: world([orgLinksAllow], (t) => {
      const page = t.orgs[0]!.sites![0]!.spaces![2]!.pages![0]!;
      page.restrictions = { read: { users: [], groups: ['finance'] } };
    }),
    expect: [
      {
        request: check(anonymous, 'viewPublicLink', 'page', '98330'),
        decision: 'allow',
        rule: 'D12',
      },
      { request: check(user(USER.pat), 'read', 'page', '98330'), decision: 'deny', rule: 'R1' },
    ],
  },
  {
    id: 'D14',
    title: 'apps: scope, app user rights, appAccess',
    tenant: world([orgAllAppsAllow]),
    expect: [
      {
        request: check(app(APP.exporter), 'read', 'page', '98305'),
        decision: 'allow',
        rule: 'D15',
      },
      { request: check(app(APP.exporter), 'read', 'page', '98306'), decision: 'deny', rule: 'R1' },
      {
        request: check(app(APP.reports), 'update', 'page', '98305'),
        decision: 'deny',
        rule: 'D17',
      },
      {
        request: check(app(APP.exporter), 'update', 'page', '98305'),
        decision: 'allow',
        rule: 'R3',
      },
    ],
  },
  {
    id: 'D14',
    title: 'an app blocked by appAccess cannot read',
    tenant: world([orgAllAppsBlock]),
    expect: [
      {
        request: check(app(APP.exporter), 'read', 'page', '98305'),
        decision: 'deny',
        rule: 'D14',
        policies: [orgAllAppsBlock.id],
      },
      {
        request: check(app(APP.exporter), 'export', 'page', '98330'),
        decision: 'deny',
        rule: 'D14',
      },
      { request: check(user(USER.ada), 'read', 'page', '98305'), decision: 'allow', rule: 'R6' },
    ],
  },
  {
    id: 'D15',
    title: 'appAccess: a space policy for the app beats the org-wide all_apps block',
    tenant: world([orgAllAppsBlock, orgExporterAllow, engExporterAllow]),
    expect: [
      {
        request: check(app(APP.exporter), 'read', 'page', '98305'),
        decision: 'allow',
        rule: 'D15',
        policies: [engExporterAllow.id],
      },
      {
        request: check(app(APP.reports), 'read', 'page', '98305'),
        decision: 'deny',
        rule: 'D14',
        policies: [orgAllAppsBlock.id],
      },
      {
        request: check(app(APP.exporter), 'read', 'page', '98330'),
        decision: 'allow',
        rule: 'D15',
        policies: [orgExporterAllow.id],
      },
    ],
  },
  {
    id: 'D15',
    title: 'appAccess: a space policy for all apps comes before the org-wide policy for the app',
    tenant: world([orgAllAppsAllow, orgExporterAllow, engAllAppsBlock]),
    expect: [
      {
        request: check(app(APP.exporter), 'read', 'page', '98305'),
        decision: 'deny',
        rule: 'D14',
        policies: [engAllAppsBlock.id],
      },
      {
        request: check(app(APP.exporter), 'read', 'page', '98330'),
        decision: 'allow',
        rule: 'D15',
        policies: [orgExporterAllow.id],
      },
    ],
  },
  {
    id: 'D16',
    title: 'an exempt app is never blocked by appAccess',
    tenant: world([orgAllAppsBlock], (t) => {
      t.orgs[0]!.apps![0]!.exempt = true;
    }),
    expect: [
      {
        request: check(app(APP.exporter), 'read', 'page', '98305'),
        decision: 'allow',
        rule: 'D16',
      },
      { request: check(app(APP.reports), 'read', 'page', '98305'), decision: 'deny', rule: 'D14' },
    ],
  },
  {
    id: 'D17',
    title: 'an app acting for a user has the user rights, limited by its scopes',
    tenant: world([]),
    expect: [
      {
        request: check(app(APP.reports, USER.ada), 'read', 'page', '98306'),
        decision: 'allow',
        rule: 'R1',
      },
      {
        request: check(app(APP.reports, USER.pat), 'read', 'page', '98306'),
        decision: 'deny',
        rule: 'R1',
      },
      {
        request: check(app(APP.reports, USER.ada), 'update', 'page', '98305'),
        decision: 'deny',
        rule: 'D17',
      },
      {
        request: check(app(APP.exporter, USER.ada), 'update', 'page', '98307'),
        decision: 'allow',
        rule: 'R2',
      },
    ],
  },
  {
    id: 'D18',
    title: 'the admin key bypasses restrictions but not data security policies',
    tenant: world([orgExportBlock]),
    expect: [
      {
        request: check(user(USER.sam, true), 'read', 'page', '98320'),
        decision: 'allow',
        rule: 'R7',
      },
      { request: check(user(USER.sam), 'read', 'page', '98320'), decision: 'deny', rule: 'R6' },
      {
        request: check(user(USER.sam, true), 'export', 'page', '98320'),
        decision: 'deny',
        rule: 'D9',
      },
      {
        request: check(user(USER.pat, true), 'read', 'page', '98306'),
        decision: 'deny',
        rule: 'R1',
      },
    ],
  },
  {
    id: 'D19',
    title: 'spaces are readable with space read permission',
    tenant: world([orgAllAppsAllow, engAllAppsBlock]),
    expect: [
      { request: check(user(USER.pat), 'read', 'space', SPACE.fin), decision: 'deny', rule: 'R6' },
      {
        request: check(user(USER.grace), 'read', 'space', SPACE.fin),
        decision: 'allow',
        rule: 'R6',
      },
      { request: check(anonymous, 'read', 'space', SPACE.pub), decision: 'allow', rule: 'R6' },
      {
        request: check(app(APP.reports), 'read', 'space', SPACE.pub),
        decision: 'allow',
        rule: 'D15',
      },
      {
        request: check(app(APP.reports), 'read', 'space', SPACE.eng),
        decision: 'deny',
        rule: 'D14',
      },
      {
        request: check(user(USER.ada), 'export', 'space', SPACE.eng),
        decision: 'deny',
        rule: 'D19',
      },
    ],
  },
  {
    id: 'D21',
    title: 'a space is administered with the space Admin permission; the admin key bypasses it',
    tenant: world([]),
    expect: [
      {
        request: check(user(USER.ada), 'administer', 'space', SPACE.eng),
        decision: 'allow',
        rule: 'D21',
      },
      {
        request: check(user(USER.pat), 'administer', 'space', SPACE.eng),
        decision: 'deny',
        rule: 'D21',
      },
      {
        request: check(user(USER.sam), 'administer', 'space', SPACE.fin),
        decision: 'deny',
        rule: 'D21',
      },
      {
        request: check(user(USER.sam, true), 'administer', 'space', SPACE.fin),
        decision: 'allow',
        rule: 'R7',
      },
      {
        request: check(anonymous, 'administer', 'space', SPACE.pub),
        decision: 'deny',
        rule: 'D21',
      },
      {
        request: check(app(APP.exporter), 'administer', 'space', SPACE.eng),
        decision: 'allow',
        rule: 'D21',
      },
      {
        request: check(app(APP.reports), 'administer', 'space', SPACE.eng),
        decision: 'deny',
        rule: 'D17',
      },
      {
        request: check(user(USER.ada), 'administer', 'page', '98305'),
        decision: 'deny',
        rule: 'D21',
      },
    ],
  },
];
