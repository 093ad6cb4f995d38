import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type ConfigInput } from '../config.js';
import type { FaultRuleInput } from '../http/faults/rules.js';
import type { OrgAccess } from '../http/schemas/orgs.js';
import { startServer } from '../server.js';
import type { TenantFile } from '../tenant/schema.js';

export type { FaultRuleInput, OrgAccess, TenantFile };

/**
 * `import { startGatehouse } from 'gatehouse/testing'` (docs/testing-features.md G31…): a
 * Gatehouse server in the test's own process, on a free port, for a test suite to create, fork,
 * snapshot and restore orgs, inject faults and read the decision log over HTTP.
 */
export interface StartGatehouseOptions {
  /** A tenant document (docs/tenant-file.md); each of its orgs is created (or restored). */
  tenant?: unknown;
  /** A PostgreSQL URL; by default a SQLite database in a temporary directory. */
  databaseUrl?: string;
  /** The operator key; generated when not given. */
  operatorKey?: string;
  /** `--enforcement`, e.g. `soft` or `export=soft,restrictions=off`. */
  enforcement?: string;
  /** `--rate-limit`: `off` (default) or `atlassian`. */
  rateLimit?: 'off' | 'atlassian';
  /** `--decision-log-size` (default 1000). */
  decisionLogSize?: number;
  /** pino level (default `silent`). */
  logLevel?: string;
}

export interface DecisionLogPage {
  results: {
    time: string;
    caller: Record<string, unknown>;
    method: string;
    path: string;
    action: string;
    resource: { type: string; id: string };
    decision: 'deny' | 'soft-deny';
    reasons: { rule: string; text: string; policyId?: string }[];
  }[];
  _links: { next?: string };
}

export interface EnforcementModesInput {
  default?: 'enforce' | 'soft' | 'off';
  rules?: Partial<
    Record<
      | 'export'
      | 'publicLinks'
      | 'anonymousAccess'
      | 'appAccess'
      | 'attachmentDownload'
      | 'restrictions',
      'enforce' | 'soft' | 'off'
    >
  >;
}

export interface Gatehouse {
  /** `http://127.0.0.1:{port}` */
  readonly baseUrl: string;
  readonly operatorKey: string;
  /** Where the state is: the SQLite file (in a temporary directory) or the database URL given. */
  readonly database: string;
  /** The orgs of the tenant, as `POST /gatehouse/v1/orgs` answers them. */
  readonly orgs: readonly OrgAccess[];
  /** A copy of the org under a fresh id, site names, cloudIds, keys and tokens. */
  fork(orgId: string): Promise<OrgAccess>;
  /** The org as a tenant document. */
  snapshot(orgId: string): Promise<TenantFile>;
  /** Replaces the org's whole state with a document for it. */
  restore(orgId: string, document: unknown): Promise<OrgAccess>;
  /** Creates an org from a tenant document for one org. */
  createOrg(document: unknown): Promise<OrgAccess>;
  deleteOrg(orgId: string): Promise<void>;
  /** Replaces the fault rules (`PUT /gatehouse/v1/faults`); an empty list clears them. */
  faults(rules: readonly FaultRuleInput[]): Promise<void>;
  /** One page of the org's decision log, newest first. */
  decisionLog(
    orgId: string,
    options?: { limit?: number; cursor?: string },
  ): Promise<DecisionLogPage>;
  /** Sets the org's enforcement modes. */
  setEnforcement(orgId: string, modes: EnforcementModesInput): Promise<void>;
  /** The Confluence base URL of a site through the gateway form (`…/ex/confluence/{cloudId}`). */
  confluenceUrl(cloudId: string): string;
  /** Stops the server and removes its temporary database. */
  close(): Promise<void>;
}

export class GatehouseRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
    this.name = 'GatehouseRequestError';
  }
}

