import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTenant } from '../../src/commands/export-tenant.js';
import { importTenant } from '../../src/commands/import-tenant.js';
import { TenantFileError } from '../../src/tenant/parse.js';
import type { TenantAuditEvent } from '../../src/tenant/schema.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../support/harness.js';
import { withoutLatestImport } from '../support/round-trip.js';
import { smallTenant } from '../support/small-tenant.js';

const event = (id: string, time: string, action = 'policy_created'): TenantAuditEvent => ({
  id,
  time,
  action,
  actor: {
    id: 'ari:cloud:identity::user/abc',
    name: 'Admin API key',
    auth: { authType: 'api-token' },
  },
  context: [{ id: 'p1', type: 'org-policy', attributes: { name: 'P', rules: ['export'] } }],
  container: [{ id: 'org-small', type: 'orgs', attributes: { name: 'Small' } }],
  location: { ip: '203.0.113.7' },
  message: 'Created the draft "P"',
});

describe.each(DIALECTS)('audit events in tenant files on %s', (dialect) => {
  let test: TestStorage;
  beforeEach(async () => {
    test = await openTestStorage(dialect);
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('T16 events load, replace the org log when listed, keep it when not, and round-trip', async () => {
    const file = smallTenant();
    file.orgs[0]!.events = [
      event('e1', '2026-01-01T00:00:00Z'),
      event('e2', '2026-01-01T00:00:00.000Z', 'some_future_action'),
      { ...event('e3', '2026-01-02T08:00:00.5+02:00'), container: undefined, location: undefined },
    ];
    await importTenant(test.storage, file, 'with events');
    const first = await exportTenant(test.storage);
    const events = first.orgs[0]!.events!;
    expect(events.map((e) => [e.id, e.time])).toEqual([
      ['e1', '2026-01-01T00:00:00.000Z'],
      ['e2', '2026-01-01T00:00:00.000Z'],
      ['e3', '2026-01-02T06:00:00.500Z'],
      [expect.any(String), expect.any(String)],
    ]);
    expect(events[0]).toEqual({ ...event('e1', '2026-01-01T00:00:00.000Z') });
    expect(events[2]).toMatchObject({ container: [] });
    expect(events[2]!.location).toBeUndefined();
    expect(events[3]!.action).toBe('tenant_imported');

    // export → import into an empty database → export: the same, plus that import's own event
    const other = await openTestStorage(dialect);
    try {
      await importTenant(other.storage, first, 'export');
      expect(withoutLatestImport(await exportTenant(other.storage))).toEqual(first);
    } finally {
      await other.dispose();
    }

    // a file without `events` keeps the log and adds its import
    const renamed = smallTenant();
    renamed.orgs[0]!.name = 'Small, renamed';
    await importTenant(test.storage, renamed, 'without events');
    const kept = (await exportTenant(test.storage)).orgs[0]!.events!;
    expect(kept.slice(0, 4)).toEqual(events);
    expect(kept).toHaveLength(5);
    // a file with `events` replaces it
    const replaced = smallTenant();
    replaced.orgs[0]!.events = [event('only', '2026-02-01T00:00:00.000Z')];
    await importTenant(test.storage, replaced, 'replacing');
    expect((await exportTenant(test.storage)).orgs[0]!.events!.map((e) => e.id)).toEqual([
      'only',
      expect.any(String),
    ]);
  });

  it('T16 bad events are reported by path and load nothing', async () => {
    const file = smallTenant();
    file.orgs[0]!.events = [
      event('dup', '2026-01-01T00:00:00Z'),
      event('dup', '2026-01-02T00:00:00Z'),
    ];
    const duplicate = await importTenant(test.storage, file, 'dup').catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(TenantFileError);
    expect((duplicate as TenantFileError).problems).toEqual([
      'orgs[0].events[1].id: duplicate event id "dup" (first at orgs[0].events[0].id)',
    ]);
    const broken = JSON.parse(JSON.stringify(smallTenant())) as Record<string, unknown>;
    const org = (broken.orgs as Record<string, unknown>[])[0]!;
    org.events = [{ ...event('x', 'yesterday'), context: [] }];
    const error = await importTenant(test.storage, broken, 'broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenantFileError);
    const problems = (error as TenantFileError).problems.join('\n');
    expect(problems).toContain('orgs[0].events[0].time');
    expect(problems).toContain('orgs[0].events[0].context');
    expect(await test.storage.db.selectFrom('audit_events').selectAll().execute()).toEqual([]);
  });
});
