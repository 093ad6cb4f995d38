import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import { call, type Answer } from './gatehouse-process.js';
import { ADA, ADA_BASIC, ADMIN_KEY, ORG } from './fuzz-target.js';

/** The demo tenant's users: a restriction write names Ada (the writer) and one other. */
const USERS = [
  ADA,
  '5b10ac8d82e05b22cc7d4ef6',
  '5b10ac8d82e05b22cc7d4ef7',
  '5b10ac8d82e05b22cc7d4ef8',
  '5b10ac8d82e05b22cc7d4ef9',
  '5b10ac8d82e05b22cc7d4efa',
];
const ORG_RULES = ['export', 'publicLinks', 'anonymousAccess', 'attachmentDownload'] as const;

const restrictionOf = (seq: number) => [ADA, USERS[1 + (seq % 5)]!].sort();
const draftBody = (rule: string, seq: number) => ({
  data: {
    type: 'policy',
    attributes: {
      type: 'data-security',
      name: `${rule}-${seq}`,
      metadata: { policyCoverageLevel: 'ORG' },
      rule: { [rule]: { effect: 'block' } },
    },
  },
});

/**
 * One sequential writer of one register (a policy's name, a page's read restriction): each write
 * carries the next sequence number. After a crash the stored value must be the last acknowledged
 * write's or one of the unacknowledged attempts after it (whose outcome the client cannot know);
 * anything older is an acknowledged write lost.
 */
export interface Writer {
  label: string;
  /** Where its requests go (an instance may change between cycles). */
  target: { url: string };
  write(seq: number): Promise<Answer>;
  read(db: Kysely<Database>): Promise<number | string[] | undefined>;
  lastAcked: number;
  pending: number[];
  next: number;
  acknowledged: number;
}

export interface Tally {
  attempts: number;
  acknowledged: number;
  unavailable: number;
  dropped: number;
  other: Map<number, number>;
}

export const tally = (): Tally => ({
  attempts: 0,
  acknowledged: 0,
  unavailable: 0,
  dropped: 0,
  other: new Map(),
});

/** Drafts for the writers' policies, made through `url` before the workload starts. */
export async function createDrafts(url: string, count: number): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const rule of ORG_RULES.slice(0, count)) {
    const res = await call(
      url,
      'POST',
      `/admin/control/v2/orgs/${ORG}/policies`,
      {
        authorization: `Bearer ${ADMIN_KEY}`,
      },
      draftBody(rule, 0),
    );
    if (res.status !== 202) throw new Error(`draft ${rule}: ${res.status} ${res.body}`);
    ids.set(rule, (JSON.parse(res.body) as { data: { id: string } }).data.id);
  }
  return ids;
}

export function policyWriter(target: { url: string }, rule: string, policyId: string): Writer {
  return {
    label: `policy ${rule}`,
    target,
    lastAcked: 0,
    pending: [],
    next: 1,
    acknowledged: 0,
    write: (seq) =>
      call(
        target.url,
        'PUT',
        `/admin/control/v2/orgs/${ORG}/policies/${policyId}`,
        {
          authorization: `Bearer ${ADMIN_KEY}`,
        },
        draftBody(rule, seq),
      ),
    async read(db) {
      const row = await db
        .selectFrom('policies')
        .select('name')
        .where('id', '=', policyId)
        .executeTakeFirst();
      const seq = Number(row?.name.split('-').pop());
      return Number.isInteger(seq) ? seq : undefined;
    },
  };
}

export function restrictionWriter(target: { url: string }, page: string): Writer {
  return {
    label: `restriction ${page}`,
    target,
    lastAcked: 0,
    pending: [],
    next: 1,
    acknowledged: 0,
    write: (seq) =>
      call(
        target.url,
        'PUT',
        `/wiki/rest/api/content/${page}/restriction`,
        { authorization: ADA_BASIC },
        [
          {
            operation: 'read',
            restrictions: { user: restrictionOf(seq).map((accountId) => ({ accountId })) },
          },
        ],
      ),
    async read(db) {
      const rows = await db
        .selectFrom('content_restrictions')
        .select('subject_id')
        .where('content_id', '=', page)
        .where('operation', '=', 'read')
        .where('subject_type', '=', 'user')
        .execute();
      return rows.map((r) => r.subject_id).sort();
    },
  };
}

/** Writes until `stop()`; 503 and dropped connections back off a little and go on. */
export async function runWriter(writer: Writer, stop: () => boolean, t: Tally): Promise<void> {
  while (!stop()) {
    const seq = writer.next++;
    const res = await writer.write(seq);
    t.attempts++;
    if (res.status >= 200 && res.status < 300) {
      writer.lastAcked = seq;
      writer.pending = [];
      writer.acknowledged++;
      t.acknowledged++;
      continue;
    }
    writer.pending.push(seq);
    if (res.status === 503) t.unavailable++;
    else if (res.status === 0) t.dropped++;
    else t.other.set(res.status, (t.other.get(res.status) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The writer's first write (sequence 0), which must be acknowledged: the known start. */
export async function prime(writer: Writer): Promise<void> {
  const res = await writer.write(0);
  if (res.status !== 200 && res.status !== 202) {
    throw new Error(`${writer.label}: ${res.status} ${res.body}`);
  }
  writer.lastAcked = 0;
  writer.next = 1;
}

/** Null when the stored value is the last acknowledged write's or a later attempt's. */
export async function lostWrite(writer: Writer, db: Kysely<Database>): Promise<string | null> {
  const stored = await writer.read(db);
  const allowed = [writer.lastAcked, ...writer.pending];
  const matches = (seq: number) =>
    Array.isArray(stored)
      ? JSON.stringify(restrictionOf(seq)) === JSON.stringify(stored)
      : stored === seq;
  const settled = allowed.filter(matches).pop();
  if (settled === undefined) {
    return `${writer.label}: stored ${JSON.stringify(stored)}, last acknowledged ${writer.lastAcked}, unacknowledged after it ${JSON.stringify(writer.pending)}`;
  }
  // What is stored is settled: the next check starts from it.
  writer.lastAcked = settled;
  writer.pending = [];
  return null;
}
