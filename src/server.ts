import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { runStandalone } from './commands/command.js';
import { importTenantFile } from './commands/import-tenant-file.js';
import { setEnforcementOfAllOrgs } from './commands/orgs.js';
import type { Config } from './config.js';
import { ChangeFeed } from './index/change-feed.js';
import { WorldIndex } from './index/world-index.js';
import { demoTenantPath } from './paths.js';
import { orgOfAdminKey } from './storage/repos/orgs.js';
import { listOrgIds } from './storage/repos/world.js';
import { describeTarget, openStorage, type Storage } from './storage/storage.js';

export interface RunningServer {
  app: FastifyInstance;
  storage: Storage;
  index: WorldIndex;
  url: string;
  /** Tenant documents loaded at start (for the banner). */
  loaded: { source: string; loaded: boolean }[];
  /** Settles once the index is loaded (the server listens before: `/readyz` tells progress). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens storage (applying migrations), loads the tenant files (or the demo tenant on an empty
 * database), listens, and loads the index while `/healthz` answers and `/readyz` reports progress
 * (requests to the APIs get 503 with Retry-After until it is ready).
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
      const result = await importTenantFile(storage, source);
      loaded.push({ source, loaded: result.loaded });
    }
    // --enforcement: every org's modes, stored so that every instance decides alike (G21).
    if (config.enforcement !== null) {
      await runStandalone(storage, setEnforcementOfAllOrgs(config.enforcement));
    }
    const keyOrg = await orgOfAdminKey(storage.db, config.operatorKey);
    if (keyOrg !== undefined) {
      throw new Error(`the operator key is an Admin API key of org ${keyOrg}: choose another`);
    }
    const index = WorldIndex.create(storage);
    const app = await buildApp(config, { storage, index }, { logger: serverLogger(config) });
    await listenOrExplain(app, config);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = baseUrl(config.host, port);
    app.log.info({ storage: describeTarget(config.storage), url }, 'listening');
    report = outageReporter(app.log, (error) => storage.adapter.isUnavailable(error));
    let timer: NodeJS.Timeout | null = null;
    let feed: ChangeFeed | null = null;
    let closed = false;
    const ready = (async () => {
      const started = performance.now();
      await index.rebuild();
      app.log.info({ ms: Math.round(performance.now() - started) }, 'index ready');
      if (closed) return;
      timer = setInterval(() => {
        index.sync().then(
          () => report(null, 'sync'),
          (error: unknown) => report(error, 'sync'),
        );
      }, config.syncIntervalMs);
      timer.unref();
      // PostgreSQL: other instances' commits wake this one at once; the timer stays as the fallback.
      feed = await ChangeFeed.start(storage, index, {
        onError: (error, during) => report(error, during),
      });
    })();
    ready.catch(() => undefined);
    return {
      app,
      storage,
      index,
      url,
      loaded,
      ready,
      async close() {
        closed = true;
        await ready.catch(() => undefined);
        if (timer) clearInterval(timer);
        await feed?.close();
        await app.close();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** Where a person reaches the server: localhost when it listens on every interface. */
export function baseUrl(host: string, port: number): string {
  if (WILDCARD_HOSTS.has(host)) return `http://localhost:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * pino at the configured level, without Fastify's "Server listening at …" lines: on 0.0.0.0 they
 * name every address of the machine. The one `listening` line says `baseUrl` instead.
 */
function serverLogger(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    hooks: {
      logMethod(args, method) {
        if (typeof args[0] === 'string' && args[0].startsWith('Server listening at ')) return;
        method.apply(this, args);
      },
    },
  };
}

/** A port in use is one line that names it and the way out, not a stack of EADDRINUSE. */
async function listenOrExplain(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      await app.close();
      throw new Error(
        `port ${config.port} is already in use; start on another port with PORT=8081 npm start, or --port 8081`,
      );
    }
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
