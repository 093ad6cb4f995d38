import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { packageRoot } from '../../src/paths.js';
import { ARI, LEVEL, ORG, SPACE, USER, APP, policy, world } from '../decision/fixtures.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

const run = promisify(execFile);
const BIN = join(packageRoot(), 'bin', 'gatehouse.js');
const KEY = 'gh-demo-admin-key-0001';

async function gatehouse(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const orgExportBlock = policy('ORG', 'export', 'block', [], { name: 'No exports' });
const pubExportAllow = policy('CONTAINER', 'export', 'allow', [ARI.space(SPACE.pub)], {
  name: 'Public space may export',
});
const orgAllApps = policy('ORG', 'appAccess', 'allow');
const engReportsBlock = policy('CONTAINER', 'appAccess', 'block', [ARI.space(SPACE.eng)], {
  name: 'Reports kept out of ENG',
  subject: { subjectType: 'marketplaceApp', subjectId: APP.reports },
});
const orgReports = policy('ORG', 'appAccess', 'allow', [], {
  subject: { subjectType: 'marketplaceApp', subjectId: APP.reports },
});
const confidentialAnonBlock = policy('CLASSIFICATION', 'anonymousAccess', 'block', [
  ARI.level(LEVEL.confidential),
]);
const orgAnon = policy('ORG', 'anonymousAccess', 'allow');

/** Each case: the CLI's flags and the same request as the HTTP check's body. */
const CASES: { flags: string[]; body: Record<string, unknown> }[] = [
  {
    flags: ['--user', USER.ada, '--action', 'export', '--resource', 'page:98305'],
    body: { subject: { type: 'user', accountId: USER.ada }, action: 'export' },
  },
  {
    flags: ['--user', USER.fiona, '--action', 'read', '--resource', 'page:98306'],
    body: { subject: { type: 'user', accountId: USER.fiona }, action: 'read' },
  },
  {
    flags: ['--user', USER.sam, '--admin-key', '--action', 'update', '--resource', 'page:98306'],
    body: { subject: { type: 'user', accountId: USER.sam, adminKey: true }, action: 'update' },
  },
  {
    flags: ['--app', APP.reports, '--action', 'read', '--resource', 'page:98305'],
    body: { subject: { type: 'app', ari: APP.reports }, action: 'read' },
  },
  {
    flags: [
      '--app',
      APP.exporter,
      '--acting-for',
      USER.grace,
      '--action',
      'downloadAttachment',
      '--resource',
      'attachment:att10001',
    ],
    body: {
      subject: { type: 'app', ari: APP.exporter, actingFor: USER.grace },
      action: 'downloadAttachment',
    },
  },
  {
    flags: ['--anonymous', '--action', 'read', '--resource', 'space:10007'],
    body: { subject: { type: 'anonymous' }, action: 'read' },
  },
  {
    flags: ['--anonymous', '--action', 'viewPublicLink', '--resource', 'page:98305'],
    body: { subject: { type: 'anonymous' }, action: 'viewPublicLink' },
  },
];

const resourceOf = (flags: string[]) => {
  const [type, id] = flags[flags.indexOf('--resource') + 1]!.split(':');
  return { type, id };
};

describe.each(DIALECTS)('gatehouse check and explain on %s', (dialect) => {
  let t: TestApp;
  let db: string[];
  beforeAll(async () => {
    t = await startTestApp(
      dialect,
      world([
        orgExportBlock,
        pubExportAllow,
        orgAllApps,
        orgReports,
        engReportsBlock,
        orgAnon,
        confidentialAnonBlock,
      ]),
    );
    db = t.target.kind === 'sqlite' ? ['--db', t.target.file] : ['--database-url', t.target.url];
  });
  afterAll(async () => {
    await t.close();
  });

  const httpCheck = async (body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/gatehouse/v1/orgs/${ORG}/check`,
      headers: { authorization: `Bearer ${KEY}` },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { decision: string; reasons: { rule: string; policyId?: string }[] };
  };

  it('check --json answers exactly what POST …/check answers; exit 0 = allow, 3 = deny', async () => {
    const decisions = new Set<string>();
    for (const { flags, body } of CASES) {
      const expected = await httpCheck({ ...body, resource: resourceOf(flags) });
      const cli = await gatehouse(['check', ...db, ...flags, '--json']);
      expect(cli.stderr).toBe('');
      expect(JSON.parse(cli.stdout)).toEqual(expected);
      expect(cli.code).toBe(expected.decision === 'allow' ? 0 : 3);
      decisions.add(expected.decision);
    }
    expect(decisions).toEqual(new Set(['allow', 'deny']));
  });

  it('check prints one line: the decision and the deciding rules with their policies', async () => {
    const flags = ['--user', USER.ada, '--action', 'export', '--resource', 'page:98305'];
    const cli = await gatehouse(['check', ...db, ...flags, '--org', ORG]);
    expect(cli.code).toBe(3);
    const lines = cli.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^deny: /);
    expect(lines[0]).toContain(
      `D7 org-wide policy "No exports" blocks export [policy ${orgExportBlock.id}]`,
    );
    expect(lines[0]).toContain('D9 export is blocked by a data security policy');
    const allowed = await gatehouse([
      'check',
      ...db,
      '--user',
      USER.ada,
      '--action',
      'export',
      '--resource',
      'page:98310',
    ]);
    const expected = await httpCheck({
      subject: { type: 'user', accountId: USER.ada },
      action: 'export',
      resource: { type: 'page', id: '98310' },
    });
    expect(allowed.stdout.split(':')[0]).toBe(expected.decision);
    expect(allowed.code).toBe(expected.decision === 'allow' ? 0 : 3);
  });

  it('explain lists every reason with its rule, text, policy (id and name) and restriction', async () => {
    // Every other case: each spawn costs a Node start and an index load.
    for (const { flags, body } of CASES.filter((_, i) => i % 2 === 0)) {
      const expected = await httpCheck({ ...body, resource: resourceOf(flags) });
      const cli = await gatehouse(['explain', ...db, ...flags]);
      expect(cli.code).toBe(0);
      expect(cli.stdout.split('\n')[0]).toMatch(
        expected.decision === 'allow' ? /^ALLOW: .* may / : /^DENY: .* may not /,
      );
      for (const [i, reason] of expected.reasons.entries()) {
        expect(cli.stdout).toContain(`  ${i + 1}. ${reason.rule}  `);
        if (reason.policyId) expect(cli.stdout).toContain(`policy ${reason.policyId} "`);
      }
    }
    const blocked = await gatehouse([
      'explain',
      ...db,
      '--app',
      APP.reports,
      '--action',
      'read',
      '--resource',
      'page:98305',
    ]);
    expect(blocked.stdout).toContain(
      `policy ${engReportsBlock.id} "Reports kept out of ENG" (CONTAINER)`,
    );
    const restricted = await gatehouse([
      'explain',
      ...db,
      '--user',
      USER.fiona,
      '--action',
      'read',
      '--resource',
      'page:98306',
    ]);
    expect(restricted.stdout).toMatch(/restriction: read list of page 98306 "/);
  });

  it(
    'bad flags are one line on stderr and exit 2; several orgs need --org',
    { timeout: 120_000 },
    async () => {
      const bad: string[][] = [
        ['--action', 'read', '--resource', 'page:98305'],
        ['--user', USER.ada, '--anonymous', '--action', 'read', '--resource', 'page:98305'],
        ['--user', USER.ada, '--action', 'fly', '--resource', 'page:98305'],
        ['--user', USER.ada, '--action', 'read', '--resource', 'folder:1'],
        ['--user', USER.ada, '--action', 'read'],
        ['--anonymous', '--acting-for', USER.ada, '--action', 'read', '--resource', 'page:1'],
        ['--user', USER.ada, '--action', 'read', '--resource', 'page:1', '--org', 'nope'],
        ['--user', USER.ada, '--bogus'],
      ];
      for (const [i, flags] of bad.entries()) {
        // explain shares check's parsing: a few of the cases are enough for it
        for (const command of i % 3 === 0 ? ['check', 'explain'] : ['check']) {
          const cli = await gatehouse([command, ...db, ...flags]);
          expect(cli.code, flags.join(' ')).toBe(2);
          expect(cli.stderr.trimEnd().split('\n'), flags.join(' ')).toHaveLength(1);
          expect(cli.stdout).toBe('');
        }
      }
      await importTenant(t.storage, smallTenant('org-two', 'two-'), 'second org');
      const ambiguous = await gatehouse([
        'check',
        ...db,
        '--user',
        USER.ada,
        '--action',
        'read',
        '--resource',
        'page:98305',
      ]);
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toMatch(/--org is required: the database holds 2 orgs/);
      const chosen = await gatehouse([
        'check',
        ...db,
        '--org',
        ORG,
        '--user',
        USER.ada,
        '--action',
        'read',
        '--resource',
        'page:98305',
      ]);
      expect(chosen.code).toBe(0);
    },
  );

  it('the CLI help lists check and explain', async () => {
    const help = await gatehouse(['--help']);
    expect(help.stdout).toMatch(/check/);
    expect(help.stdout).toMatch(/explain/);
    const checkHelp = await gatehouse(['check', '--help']);
    for (const flag of ['--org', '--user', '--admin-key', '--app', '--acting-for', '--anonymous']) {
      expect(checkHelp.stdout).toContain(flag);
    }
    expect(checkHelp.stdout).toMatch(/3 = deny/);
  });
});
