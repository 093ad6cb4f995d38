import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { DIALECTS, demoTenant, openTestStorage, type TestStorage } from '../support/harness.js';
import { smallTenant } from '../support/small-tenant.js';

const run = promisify(execFile);
const BIN = join(packageRoot(), 'bin', 'gatehouse.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function gatehouse(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function dbFlags(test: TestStorage): string[] {
  return test.target.kind === 'sqlite'
    ? ['--db', test.target.file]
    : ['--database-url', test.target.url];
}

describe('gatehouse CLI', () => {
  it('--help describes every command and a bad flag is one line with exit code 2', async () => {
    const help = await gatehouse(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/import/);
    expect(help.stdout).toMatch(/export/);
    const serveHelp = await gatehouse(['serve', '--help']);
    for (const flag of [
      '--port',
      '--host',
      '--db',
      '--database-url',
      '--tenant',
      '--default-site',
    ]) {
      expect(serveHelp.stdout).toContain(flag);
    }
    const bad = await gatehouse(['serve', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const badPort = await gatehouse(['serve', '--port', 'eighty']);
    expect(badPort.code).toBe(2);
  });
});

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
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const result = await gatehouse(['import', file, ...dbFlags(test)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('orgs[0].groups[0].members[1]: unknown accountId "ghost"');
    expect(result.stderr).toContain('orgs[0].sites[0].spaces[0].pages[1].id: duplicate id "1"');
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
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(exported.stdout));
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
});
