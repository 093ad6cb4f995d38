import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import { listOrgIds } from '../../src/storage/repos/world.js';
import { BIN, dbFlags, gatehouse, run, serve, type Result } from '../support/cli.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../support/harness.js';

/** The first run: `npm start` (bin/start.js), a busy port, listening on every interface, reset. */

describe.each(DIALECTS)('gatehouse reset on %s', (dialect) => {
  let test: TestStorage;
  let dir: string;
  beforeAll(async () => {
    test = await openTestStorage(dialect);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-reset-'));
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses without --yes off a terminal, empties the database with it, and the demo loads again', async () => {
    const demo = join(packageRoot(), 'demo', 'tenant.json');
    expect((await gatehouse(['import', demo, ...dbFlags(test)])).code).toBe(0);
    const refused = await gatehouse(['reset', ...dbFlags(test)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /^gatehouse: reset deletes everything in .*confirm with --yes$/m,
    );
    expect(await listOrgIds(test.storage.db)).toEqual(['c74e07d8-ddc2-4583-a8bc-5d5405a3907a']);

    const done = await gatehouse(['reset', '--yes', ...dbFlags(test)]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Emptied .*: \d+ rows deleted\. The next start loads the demo/);
    expect(await listOrgIds(test.storage.db)).toEqual([]);
    expect(await latestRevision(test.storage.db)).toBe(0);
    expect(JSON.parse((await gatehouse(['export', ...dbFlags(test)])).stdout)).toEqual({
      orgs: [],
    });
    // nothing remembers the old load: the same file loads again, as on a first start
    const again = await gatehouse(['import', demo, ...dbFlags(test)]);
    expect(again.stdout).toMatch(/^Loaded /);
  });
});

/** `cmd` on a pseudo-terminal (util-linux `script`), `input` typed into it. */
async function onTerminal(cmd: string, input: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('[y/N]') && input) {
        child.stdin.end(input);
        input = '';
      }
    });
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr: '' }));
  });
}

describe('gatehouse reset on a terminal', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-reset-tty-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!existsSync('/usr/bin/script'))(
    'asks first: no keeps everything, yes empties',
    async () => {
      const db = join(dir, 'tty.db');
      const demo = join(packageRoot(), 'demo', 'tenant.json');
      expect((await gatehouse(['import', demo, '--db', db])).code).toBe(0);
      const reset = `${process.execPath} ${BIN} reset --db ${db}`;
      const no = await onTerminal(reset, 'n\n');
      expect(no.stdout).toContain('Delete everything in sqlite:');
      expect(no.stdout).toContain('Nothing deleted.');
      expect(JSON.parse((await gatehouse(['export', '--db', db])).stdout).orgs).toHaveLength(1);
      const yes = await onTerminal(reset, 'y\n');
      expect(yes.code).toBe(0);
      expect(yes.stdout).toMatch(/Emptied sqlite:.*rows deleted/);
      expect(JSON.parse((await gatehouse(['export', '--db', db])).stdout).orgs).toHaveLength(0);
    },
  );
});

describe('serve on every interface', () => {
  it('prints http://localhost:PORT and never the machine’s own addresses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-any-'));
    const served = await serve(['--db', join(dir, 'any.db'), '--port', '0']);
    try {
      expect(served.url).toMatch(/^http:\/\/localhost:\d+$/);
      const port = new URL(served.url).port;
      await expect
        .poll(() => served.output(), { timeout: 5000 })
        .toContain(`"url":"http://localhost:${port}"`);
      const own = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && !a.internal)
        .map((a) => a!.address);
      for (const address of own) expect(served.output()).not.toContain(address);
      expect(served.output()).not.toMatch(/Server listening at/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await served.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a port already in use', () => {
  let busy: Server;
  let port: number;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-busy-'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gatehouse serve says so in one line naming the port and the way out', async () => {
    const result = await gatehouse([
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--db',
      join(dir, 'a.db'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `gatehouse: port ${port} is already in use; start on another port with PORT=8081 npm start, or --port 8081`,
    );
  });

  it('npm start says so before any build work (a checkout without dist/ or TypeScript)', async () => {
    // bin/start.js alone in an empty folder: building there would fail, so the line proves the order
    const root = join(dir, 'checkout');
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync(join(packageRoot(), 'bin', 'start.js'), join(root, 'bin', 'start.js'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    for (const env of [{ PORT: String(port) }, {}]) {
      const args = Object.keys(env).length ? [] : ['--port', String(port)];
      const result = await run(
        process.execPath,
        [join(root, 'bin', 'start.js'), '--host', '127.0.0.1', ...args],
        {
          env: { ...process.env, ...env },
        },
      ).then(
        () => ({ code: 0, stderr: '', stdout: '' }),
        (e: { code: number; stderr: string; stdout: string }) => e,
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `gatehouse: port ${port} is already in use; start on another port with PORT=8081 npm start, or npm start -- --port 8081\n`,
      );
    }
  });
});

describe('npm start (bin/start.js)', () => {
  let root: string;
  const main = (root: string) => join(root, 'dist', 'src', 'main.js');
  beforeAll(() => {
    // a checkout whose "compiler" and "server" record what they were asked to do
    root = mkdtempSync(join(tmpdir(), 'gatehouse-start-'));
    for (const dir of ['bin', 'src', 'bench', 'dist/src', 'node_modules/typescript/bin'])
      mkdirSync(join(root, dir), { recursive: true });
    copyFileSync(join(packageRoot(), 'bin', 'start.js'), join(root, 'bin', 'start.js'));
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json'])
      writeFileSync(join(root, file), '{"type":"module"}');
    writeFileSync(join(root, 'src', 'app.ts'), 'export {};');
    writeFileSync(
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      `const fs = require('node:fs'); const path = require('node:path');
       fs.writeFileSync(path.join(process.cwd(), 'dist', 'tsconfig.build.tsbuildinfo'), '{}');
       console.log('tsc ' + process.argv.slice(2).join(' '));`,
    );
    writeFileSync(join(root, 'node_modules', 'typescript', 'package.json'), '{"type":"commonjs"}');
    writeFileSync(
      main(root),
      'export async function main(argv) { console.log("main " + argv.join(" ")); return 0; }',
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const start = (args: string[]) =>
    run(process.execPath, [join(root, 'bin', 'start.js'), ...args], {
      env: { ...process.env, PORT: '0' },
    });

  it('compiles when dist/ is missing or older than src/, not when it is up to date; flags go to serve', async () => {
    const first = await start(['--port', '0', '--no-demo']);
    expect(first.stdout).toContain('Compiling (dist/ is older than src/)');
    expect(first.stdout).toContain('tsc --build tsconfig.build.json');
    expect(first.stdout).toContain('main serve --port 0 --no-demo');
    const second = await start(['--port', '0']);
    expect(second.stdout).not.toContain('tsc');
    expect(second.stdout).toBe('main serve --port 0\n');
    // a source edited after the build compiles again
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'src', 'app.ts'), later, later);
    const third = await start([]);
    expect(third.stdout).toContain('tsc --build');
  });
});
