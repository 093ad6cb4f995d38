import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { UNCAUGHT_EXCEPTION, UNHANDLED_REJECTION } from '../../src/cli/process-guards.js';
import { resolveConfig } from '../../src/config.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { packageRoot } from '../../src/paths.js';
import { errorFormatMismatch, type Family } from '../support/error-formats.js';
import { demoTenant, openTestStorage } from '../support/harness.js';
import { importTenant } from '../../src/commands/import-tenant.js';

const run = promisify(execFile);

describe('the last resort', () => {
  it('F2 an error nothing expected is a 500 in the API’s format carrying only the request id; the log has the error and its stack', async () => {
    const test = await openTestStorage('sqlite');
    await importTenant(test.storage, demoTenant(), 'demo');
    const index = await WorldIndex.load(test.storage);
    const logs: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logs.push(chunk.toString('utf8'));
        callback();
      },
    });
    const app = await buildApp(
      resolveConfig({}, {}),
      { storage: test.storage, index },
      { logger: { level: 'info', stream } },
    );
    const paths: [string, Family][] = [
      ['/admin/boom', 'admin'],
      ['/wiki/rest/api/boom', 'confluence-v1'],
      ['/wiki/api/v2/boom', 'confluence-v2'],
      ['/gatehouse/boom', 'gatehouse'],
    ];
    for (const [path] of paths) {
      app.get(
        path,
        {
          preHandler: async () =>
            Promise.reject(new TypeError('token=s3cret in select * from users')),
        },
        () => 'never',
      );
    }
    await app.ready();
    for (const [path, family] of paths) {
      const res = await app.inject({ url: path });
      expect(res.statusCode).toBe(500);
      expect(errorFormatMismatch(family, 500, res.json())).toBeNull();
      expect(res.body).toContain(res.headers['x-request-id'] as string);
      expect(res.body).not.toMatch(/s3cret|select|TypeError|at \//);
      const line = logs.find(
        (l) => l.includes(res.headers['x-request-id'] as string) && l.includes('unexpected error'),
      );
      expect(line, 'logged with the request id').toBeDefined();
      expect(line).toMatch(/"stack":"TypeError/);
    }
    await app.close();
    await test.dispose();
  });

  it('F2 in `gatehouse serve`, an unhandled rejection or uncaught exception is logged with its stack and the process keeps serving', async () => {
    const guards = join(packageRoot(), 'dist', 'src', 'cli', 'process-guards.js');
    const script = `
      import pino from 'pino';
      import { installProcessGuards } from ${JSON.stringify(guards)};
      installProcessGuards(pino());
      Promise.reject(new Error('a rejection nobody handled'));
      setTimeout(() => { throw new Error('thrown in a timer'); }, 10);
      setTimeout(() => { console.log('still serving'); }, 100);
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageRoot(),
    });
    expect(stdout).toContain('still serving');
    expect(stdout).toContain(UNHANDLED_REJECTION);
    expect(stdout).toContain(UNCAUGHT_EXCEPTION);
    expect(stdout).toMatch(/"stack":"Error: a rejection nobody handled/);
    expect(stdout).toMatch(/"stack":"Error: thrown in a timer/);
  });
});
