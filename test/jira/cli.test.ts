import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { JIRA_ARI, PROJECT, USER, policy, world } from './fixtures.js';

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

const opsExportBlock = policy('CONTAINER', 'export', 'block', [JIRA_ARI.project(PROJECT.ops)], {
  name: 'No exports from OPS',
});
const orgExportAllow = policy('ORG', 'export', 'allow');

/** The CLI takes Jira resources: `check` and `explain --resource issue:OPS-1`. */
describe.each(DIALECTS)('gatehouse check and explain with Jira resources on %s', (dialect) => {
  let t: TestApp;
  let db: string[];
  beforeAll(async () => {
    t = await startTestApp(dialect, world([orgExportAllow, opsExportBlock]));
    db = t.target.kind === 'sqlite' ? ['--db', t.target.file] : ['--database-url', t.target.url];
  });
  afterAll(async () => {
    await t.close();
  });

  it('explain --resource issue:OPS-1 names every rule, permission, security level and policy', async () => {
    const grace = await gatehouse([
      'explain',
      ...db,
      '--user',
      USER.grace,
      '--action',
      'export',
      '--resource',
      'issue:OPS-1',
    ]);
    expect(grace.code).toBe(0);
    const out = grace.stdout;
    expect(out.split('\n')[0]).toBe(
      `DENY: user ${USER.grace} (Grace Hopper) may not export issue OPS-1 (id 20001) "Rotate the keys" in project OPS`,
    );
    expect(out).toContain('J2  BROWSE_PROJECTS granted to anyone');
    expect(out).toContain('permission: BROWSE_PROJECTS');
    expect(out).toContain('J5  member of the security level "Staff only"');
    expect(out).toContain('security level: 10100 "Staff only" (members: group engineering)');
    expect(out).toContain(`policy ${opsExportBlock.id} "No exports from OPS" (CONTAINER)`);
    expect(out).toContain('J12  export is blocked by a data security policy');
    expect(out).toContain('J… docs/jira.md');

    const fiona = await gatehouse([
      'check',
      ...db,
      '--user',
      USER.fiona,
      '--action',
      'read',
      '--resource',
      'issue:OPS-2',
    ]);
    expect(fiona.code).toBe(3);
    expect(fiona.stdout).toContain(
      'J6 a sub-task takes the security level of its parent OPS-1 [security level 10100]',
    );
    const project = await gatehouse([
      'check',
      ...db,
      '--user',
      USER.ada,
      '--action',
      'administer',
      '--resource',
      'project:OPS',
      '--json',
    ]);
    expect(project.code).toBe(0);
    expect(JSON.parse(project.stdout)).toMatchObject({
      decision: 'allow',
      resource: { type: 'project', key: 'OPS' },
    });
    const byId = await gatehouse([
      'check',
      ...db,
      '--anonymous',
      '--action',
      'read',
      '--resource',
      'issue:id=20004',
    ]);
    expect(byId.code).toBe(0);
  });
});
