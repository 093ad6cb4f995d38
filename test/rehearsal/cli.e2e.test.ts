import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { packageRoot } from '../../src/paths.js';
import { demoTenant, openTestStorage, type TestStorage } from '../support/harness.js';

const run = promisify(execFile);
const BIN = join(packageRoot(), 'bin', 'gatehouse.js');

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

/** H14 as a process: `gatehouse rehearse` from the built binary, its output and exit codes. */
describe('gatehouse rehearse (a process)', () => {
  let test: TestStorage;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-rehearse-'));
    test = await openTestStorage('sqlite');
    const tenant = demoTenant();
    tenant.orgs[0]!.policies = [
      {
        id: 'draft-no-exports',
        name: 'No exports',
        status: 'draft',
        coverageLevel: 'ORG',
        rule: { export: { effect: 'block' } },
      },
    ];
    await importTenant(test.storage, tenant, 'demo with a draft');
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('H14 prints the table and exits 4 when something would change, 2 for a bad file', async () => {
    const db = ['--db', test.target.kind === 'sqlite' ? test.target.file : ''];
    const file = (name: string, body: unknown) => {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify(body));
      return path;
    };
    const batch = (action: string) => ({
      type: 'data-security',
      ruleName: 'export',
      policyOperations: [{ policyId: 'draft-no-exports', action, policyCoverageLevel: 'ORG' }],
    });
    const changed = await gatehouse([
      'rehearse',
      file('block', { publish: [batch('UPDATE')] }),
      ...db,
    ]);
    expect(changed.code, changed.stderr).toBe(4);
    expect(changed.stdout).toMatch(/decisions allow → deny\s+\d+/);
    expect(changed.stdout).toContain('export  allow → deny');
    // --json, exit 0 and exit 1 are the in-process H14 test's (rehearsal.test.ts)
    const bad = await gatehouse(['rehearse', file('bad', { publish: [] }), ...db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
