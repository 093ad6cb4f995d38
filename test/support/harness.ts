import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { resolveConfig, type Config, type ConfigInput } from '../../src/config.js';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { demoTenantPath } from '../../src/paths.js';
import type { DialectName } from '../../src/storage/dialects/dialect.js';
import { openStorage, type Storage, type StorageTarget } from '../../src/storage/storage.js';
import type { TenantFile } from '../../src/tenant/schema.js';
import { testDialects } from './dialects.js';
import { watchDocumentedStatuses } from './documented-statuses.js';
import { createTestDatabase } from './postgres-cluster.js';

/**
 * Every storage and route test runs on both real dialects (no mocks); `GATEHOUSE_TEST_DIALECTS`
 * (a comma list, default `sqlite,postgres`) narrows them.
 */
export const DIALECTS: readonly DialectName[] = testDialects(process.env.GATEHOUSE_TEST_DIALECTS);

export interface TestStorage {
  storage: Storage;
  target: StorageTarget;
  /** Closes the storage and removes the database. */
  dispose(): Promise<void>;
}

/** A fresh, empty, migrated database of that dialect. */
export async function openTestStorage(dialect: DialectName): Promise<TestStorage> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
    const target: StorageTarget = { kind: 'sqlite', file: join(dir, 'test.db') };
    const storage = await openStorage(target);
    return {
      storage,
      target,
      async dispose() {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = inject('postgresUrl');
  if (!url) {
    throw new Error('PostgreSQL is not among GATEHOUSE_TEST_DIALECTS; no cluster was started');
  }
  const database = await createTestDatabase(url);
  const target: StorageTarget = { kind: 'postgres', url: database.url };
  const storage = await openStorage(target);
  return {
    storage,
    target,
    async dispose() {
      await storage.close();
      await database.drop();
    },
  };
}

/** A deep copy of demo/tenant.json, free to modify. */
export function demoTenant(): TenantFile {
  return JSON.parse(readFileSync(demoTenantPath(), 'utf8')) as TenantFile;
}

export interface TestApp extends TestStorage {
  app: FastifyTypebox;
  index: WorldIndex;
  config: Config;
  close(): Promise<void>;
}

/** An app (not listening; use `app.inject`) over a fresh database holding `tenant`. */
export async function startTestApp(
  dialect: DialectName,
  tenant: unknown = demoTenant(),
  flags: ConfigInput = {},
): Promise<TestApp> {
  const test = await openTestStorage(dialect);
  if (tenant !== null) await importTenant(test.storage, tenant, 'test tenant');
  const index = await WorldIndex.load(test.storage);
  const config = resolveConfig({ logLevel: 'silent', ...flags }, {});
  const watch = watchDocumentedStatuses();
  const app = await buildApp(
    config,
    { storage: test.storage, index },
    { logger: false, onResponse: watch.onResponse },
  );
  await app.ready();
  return {
    ...test,
    app,
    index,
    config,
    async close() {
      await app.close();
      await test.dispose();
      const problems = watch.problems();
      if (problems.length > 0) {
        throw new Error(`answers the OpenAPI document does not list:\n${problems.join('\n')}`);
      }
    },
  };
}

/** Same, listening on a free loopback port: for end-to-end tests over a real socket. */
export async function listenTestApp(
  dialect: DialectName,
  tenant: unknown = demoTenant(),
  flags: ConfigInput = {},
): Promise<TestApp & { url: string }> {
  const test = await startTestApp(dialect, tenant, flags);
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const address = test.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { ...test, url: `http://127.0.0.1:${port}` };
}

export function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}
