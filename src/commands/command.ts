import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { AUDIT_ACTIONS } from '../domain/audit/actions.js';
import {
  SYSTEM_ACTOR,
  searchTextOf,
  type AuditOrigin,
  type AuditRecord,
} from '../domain/audit/event.js';
import { IndexSnapshot } from '../index/index-snapshot.js';
import { insertAuditEvents, type StoredAuditEvent } from '../storage/repos/audit-events.js';
import { appendChanges, type ChangeKind } from '../storage/repos/change-log.js';
import type { Database } from '../storage/schema.js';
import type { Storage } from '../storage/storage.js';

/** What a command is given: its transaction, the state it decides against, and the clock. */
export interface CommandContext {
  readonly trx: Transaction<Database>;
  /**
   * The index as it was when the write began: what a command validates against (names of
   * accounts, groups, the lock-out rule). What the command changes it reads from `trx`.
   */
  readonly world: IndexSnapshot;
  /** One timestamp for everything the write stamps. */
  readonly now: string;
  /** Who makes the write and from where: the actor of every event it records. */
  readonly origin: AuditOrigin;
  /** Serializes writers on `key` until the transaction ends (the org's policies, a page, …). */
  lock(key: string): Promise<void>;
  /** Records what the write changed, for every instance's index to replay. */
  record(changes: readonly { orgId: string; kind: ChangeKind; entityId: string }[]): Promise<void>;
  /**
   * Records an event of the org audit log; it is written in this transaction, so it commits with
   * the write or not at all (A1). A command that records changes must record an event.
   */
  audit(event: AuditRecord): void;
}

/** One write use case: everything it reads and writes happens in `run`, in one transaction. */
export interface Command<T> {
  /** What the write is (for logs). */
  readonly name: string;
  /**
   * Why the command records no event although it changes the state (an org deleted, with its
   * log; every org deleted): the one exception to A1, named where the command is written.
   */
  readonly unaudited?: string;
  run(ctx: CommandContext): Promise<T>;
}

export function command<T>(
  name: string,
  run: (ctx: CommandContext) => Promise<T>,
  options: { unaudited?: string } = {},
): Command<T> {
  return options.unaudited === undefined
    ? { name, run }
    : { name, run, unaudited: options.unaudited };
}

/** A command that changed the state without an audit event: a programming error, never data. */
export class UnauditedWrite extends Error {
  constructor(name: string) {
    super(`command "${name}" changed the state without recording an audit event`);
    this.name = 'UnauditedWrite';
  }
}

export interface RunOptions {
  /**
   * False only for the bench's baseline (the same write without its events): nothing is recorded
   * in the audit log and the audit check is off.
   */
  recordEvents?: boolean;
}

/** Gatehouse acting on its own (the propagation timer, the bench). */
export const SYSTEM_ORIGIN: AuditOrigin = Object.freeze({ actor: SYSTEM_ACTOR, location: null });

/**
 * Runs a command in one transaction (retried by storage on transient failures). Returns its result
 * and the change-log revision its changes reached (0 when it changed nothing).
 */
export async function runCommand<T>(
  storage: Storage,
  world: IndexSnapshot,
  cmd: Command<T>,
  origin: AuditOrigin,
  options: RunOptions = {},
): Promise<{ result: T; revision: number }> {
  const recordEvents = options.recordEvents ?? true;
  return storage.transaction(async (trx) => {
    let revision = 0;
    const events: AuditRecord[] = [];
    const now = new Date().toISOString();
    const ctx: CommandContext = {
      trx,
      world,
      now,
      origin,
      lock: (key) => storage.adapter.lockForWrite(trx, key),
      async record(changes) {
        revision = Math.max(revision, await appendChanges(trx, changes));
      },
      audit(event) {
        events.push(event);
      },
    };
    const result = await cmd.run(ctx);
    if (recordEvents) {
      if (revision > 0 && events.length === 0 && cmd.unaudited === undefined) {
        throw new UnauditedWrite(cmd.name);
      }
      await insertAuditEvents(trx, storedEvents(events, origin, now));
    }
    return { result, revision };
  });
}

/** One write's events: one time and batch, in the order the command recorded them. */
function storedEvents(
  records: readonly AuditRecord[],
  origin: AuditOrigin,
  time: string,
): StoredAuditEvent[] {
  if (records.length === 0) return [];
  const batch = randomUUID();
  return records.map((record, seq) => {
    const event = {
      id: randomUUID(),
      orgId: record.orgId,
      time,
      action: record.action,
      actor: origin.actor,
      context: record.context,
      container: record.container,
      location: origin.location,
      message: record.message,
    };
    return {
      event,
      time,
      batch,
      seq,
      product: AUDIT_ACTIONS[record.action].product,
      search: searchTextOf(event),
    };
  });
}

/** A command run outside a server (the CLI's import, the bench): no index to bring along. */
export async function runStandalone<T>(
  storage: Storage,
  cmd: Command<T>,
  origin: AuditOrigin = SYSTEM_ORIGIN,
): Promise<T> {
  return (await runCommand(storage, IndexSnapshot.empty(), cmd, origin)).result;
}
