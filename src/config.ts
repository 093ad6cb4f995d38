import { randomBytes } from 'node:crypto';
import {
  parseEnforcementSpec,
  type EnforcementModes,
} from './domain/decision/enforcement-modes.js';
import type { StorageTarget } from './storage/storage.js';

/** Everything the server needs, parsed once from flags and environment, then frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly storage: StorageTarget;
  readonly tenants: readonly string[];
  /** Load demo/tenant.json when the database holds no org and no --tenant is given. */
  readonly loadDemo: boolean;
  readonly defaultSite: string | null;
  readonly logLevel: string;
  readonly bodyLimit: number;
  /** How often the index looks for writes made by other processes. */
  readonly syncIntervalMs: number;
  /** How long an added policy resource stays `pending` before it is `applied` (semantics §8.3). */
  readonly propagationDelayMs: number;
  /** Slow and idle clients are cut after these (docs/reliability.md F12). */
  readonly timeouts: Timeouts;
  /** The key of Gatehouse's operator endpoints (orgs, fork, snapshot, reset, faults). */
  readonly operatorKey: string;
  /** True when no key was given and `operatorKey` was generated (the banner prints it). */
  readonly operatorKeyGenerated: boolean;
  /** `--enforcement`: modes stored for every org at start and given to new orgs; null: none. */
  readonly enforcement: EnforcementModes | null;
  /** Entries the decision log keeps per org (a ring buffer); 0 turns it off. */
  readonly decisionLogSize: number;
  /** `--rate-limit atlassian`: 429s shaped like Atlassian's limits; off by default. */
  readonly rateLimit: 'off' | 'atlassian';
}

export interface Timeouts {
  /** From the connection's first byte to the end of the headers. */
  readonly headersMs: number;
  /** From the first byte to the end of the body: a body sent a byte a second ends here. */
  readonly requestMs: number;
  /** A socket with no traffic at all (mid-request or between requests) is closed. */
  readonly idleMs: number;
  /** How long a kept-alive socket waits for the next request. */
  readonly keepAliveMs: number;
}

