import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import { listOrgIds } from '../../src/storage/repos/world.js';
import type { TenantFile } from '../../src/tenant/schema.js';
import { BIN, dbFlags, gatehouse, serve } from '../support/cli.js';
import { DIALECTS, demoTenant, openTestStorage, type TestStorage } from '../support/harness.js';
import { withoutLatestImport } from '../support/round-trip.js';
import { smallTenant } from '../support/small-tenant.js';

/** The flags the README's configuration table documents for each command. */
const FLAGS: Record<string, string[]> = {
  serve: [
    '--port',
    '--host',
    '--db',
    '--database-url',
    '--sqlite-synchronous',
    '--tenant',
    '--no-demo',
    '--default-site',
    '--log-level',
    '--body-limit',
    '--sync-interval',
    '--propagation-delay',
    '--operator-key',
    '--enforcement',
    '--rate-limit',
    '--decision-log-size',
  ],
  import: ['--db', '--database-url', '--sqlite-synchronous'],
  export: ['--org', '--db', '--database-url', '--sqlite-synchronous'],
  rehearse: ['--org', '--json', '--db', '--database-url', '--sqlite-synchronous'],
  reset: ['--db', '--database-url', '--sqlite-synchronous', '--yes'],
};

describe('gatehouse CLI', () => {
  it('--help and <command> --help describe every command and every flag', async () => {
    const help = await gatehouse(['--help']);
    expect(help.code).toBe(0);
    for (const command of Object.keys(FLAGS)) expect(help.stdout).toMatch(new RegExp(command));
    for (const [command, flags] of Object.entries(FLAGS)) {
      const own = await gatehouse([command, '--help']);
      expect(own.code, command).toBe(0);
      const described = [...own.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]);
      expect(described.sort(), command).toEqual([...flags, '--help'].sort());
      // every flag line carries a description, not just its name
      for (const flag of flags) expect(own.stdout).toMatch(new RegExp(`${flag}\\b.*\\s{2,}\\S`));
    }
  });

  it('the README configuration table lists every serve flag and its environment variable', () => {
    const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
    for (const flag of FLAGS.serve!) expect(readme, flag).toContain(`\`${flag}`);
    const program = readFileSync(join(packageRoot(), 'src', 'cli', 'program.ts'), 'utf8');
    for (const env of program.matchAll(/env (\w+)/g)) expect(readme).toContain(`\`${env[1]}`);
  });

  it('a bad flag or value is one line on stderr and exit code 2', async () => {
    for (const args of [
      ['serve', '--bogus'],
      ['serve', '--port', 'eighty'],
      ['serve', '--propagation-delay', 'soon'],
      ['serve', '--sqlite-synchronous', 'OFF'],
      ['import'],
      ['export', '--org'],
      ['frobnicate'],
    ]) {
      const bad = await gatehouse(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

/** The credentials the README's walk-through uses: its KEY and ORG, `-u email:token`, Bearer tokens. */
function readmeCredentials(): string[] {
  const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
  const found = new Set<string>();
  for (const m of readme.matchAll(/^(?:KEY|ORG)=(\S+)$/gm)) found.add(m[1]!);
  for (const m of readme.matchAll(/-u (\S+@\S+:\S+)/g)) found.add(m[1]!);
  for (const m of readme.matchAll(/Authorization: Bearer ([\w-]+-token)\b/g)) found.add(m[1]!);
  for (const m of readme.matchAll(/--(?:user|acting-for) ([0-9a-f]{20,})/g)) found.add(m[1]!);
  for (const m of readme.matchAll(/--app (ari:\S+)/g)) found.add(m[1]!);
  expect(found.size).toBeGreaterThanOrEqual(6);
  return [...found];
}

describe.each(DIALECTS)('gatehouse CLI on %s', (dialect) => {
  let dir: string;
  let test: TestStorage;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    test = await openTestStorage(dialect);
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a broken tenant file lists every bad path, exits 1 and loads nothing', async () => {
    const broken = smallTenant();
    broken.orgs[0]!.sites![0]!.spaces![0]!.pages![1]!.id = '1';
    broken.orgs[0]!.groups![0]!.members!.push('ghost');
    const page = broken.orgs[0]!.sites![0]!.spaces![0]!.pages![0]!;
    page.classification = 'no-such-level';
    page.restrictions = { read: { users: [], groups: ['no-such-group'] } };
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const result = await gatehouse(['import', file, ...dbFlags(test)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('orgs[0].groups[0].members[1]: unknown accountId "ghost"');
    expect(result.stderr).toContain('orgs[0].sites[0].spaces[0].pages[1].id: duplicate id "1"');
    expect(result.stderr).toMatch(
      /pages\[0\]\.classification: unknown classification level "no-such-level"/,
    );
    expect(result.stderr).toMatch(
      /pages\[0\]\.restrictions\.read\.groups\[0\]: unknown group "no-such-group"/,
    );
    // serve --tenant refuses the same file the same way, before listening
    const served = await gatehouse(['serve', '--port', '0', '--tenant', file, ...dbFlags(test)]);
    expect(served.code).toBe(1);
    expect(served.stderr).toContain('orgs[0].groups[0].members[1]: unknown accountId "ghost"');
    expect(served.stdout).not.toMatch(/listening/);
    const exported = await gatehouse(['export', ...dbFlags(test)]);
    expect(JSON.parse(exported.stdout)).toEqual({ orgs: [] });
  });

  it('import is idempotent and export → import → export round-trips', async () => {
    const file = join(dir, 'demo.yaml');
    const { stringify } = await import('yaml');
    writeFileSync(file, stringify(demoTenant()));
    const first = await gatehouse(['import', file, ...dbFlags(test)]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Loaded /);
    const second = await gatehouse(['import', file, ...dbFlags(test)]);
    expect(second.stdout).toMatch(/^Already loaded/);
    const exported = await gatehouse(['export', ...dbFlags(test)]);
    expect(exported.code).toBe(0);
    const copyDb = join(dir, 'copy.db');
    const exportFile = join(dir, 'export.json');
    writeFileSync(exportFile, exported.stdout);
    expect((await gatehouse(['import', exportFile, '--db', copyDb])).code).toBe(0);
    const again = await gatehouse(['export', '--db', copyDb]);
    expect(withoutLatestImport(JSON.parse(again.stdout) as TenantFile)).toEqual(
      JSON.parse(exported.stdout),
    );
  });

  it('serve --port --tenant serves /healthz and follows an import made while it runs', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        ...dbFlags(test),
        '--sync-interval',
        '50',
        '--log-level',
        'warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const file = join(dir, 'small.json');
      writeFileSync(file, JSON.stringify(smallTenant('org-cli', 'cli-')));
      expect((await gatehouse(['import', file, ...dbFlags(test)])).code).toBe(0);
      await expect
        .poll(
          async () => {
            const res = await fetch(`${url}/ex/confluence/cli-cloud-1/wiki/rest/api/anything`);
            return `${res.status} ${await res.text()}`;
          },
          { timeout: 15_000, interval: 100 },
        )
        .toMatch(/^501/);
    } finally {
      child.kill('SIGTERM');
    }
  });
  it('the start banner, one JSON log line per request, and a second start that loads nothing', async () => {
    const fresh = await openTestStorage(dialect);
    const flags = [...dbFlags(fresh), '--port', '0', '--host', '127.0.0.1'];
    try {
      const first = await serve(flags);
      let banner: string;
      try {
        banner = first.output();
        expect(banner).toMatch(/^Loaded tenant .*demo\/tenant\.json$/m);
        expect(banner).toContain('Org id:          c74e07d8-ddc2-4583-a8bc-5d5405a3907a');
        expect(banner).toContain('Admin API key:   gh-demo-admin-key-0001');
        expect(banner).toMatch(/Admin console: +http:\/\/[^ ]+\/console/);
        expect(banner).toMatch(/^User \(Basic\): +\S+@acme\.test:\S+-token +\w+ +\w+/m);
        expect(banner).toMatch(/^App \(Bearer\): +\S+-app-token /m);
        expect(banner).toMatch(/^Operator key: +gh-operator-\S+ +\(generated/m);
        // every credential the README walk-through uses, and every one of the demo tenant
        for (const credential of readmeCredentials()) expect(banner).toContain(credential);
        const org = demoTenant().orgs[0]!;
        for (const u of org.users ?? []) expect(banner).toContain(`${u.email}:${u.apiToken}`);
        for (const a of org.apps ?? []) expect(banner).toContain(`${a.token}  (${a.ari})`);
        // the curl line works as printed
        const curl = /curl -s -H 'Authorization: (Bearer \S+)' (\S+)/.exec(banner)!;
        expect(curl[2]!.startsWith(first.url)).toBe(true);
        const listed = await fetch(curl[2]!, {
          headers: { authorization: curl[1]! },
        });
        expect(listed.status).toBe(200);
        const secret = await fetch(`${first.url}/wiki/rest/api/content/98306/restriction`, {
          headers: {
            authorization: `Basic ${Buffer.from('ada@acme.test:ada-token').toString('base64')}`,
          },
        });
        expect(secret.status).toBe(200);
        const requestId = secret.headers.get('x-request-id');
        await expect.poll(() => first.output().includes(requestId!), { timeout: 5000 }).toBe(true);
        const lines = first
          .output()
          .split('\n')
          .filter((line) => line.includes(requestId!));
        expect(lines).toHaveLength(1);
        expect(JSON.parse(lines[0]!)).toMatchObject({
          reqId: requestId,
          method: 'GET',
          url: '/wiki/rest/api/content/98306/restriction',
          statusCode: 200,
          msg: 'request',
        });
        const logs = first
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'));
        expect(logs.length).toBeGreaterThanOrEqual(3);
        // nothing of the credentials is logged: no header, no token, no key
        for (const line of logs)
          expect(line).not.toMatch(/ada-token|gh-demo-admin-key|authorization/i);
      } finally {
        await first.stop();
      }
      const revision = await latestRevision(fresh.storage.db);
      const second = await serve(flags);
      try {
        expect(second.output()).not.toMatch(/Loaded tenant/);
        expect(second.output()).toContain('Admin API key:   gh-demo-admin-key-0001');
        expect(await latestRevision(fresh.storage.db)).toBe(revision);
        expect(await listOrgIds(fresh.storage.db)).toEqual([
          'c74e07d8-ddc2-4583-a8bc-5d5405a3907a',
        ]);
      } finally {
        await second.stop();
      }
    } finally {
      await fresh.dispose();
    }
  });

  it('export --org writes one org; an unknown org is an error', async () => {
    const fresh = await openTestStorage(dialect);
    try {
      const file = join(dir, 'two-orgs.json');
      const two = demoTenant();
      two.orgs.push(smallTenant('org-two', 'two-').orgs[0]!);
      writeFileSync(file, JSON.stringify(two));
      expect((await gatehouse(['import', file, ...dbFlags(fresh)])).code).toBe(0);
      const one = await gatehouse(['export', '--org', 'org-two', ...dbFlags(fresh)]);
      expect(one.code).toBe(0);
      expect(JSON.parse(one.stdout).orgs.map((o: { id: string }) => o.id)).toEqual(['org-two']);
      const all = JSON.parse((await gatehouse(['export', ...dbFlags(fresh)])).stdout);
      expect(all.orgs).toHaveLength(2);
      const unknown = await gatehouse(['export', '--org', 'nope', ...dbFlags(fresh)]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr.trim()).toBe('gatehouse: no org with id nope');
    } finally {
      await fresh.dispose();
    }
  });
});
