import { Writable } from 'node:stream';
import { buildApp } from '../../src/app.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { resolveConfig } from '../../src/config.js';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import { WorldIndex } from '../../src/index/world-index.js';
import type { DialectName } from '../../src/storage/dialects/dialect.js';
import { demoTenant, openTestStorage, type TestStorage } from './harness.js';
import type { Known } from './openapi-fuzz.js';

/** The demo tenant's org, site and secrets, as the fuzz and chaos suites address them. */
export const ORG = 'c74e07d8-ddc2-4583-a8bc-5d5405a3907a';
export const CLOUD_ID = 'ee3c3183-3d6e-4077-8053-676d62c40929';
export const ADMIN_KEY = 'gh-demo-admin-key-0001';
export const ADA = '5b10ac8d82e05b22cc7d4ef5';
export const ADA_BASIC = `Basic ${Buffer.from('ada@acme.test:ada-token').toString('base64')}`;

/** Every credential of the demo tenant: none may ever appear in an answer or a log line. */
export function demoSecrets(): string[] {
  const org = demoTenant().orgs[0]!;
  return [
    ...(org.adminApiKeys ?? []),
    ...(org.users ?? []).flatMap((u) => (u.apiToken ? [u.apiToken] : [])),
    ...(org.apps ?? []).flatMap((a) => (a.token ? [a.token] : [])),
  ];
}

/** The good values a malformed request keeps, so that it reaches the check it is aimed at. */
export const DEMO_KNOWN: Known = {
  param(path, name) {
    switch (name) {
      case 'orgId':
        return ORG;
      case 'policyId':
        return '{{policyId}}';
      case 'attachmentId':
        return 'att10001';
      case 'operationKey':
        return 'read';
      case 'groupName':
        return 'engineering';
      case 'groupId':
        return '6a8bc3a2-1f4e-4d0a-9b7c-2e5d8f1a3b01';
      case 'linkId':
        return 'pl-7f3c1d2a';
      case 'id':
        if (path.includes('/spaces/')) return '10005';
        if (path.includes('/attachments/')) return 'att10001';
        if (path.includes('/blogposts/')) return '98310';
        return '98306';
      default:
        return 'x';
    }
  },
  authorization(path) {
    if (path.startsWith('/admin/') || path.startsWith('/gatehouse/')) return `Bearer ${ADMIN_KEY}`;
    if (path.startsWith('/wiki/api/v2/data-policies')) return 'Bearer exporter-app-token';
    if (path.startsWith('/wiki/')) return ADA_BASIC;
    return undefined;
  },
  property(name) {
    switch (name) {
      case 'accountId':
      case 'identifier':
        return ADA;
      case 'policyId':
        return '{{policyId}}';
      case 'id':
        return '28a6d272-0d95-4a81-baea-a0660f490afc';
      case 'ruleName':
        return 'export';
      case 'resourceAri':
        return `ari:cloud:confluence::site/${CLOUD_ID}`;
      default:
        return undefined;
    }
  },
  gateways: [
    '',
    '',
    `/ex/confluence/${CLOUD_ID}`,
    '/ex/confluence/nope',
    '/ex/confluence/%E0%A4%A',
    '/ex/confluence/%00',
    '/ex/confluence/%',
    `/ex/jira/${CLOUD_ID}`,
    `/ex/confluence/${'x'.repeat(300)}`,
  ],
  hosts: [
    'localhost:80',
    'acme.localhost',
    'ACME.LOCALHOST:8080',
    'unknown.localhost',
    '',
    '[::1]:8080',
    `${'a'.repeat(300)}.localhost`,
    'acme.localhost.',
    '127.0.0.1:99999',
    'xn--80ak6aa92e.localhost',
  ],
};

export interface FuzzTarget extends TestStorage {
  dialect: DialectName;
  app: FastifyTypebox;
  /** Every log line the app wrote. */
  logs: string[];
  /** Values substituted into `{{name}}` placeholders of generated requests. */
  fill: Record<string, string>;
  /** The loopback port it listens on, for what only a raw socket can send. */
  port: number;
  close(): Promise<void>;
}

/** The demo tenant, an ORG export draft to aim policy requests at, and every log line kept. */
export async function startFuzzTarget(dialect: DialectName): Promise<FuzzTarget> {
  const test = await openTestStorage(dialect);
  await importTenant(test.storage, demoTenant(), 'demo');
  const index = await WorldIndex.load(test.storage);
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const config = resolveConfig({ logLevel: 'info' }, {});
  const app = await buildApp(
    config,
    { storage: test.storage, index },
    { logger: { level: 'info', stream } },
  );
  await app.ready();
  const draft = await app.inject({
    method: 'POST',
    url: `/admin/control/v2/orgs/${ORG}/policies`,
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    payload: {
      data: {
        type: 'policy',
        attributes: {
          type: 'data-security',
          name: 'fuzz target',
          metadata: { policyCoverageLevel: 'ORG' },
          rule: { export: { effect: 'block' } },
        },
      },
    },
  });
  if (draft.statusCode !== 202) throw new Error(`draft: ${draft.statusCode} ${draft.body}`);
  const policyId = (draft.json() as { data: { id: string } }).data.id;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    ...test,
    dialect,
    app,
    logs,
    fill: { policyId },
    async close() {
      await app.close();
      await test.dispose();
    },
  };
}

/** `{{policyId}}` → this target's policy id, in a URL, a header or a body. */
export function fillIn<T extends string | Buffer | undefined>(
  value: T,
  fill: Record<string, string>,
): T {
  if (typeof value !== 'string') return value;
  return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => fill[name] ?? whole) as T;
}
