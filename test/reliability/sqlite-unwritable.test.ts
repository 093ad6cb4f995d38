import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestRevision } from '../../src/storage/repos/change-log.js';
import { errorFormatMismatch } from '../support/error-formats.js';
import { ADA, ADA_BASIC, ADMIN_KEY, ORG } from '../support/fuzz-target.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { stateDigest } from '../support/state-digest.js';

const RESTRICTION = '/wiki/rest/api/content/98306/restriction';
const POLICIES = `/admin/control/v2/orgs/${ORG}/policies`;

function draft(name: string) {
  return {
    data: {
      type: 'policy',
      attributes: {
        type: 'data-security',
        name,
        metadata: { policyCoverageLevel: 'ORG', description: 'd'.repeat(1000) },
        rule: { export: { effect: 'block' } },
      },
    },
  };
}

/**
 * Tests run as root, which file modes do not stop, and cannot fill a real disk: the file is made
 * read-only and full the way SQLite itself reports it — `query_only` answers SQLITE_READONLY,
 * `max_page_count` at the current size answers SQLITE_FULL — through the same connection.
 */
describe('a SQLite file that stops taking writes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp('sqlite');
  });
  afterEach(async () => {
    await t.close();
  });

  const restrict = () =>
    t.app.inject({
      method: 'PUT',
      url: RESTRICTION,
      headers: { authorization: ADA_BASIC },
      payload: [{ operation: 'read', restrictions: { user: [{ accountId: ADA }] } }],
    });
  const check = () =>
    t.app.inject({
      method: 'POST',
      url: `/gatehouse/v1/orgs/${ORG}/check`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: {
        subject: { type: 'user', accountId: ADA },
        action: 'read',
        resource: { type: 'page', id: '98306' },
      },
    });

  it('F11 a read-only file: writes answer 503 with Retry-After in the API format and write nothing; reads keep answering; writes work once it is writable again', async () => {
    const before = await stateDigest(t.storage.db, 'sqlite');
    await sql`pragma query_only = on`.execute(t.storage.db);
    const refused = await restrict();
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(errorFormatMismatch('confluence-v1', 503, refused.json())).toBeNull();
    const admin = await t.app.inject({
      method: 'POST',
      url: POLICIES,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: draft('read-only'),
    });
    expect(admin.statusCode, admin.body).toBe(503);
    expect(errorFormatMismatch('admin', 503, admin.json())).toBeNull();
    expect(
      (await t.app.inject({ url: RESTRICTION, headers: { authorization: ADA_BASIC } })).statusCode,
    ).toBe(200);
    expect((await check()).statusCode).toBe(200);
    await sql`pragma query_only = off`.execute(t.storage.db);
    expect(await stateDigest(t.storage.db, 'sqlite')).toBe(before);
    expect((await restrict()).statusCode).toBe(200);
  });

  it('F11 a full disk: the write that does not fit answers 503 and writes nothing; the next one after space is freed succeeds', async () => {
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(t.storage.db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(t.storage.db);
    let full: Awaited<ReturnType<typeof restrict>> | undefined;
    let revision = await latestRevision(t.storage.db);
    let digest = await stateDigest(t.storage.db, 'sqlite');
    for (let i = 0; i < 200 && !full; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: POLICIES,
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        payload: draft(`fill ${i}`),
      });
      if (res.statusCode === 503) full = res;
      else {
        // Each accepted draft needs a new ORG rule slot: delete it again so the next fits. Every
        // write also adds to the audit log, so the delete itself may be the write that does not fit.
        expect(res.statusCode, res.body).toBe(202);
        revision = await latestRevision(t.storage.db);
        digest = await stateDigest(t.storage.db, 'sqlite');
        const id = (res.json() as { data: { id: string } }).data.id;
        const deleted = await t.app.inject({
          method: 'DELETE',
          url: `/admin/control/v1/orgs/${ORG}/policies/${id}`,
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        });
        if (deleted.statusCode === 503) {
          full = deleted;
          break;
        }
        expect(deleted.statusCode, deleted.body).toBeLessThan(300);
        revision = await latestRevision(t.storage.db);
        digest = await stateDigest(t.storage.db, 'sqlite');
      }
    }
    expect(full, 'the file filled up').toBeDefined();
    expect(full!.headers['retry-after']).toBe('5');
    expect(errorFormatMismatch('admin', 503, full!.json())).toBeNull();
    expect(await latestRevision(t.storage.db)).toBe(revision);
    expect(await stateDigest(t.storage.db, 'sqlite')).toBe(digest);
    expect((await check()).statusCode).toBe(200);
    await sql`pragma max_page_count = 1073741823`.execute(t.storage.db);
    expect((await restrict()).statusCode).toBe(200);
  });
});