export async function startGatehouse(options: StartGatehouseOptions = {}): Promise<Gatehouse> {
  const dir =
    options.databaseUrl === undefined ? mkdtempSync(join(tmpdir(), 'gatehouse-testing-')) : null;
  const flags: ConfigInput = {
    port: '0',
    host: '127.0.0.1',
    demo: false,
    logLevel: options.logLevel ?? 'silent',
    ...(dir !== null ? { db: join(dir, 'gatehouse.db') } : { databaseUrl: options.databaseUrl }),
    ...(options.operatorKey !== undefined ? { operatorKey: options.operatorKey } : {}),
    ...(options.enforcement !== undefined ? { enforcement: options.enforcement } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.decisionLogSize !== undefined
      ? { decisionLogSize: String(options.decisionLogSize) }
      : {}),
  };
  let server: Awaited<ReturnType<typeof startServer>>;
  let operatorKey: string;
  try {
    const config = resolveConfig(flags, {});
    operatorKey = config.operatorKey;
    server = await startServer(config);
  } catch (error) {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  try {
    await server.ready;
  } catch (error) {
    await server.close();
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  async function call<T>(
    method: string,
    path: string,
    expected: number,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${operatorKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (response.status !== expected) {
      throw new GatehouseRequestError(response.status, parsed, `${method} ${path}`);
    }
    return parsed as T;
  }
  const org = (orgId: string) => `/gatehouse/v1/orgs/${encodeURIComponent(orgId)}`;

  const gatehouse: Gatehouse = {
    baseUrl,
    operatorKey,
    database: dir !== null ? join(dir, 'gatehouse.db') : (options.databaseUrl ?? ''),
    orgs: [],
    fork: (orgId) => call<OrgAccess>('POST', `${org(orgId)}/fork`, 201),
    snapshot: (orgId) => call<TenantFile>('GET', `${org(orgId)}/snapshot`, 200),
    restore: (orgId, document) => call<OrgAccess>('PUT', `${org(orgId)}/snapshot`, 200, document),
    createOrg: (document) => call<OrgAccess>('POST', '/gatehouse/v1/orgs', 201, document),
    deleteOrg: async (orgId) => {
      await call('DELETE', org(orgId), 204);
    },
    faults: async (rules) => {
      if (rules.length === 0) await call('DELETE', '/gatehouse/v1/faults', 204);
      else await call('PUT', '/gatehouse/v1/faults', 200, { rules });
    },
    decisionLog: (orgId, page = {}) => {
      const query = new URLSearchParams();
      if (page.limit !== undefined) query.set('limit', String(page.limit));
      if (page.cursor !== undefined) query.set('cursor', page.cursor);
      const q = query.size > 0 ? `?${query.toString()}` : '';
      return call<DecisionLogPage>('GET', `${org(orgId)}/decision-log${q}`, 200);
    },
    setEnforcement: async (orgId, modes) => {
      await call('PUT', `${org(orgId)}/enforcement`, 200, modes);
    },
    confluenceUrl: (cloudId) => `${baseUrl}/ex/confluence/${encodeURIComponent(cloudId)}`,
    async close() {
      await server.close();
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    const orgs: OrgAccess[] = [];
    const tenant = options.tenant as { orgs?: unknown[] } | undefined;
    for (const entry of tenant?.orgs ?? []) {
      const document = { orgs: [entry] };
      try {
        orgs.push(await gatehouse.createOrg(document));
      } catch (error) {
        // A given database may hold the org already: its state becomes the document's.
        const id = (entry as { id?: unknown }).id;
        if (!(error instanceof GatehouseRequestError) || errorCode(error.body) !== 'ORG_EXISTS')
          throw error;
        if (typeof id !== 'string') throw error;
        orgs.push(await gatehouse.restore(id, document));
      }
    }
    return { ...gatehouse, orgs };
  } catch (error) {
    await gatehouse.close();
    throw error;
  }
}

/** The catalogue code of a Gatehouse error body (`{"errors":[{"code"}]}`). */
function errorCode(body: unknown): string | undefined {
  const errors = (body as { errors?: { code?: unknown }[] } | undefined)?.errors;
  const code = Array.isArray(errors) ? errors[0]?.code : undefined;
  return typeof code === 'string' ? code : undefined;
}
