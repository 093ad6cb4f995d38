import { resolveConfig, type ConfigInput } from '../config.js';
import { startServer } from '../server.js';
import { describeTarget } from '../storage/storage.js';
import { listeningLine, operatorKeyLine, readyBanner } from './banner.js';
import { installProcessGuards } from './process-guards.js';

export async function runServe(flags: ConfigInput): Promise<void> {
  const config = resolveConfig(flags);
  const server = await startServer(config);
  installProcessGuards(server.app.log);
  for (const { source, loaded } of server.loaded) {
    process.stdout.write(`${loaded ? 'Loaded' : 'Already loaded'} tenant ${source}\n`);
  }
  // Listening already: /healthz answers, /readyz reports the load's progress until it is done.
  process.stdout.write(
    `${listeningLine(server.url, describeTarget(config.storage))}\n` +
      (config.operatorKeyGenerated ? `${operatorKeyLine(config.operatorKey)}\n` : '') +
      'Index:           loading (GET /readyz reports progress)\n',
  );
  const started = performance.now();
  server.ready.then(
    () =>
      process.stdout.write(
        `${readyBanner(server.index, server.url, performance.now() - started)}\n`,
      ),
    (error: unknown) => {
      process.stderr.write(`gatehouse: the index could not be loaded: ${String(error)}\n`);
      process.exit(1);
    },
  );
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
