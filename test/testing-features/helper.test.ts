import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { GatehouseRequestError, startGatehouse } from '../../src/testing/index.js';
import { packageRoot } from '../../src/paths.js';
import { createTestDatabase } from '../support/postgres-cluster.js';
import { demoTenant } from '../support/harness.js';
import { DEMO_ORG } from './helpers.js';

const run = promisify(execFile);

describe.each(['sqlite', 'postgres'] as const)('gatehouse/testing on %s', (dialect) => {
  it('G31 startGatehouse serves the tenant on a free port and creates, forks, snapshots and restores orgs', async () => {
    const database =
      dialect === 'postgres' ? await createTestDatabase(inject('postgresUrl')) : null;
    try {
      const options = { tenant: demoTenant(), ...(database ? { databaseUrl: database.url } : {}) };
      const gatehouse = await startGatehouse(options);
      let forkId: string;
      try {
        expect(gatehouse.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(gatehouse.operatorKey).toMatch(/^gh-operator-/);
        expect(gatehouse.orgs.map((o) => [o.id, o.sites])).toEqual([
          [DEMO_ORG, [{ name: 'acme', cloudId: 'ee3c3183-3d6e-4077-8053-676d62c40929' }]],
        ]);
        const health = await fetch(`${gatehouse.baseUrl}/healthz`);
        expect(health.status).toBe(200);
        const fork = await gatehouse.fork(DEMO_ORG);
        forkId = fork.id;
        const snapshot = await gatehouse.snapshot(fork.id);
        expect(snapshot.orgs[0]!.id).toBe(fork.id);
        snapshot.orgs[0]!.name = 'Renamed';
        expect((await gatehouse.restore(fork.id, snapshot)).id).toBe(fork.id);
        expect((await gatehouse.snapshot(fork.id)).orgs[0]!.name).toBe('Renamed');
        const ada = fork.users.find((u) => u.email === 'ada@acme.test')!;
        const page = await fetch(
          `${gatehouse.confluenceUrl(fork.sites[0]!.cloudId)}/wiki/api/v2/pages/98305`,
          {
            headers: {
              authorization: `Basic ${Buffer.from(`${ada.email}:${ada.apiToken}`).toString('base64')}`,
            },
          },
        );
        expect(page.status).toBe(200);
        const refused = await gatehouse.fork('no-such-org').catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(GatehouseRequestError);
        expect((refused as GatehouseRequestError).status).toBe(404);
        await gatehouse.setEnforcement(fork.id, { default: 'soft' });
        await gatehouse.faults([{ api: 'gatehouse', path: '/healthz', times: 1, status: 503 }]);
        expect((await fetch(`${gatehouse.baseUrl}/healthz`)).status).toBe(503);
        await gatehouse.faults([]);
        expect((await gatehouse.decisionLog(fork.id)).results).toEqual([]);
      } finally {
        await gatehouse.close();
      }
      if (database) {
        // A given database keeps its state; the tenant's org found there is restored, not refused.
        const again = await startGatehouse(options);
        try {
          expect(again.orgs.map((o) => o.id)).toEqual([DEMO_ORG]);
          expect((await again.snapshot(forkId)).orgs[0]!.name).toBe('Renamed');
          await again.deleteOrg(forkId);
          await expect(again.snapshot(forkId)).rejects.toThrow(/404/);
        } finally {
          await again.close();
        }
      }
    } finally {
      await database?.drop();
    }
  });
});

describe('gatehouse/testing, the package', () => {
  it("G32 package.json exports 'gatehouse/testing' (compiled, with types) and the bin still works", async () => {
    const root = packageRoot();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
      bin: Record<string, string>;
    };
    expect(pkg.exports['./testing']).toEqual({
      types: './dist/src/testing/index.d.ts',
      default: './dist/src/testing/index.js',
    });
    for (const file of Object.values(pkg.exports['./testing']!))
      expect(existsSync(join(root, file)), file).toBe(true);
    const script = "import('gatehouse/testing').then((m) => console.log(typeof m.startGatehouse))";
    const resolved = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
    });
    expect(resolved.stdout.trim()).toBe('function');
    const version = await run(process.execPath, [join(root, pkg.bin.gatehouse!), '--version'], {
      cwd: root,
    });
    expect(version.stdout.trim()).toBe('0.1.0');
  });

  it('G33 the README holds the vitest example that readme-example.test.ts runs', () => {
    const root = packageRoot();
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = readFileSync(
      join(root, 'test', 'testing-features', 'readme-example.test.ts'),
      'utf8',
    );
    const body = example.slice(example.indexOf('\n') + 1).trim();
    expect(body).toContain("from 'gatehouse/testing'");
    expect(readme).toContain(`\`\`\`ts\n${body}\n\`\`\``);
  });

  it('G34 close() stops the server and removes its temporary database', async () => {
    const gatehouse = await startGatehouse({ tenant: demoTenant() });
    expect(existsSync(gatehouse.database)).toBe(true);
    await gatehouse.close();
    expect(existsSync(dirname(gatehouse.database))).toBe(false);
    await expect(fetch(`${gatehouse.baseUrl}/healthz`)).rejects.toThrow();
  });
});
