import type { Transaction } from 'kysely';
import { IndexSnapshot } from '../index/index-snapshot.js';
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
  /** Serializes writers on `key` until the transaction ends (the org's policies, a page, …). */
  lock(key: string): Promise<void>;
  /** Records what the write changed, for every instance's index to replay. */
  record(changes: readonly { orgId: string; kind: ChangeKind; entityId: string }[]): Promise<void>;
}

/** One write use case: everything it reads and writes happens in `run`, in one transaction. */
export interface Command<T> {
  /** What the write is (for logs). */
  readonly name: string;
  run(ctx: CommandContext): Promise<T>;
}

export function command<T>(name: string, run: (ctx: CommandContext) => Promise<T>): Command<T> {
  return { name, run };
}

/**
 * Runs a command in one transaction (retried by storage on transient failures). Returns its result
 * and the change-log revision its changes reached (0 when it changed nothing).
 */
export async function runCommand<T>(
  storage: Storage,
  world: IndexSnapshot,
  cmd: Command<T>,
): Promise<{ result: T; revision: number }> {
  return storage.transaction(async (trx) => {
    let revision = 0;
    const ctx: CommandContext = {
      trx,
      world,
      now: new Date().toISOString(),
      lock: (key) => storage.adapter.lockForWrite(trx, key),
      async record(changes) {
        revision = Math.max(revision, await appendChanges(trx, changes));
      },
    };
    const result = await cmd.run(ctx);
    return { result, revision };
  });
}

/** A command run outside a server (the CLI's import, the bench): no index to bring along. */
export async function runStandalone<T>(storage: Storage, cmd: Command<T>): Promise<T> {
  return (await runCommand(storage, IndexSnapshot.empty(), cmd)).result;
}
