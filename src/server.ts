import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { runStandalone } from './commands/command.js';
import { importTenant } from './commands/import-tenant.js';
import { setEnforcementOfAllOrgs } from './commands/orgs.js';
import type { Config } from './config.js';
import { ChangeFeed } from './index/change-feed.js';
import { WorldIndex } from './index/world-index.js';
import { demoTenantPath } from './paths.js';
import { listOrgIds } from './storage/repos/world.js';
import { describeTarget, openStorage, type Storage } from './storage/storage.js';
import { readTenantFile } from './tenant/parse.js';

export interface RunningServer {
  app: FastifyInstance;
  storage: Storage;
  index: WorldIndex;
  url: string;
  /** Tenant documents loaded at start (for the banner). */
  loaded: { source: string; loaded: boolean }[];
  close(): Promise<void>;
}

/**
 * Opens storage (applying migrations), loads the tenant files (or the demo tenant on an empty
 * database), builds the index and listens.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const storage = await openStorage(config.storage);
  try {
    const loaded: RunningServer['loaded'] = [];
    const sources = [...config.tenants];
    if (sources.length === 0 && config.loadDemo && (await listOrgIds(storage.db)).length === 0) {
      sources.push(demoTenantPath());
    }
    for (const source of sources) {
      const result = await importTenant(storage, await readTenantFile(source), source);
      loaded.push({ source, loaded: result.loaded });
    }
    // --enforcement: every org's modes, stored so that every instance decides alike (G21).
    if (config.enforcement !== null) {
      await runStandalone(storage, setEnforcementOfAllOrgs(config.enforcement));
    }
    const index = await WorldIndex.load(storage);
    const keyOrg = index.snapshot().orgForAdminKey(config.operatorKey);
    if (keyOrg !== undefined) {
      throw new Error(`the operator key is an Admin API key of org ${keyOrg}: choose another`);
    }
    const app = await buildApp(config, { storage, index });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const timer = setInterval(() => {
      index.sync().catch((error: unknown) => app.log.warn({ err: error }, 'index sync failed'));
    }, config.syncIntervalMs);
    timer.unref();
    // PostgreSQL: other instances' commits wake this one at once; the timer stays as the fallback.
    const feed = await ChangeFeed.start(storage, index, {
      onError: (error, during) => app.log.warn({ err: error, during }, 'change feed'),
    });
    app.log.info({ storage: describeTarget(config.storage), port }, 'listening');
    return {
      app,
      storage,
      index,
      url: `http://localhost:${port}`,
      loaded,
      async close() {
        clearInterval(timer);
        await feed.close();
        await app.close();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
