import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { ConfigError, resolveConfig, type ConfigInput } from '../../src/config.js';

/** The flags commander hands to `serve`, exactly as it parses them. */
async function serveFlags(args: string[]): Promise<ConfigInput> {
  const program = buildProgram();
  let flags: ConfigInput = {};
  program.commands
    .find((c) => c.name() === 'serve')!
    .action((parsed: ConfigInput) => {
      flags = parsed;
    });
  await program.parseAsync(['serve', ...args], { from: 'user' });
  return flags;
}

describe('configuration: flags and environment', () => {
  it('GATEHOUSE_DEMO=false turns the demo off even though commander always sets "demo"', async () => {
    expect(resolveConfig(await serveFlags([]), {}).loadDemo).toBe(true);
    expect(resolveConfig(await serveFlags([]), { GATEHOUSE_DEMO: 'false' }).loadDemo).toBe(false);
    expect(resolveConfig(await serveFlags(['--no-demo']), {}).loadDemo).toBe(false);
  });

  it('flags win over environment variables, which win over defaults', async () => {
    const env = {
      PORT: '9000',
      HOST: '127.0.0.1',
      GATEHOUSE_DB: '/tmp/x.db',
      GATEHOUSE_TENANT: 'a.json,b.yaml',
      GATEHOUSE_DEFAULT_SITE: 'acme',
      LOG_LEVEL: 'warn',
      GATEHOUSE_BODY_LIMIT: '2048',
      GATEHOUSE_SYNC_INTERVAL_MS: '250',
      GATEHOUSE_PROPAGATION_DELAY_MS: '1500',
      GATEHOUSE_SQLITE_SYNCHRONOUS: 'normal',
    };
    const fromEnv = resolveConfig(await serveFlags([]), env);
    expect(fromEnv).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      storage: { kind: 'sqlite', file: '/tmp/x.db', synchronous: 'NORMAL' },
      tenants: ['a.json', 'b.yaml'],
      defaultSite: 'acme',
      logLevel: 'warn',
      bodyLimit: 2048,
      syncIntervalMs: 250,
      propagationDelayMs: 1500,
    });
    const fromFlags = resolveConfig(
      await serveFlags(['--port', '9100', '--propagation-delay', '20', '--tenant', 'c.json']),
      env,
    );
    expect(fromFlags).toMatchObject({ port: 9100, propagationDelayMs: 20, tenants: ['c.json'] });
    expect(resolveConfig({}, {})).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      storage: { kind: 'sqlite', file: './data/gatehouse.db', synchronous: 'FULL' },
      propagationDelayMs: 0,
      loadDemo: true,
    });
    expect(resolveConfig({}, { DATABASE_URL: 'postgres://u@h:5432/d' }).storage.kind).toBe(
      'postgres',
    );
  });

  it('lists every bad value at once', () => {
    try {
      resolveConfig(
        { port: 'eighty', propagationDelay: '-1', logLevel: 'loud', db: 'a', databaseUrl: 'b' },
        {},
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(5);
      expect(problems.join('\n')).toMatch(/--port.*--propagation-delay.*--log-level/s);
    }
  });
});