export interface ConfigInput {
  port?: string;
  host?: string;
  db?: string;
  databaseUrl?: string;
  tenant?: string[];
  demo?: boolean;
  defaultSite?: string;
  logLevel?: string;
  bodyLimit?: string;
  sqliteSynchronous?: string;
  syncInterval?: string;
  propagationDelay?: string;
  headersTimeout?: string;
  requestTimeout?: string;
  idleTimeout?: string;
  keepAliveTimeout?: string;
  operatorKey?: string;
  enforcement?: string;
  rateLimit?: string;
  decisionLogSize?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export const DEFAULT_DB_FILE = './data/gatehouse.db';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Flags win over environment variables (PORT, HOST, GATEHOUSE_DB, DATABASE_URL, …). */
export function resolveConfig(input: ConfigInput, env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const integer = (
    raw: string | undefined,
    fallback: number,
    name: string,
    min: number,
    max: number,
  ) => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}: expected an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const port = integer(input.port ?? env.PORT, 8080, '--port/PORT', 0, 65535);
  const bodyLimit = integer(
    input.bodyLimit ?? env.GATEHOUSE_BODY_LIMIT,
    1024 * 1024,
    '--body-limit/GATEHOUSE_BODY_LIMIT',
    1024,
    100 * 1024 * 1024,
  );
  const syncIntervalMs = integer(
    input.syncInterval ?? env.GATEHOUSE_SYNC_INTERVAL_MS,
    1000,
    '--sync-interval/GATEHOUSE_SYNC_INTERVAL_MS',
    10,
    3_600_000,
  );
  const propagationDelayMs = integer(
    input.propagationDelay ?? env.GATEHOUSE_PROPAGATION_DELAY_MS,
    0,
    '--propagation-delay/GATEHOUSE_PROPAGATION_DELAY_MS',
    0,
    3_600_000,
  );
  const timeout = (raw: string | undefined, fallback: number, name: string) =>
    integer(raw, fallback, name, 100, 3_600_000);
  const timeouts = Object.freeze({
    headersMs: timeout(
      input.headersTimeout ?? env.GATEHOUSE_HEADERS_TIMEOUT_MS,
      10_000,
      'GATEHOUSE_HEADERS_TIMEOUT_MS',
    ),
    requestMs: timeout(
      input.requestTimeout ?? env.GATEHOUSE_REQUEST_TIMEOUT_MS,
      30_000,
      'GATEHOUSE_REQUEST_TIMEOUT_MS',
    ),
    idleMs: timeout(
      input.idleTimeout ?? env.GATEHOUSE_IDLE_TIMEOUT_MS,
      30_000,
      'GATEHOUSE_IDLE_TIMEOUT_MS',
    ),
    keepAliveMs: timeout(
      input.keepAliveTimeout ?? env.GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS,
      5_000,
      'GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS',
    ),
  });
  if (timeouts.headersMs > timeouts.requestMs) {
    problems.push(
      'GATEHOUSE_HEADERS_TIMEOUT_MS must not exceed GATEHOUSE_REQUEST_TIMEOUT_MS (a slow body would never be cut)',
    );
  }
  const logLevel = input.logLevel ?? env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(
      `--log-level/LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  const synchronous = (
    input.sqliteSynchronous ??
    env.GATEHOUSE_SQLITE_SYNCHRONOUS ??
    'FULL'
  ).toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    problems.push(`--sqlite-synchronous: expected FULL or NORMAL, got "${synchronous}"`);
  }
  const databaseUrl = input.databaseUrl ?? (input.db === undefined ? env.DATABASE_URL : undefined);
  const dbFile = input.db ?? env.GATEHOUSE_DB ?? DEFAULT_DB_FILE;
  if (input.db !== undefined && input.databaseUrl !== undefined) {
    problems.push('--db and --database-url: give one or the other');
  }
  let storage: StorageTarget = {
    kind: 'sqlite',
    file: dbFile,
    synchronous: synchronous === 'NORMAL' ? 'NORMAL' : 'FULL',
  };
  if (databaseUrl !== undefined && databaseUrl !== '') {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      problems.push('--database-url/DATABASE_URL: expected postgres://user@host:port/database');
    }
    storage = { kind: 'postgres', url: databaseUrl };
  }
  const tenants = input.tenant ?? (env.GATEHOUSE_TENANT ? env.GATEHOUSE_TENANT.split(',') : []);
  const givenKey = input.operatorKey ?? env.GATEHOUSE_OPERATOR_KEY;
  if (givenKey !== undefined && givenKey !== '' && !/^[\x21-\x7e]{16,1024}$/.test(givenKey)) {
    problems.push(
      '--operator-key/GATEHOUSE_OPERATOR_KEY: expected 16 to 1024 printable characters without spaces',
    );
  }
  const operatorKeyGenerated = givenKey === undefined || givenKey === '';
  const operatorKey = operatorKeyGenerated
    ? `gh-operator-${randomBytes(24).toString('base64url')}`
    : givenKey;
  const enforcementSpec = input.enforcement ?? env.GATEHOUSE_ENFORCEMENT;
  let enforcement: EnforcementModes | null = null;
  if (enforcementSpec !== undefined && enforcementSpec !== '') {
    const parsed = parseEnforcementSpec(enforcementSpec);
    if ('problems' in parsed) {
      problems.push(`--enforcement/GATEHOUSE_ENFORCEMENT: ${parsed.problems.join('; ')}`);
    } else enforcement = parsed;
  }
  const rateLimit = input.rateLimit ?? env.GATEHOUSE_RATE_LIMIT ?? 'off';
  if (rateLimit !== 'off' && rateLimit !== 'atlassian') {
    problems.push(
      `--rate-limit/GATEHOUSE_RATE_LIMIT: expected off or atlassian, got "${rateLimit}"`,
    );
  }
  const decisionLogSize = integer(
    input.decisionLogSize ?? env.GATEHOUSE_DECISION_LOG_SIZE,
    1000,
    '--decision-log-size/GATEHOUSE_DECISION_LOG_SIZE',
    0,
    1_000_000,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port,
    host: input.host ?? env.HOST ?? '0.0.0.0',
    storage: Object.freeze(storage),
    tenants: Object.freeze([...tenants]),
    // commander always sets `demo` (true unless --no-demo), so only `false` is a choice made by flag.
    loadDemo: input.demo === false ? false : env.GATEHOUSE_DEMO !== 'false',
    defaultSite: input.defaultSite ?? env.GATEHOUSE_DEFAULT_SITE ?? null,
    logLevel,
    bodyLimit,
    syncIntervalMs,
    propagationDelayMs,
    timeouts,
    operatorKey,
    operatorKeyGenerated,
    enforcement,
    decisionLogSize,
    rateLimit: rateLimit === 'atlassian' ? 'atlassian' : 'off',
  });
}
