import { resolveConfig, type ConfigInput } from '../config.js';
import { startServer } from '../server.js';
import { describeTarget } from '../storage/storage.js';
import { startBanner } from './banner.js';

export async function runServe(flags: ConfigInput): Promise<void> {
  const config = resolveConfig(flags);
  const server = await startServer(config);
  for (const { source, loaded } of server.loaded) {
    process.stdout.write(`${loaded ? 'Loaded' : 'Already loaded'} tenant ${source}\n`);
  }
  process.stdout.write(
    `${startBanner(server.index, server.url, describeTarget(config.storage), config.operatorKeyGenerated ? config.operatorKey : null)}\n`,
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
