import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { importTenant } from './commands/import-tenant.js';
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
  // The logger exists once the app does; a connection lost before that is only counted by pg.
  let report: (error: unknown, during: string) => void = () => undefined;
  const storage = await openStorage(config.storage, {
    onConnectionError: (error) => report(error, 'connection'),
  });
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
    const index = await WorldIndex.load(storage);
    const app = await buildApp(config, { storage, index });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    report = outageReporter(app.log, (error) => storage.adapter.isUnavailable(error));
    const timer = setInterval(() => {
      index.sync().then(
        () => report(null, 'sync'),
        (error: unknown) => report(error, 'sync'),
      );
    }, config.syncIntervalMs);
    timer.unref();
    // PostgreSQL: other instances' commits wake this one at once; the timer stays as the fallback.
    const feed = await ChangeFeed.start(storage, index, {
      onError: (error, during) => report(error, during),
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

/**
 * While the database is away the sync timer, the change feed and the pool fail every second:
 * one warning when a kind of failure starts, one line when syncing works again (F9). A failure
 * that is not the database being away is a bug: logged with its stack, once per message.
 */
function outageReporter(
  log: FastifyBaseLogger,
  isUnavailable: (error: unknown) => boolean,
): (error: unknown, during: string) => void {
  const failing = new Set<string>();
  return (error, during) => {
    if (error === null) {
      if (failing.size > 0) log.info({ failed: [...failing] }, 'database reachable again');
      failing.clear();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const key = isUnavailable(error) ? during : `${during}: ${message}`;
    if (failing.has(key)) return;
    failing.add(key);
    if (isUnavailable(error)) log.warn({ during, cause: message }, 'database unavailable');
    else log.error({ err: error, during }, 'index sync failed');
  };
}
