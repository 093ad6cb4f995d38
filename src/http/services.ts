import { runCommand, type Command } from '../commands/command.js';
import type { Config } from '../config.js';
import type { AuditOrigin } from '../domain/audit/event.js';
import type { WorldIndex } from '../index/world-index.js';
import type { Storage } from '../storage/storage.js';
import { DecisionLog } from './door/decision-log.js';
import { FaultRules } from './faults/rules.js';

/** What route modules are given: configuration, storage, the live index and the one way to write. */
export interface Services {
  readonly config: Config;
  readonly storage: Storage;
  readonly index: WorldIndex;
  /** Denials and soft denials of the content endpoints, per org (in memory). */
  readonly decisionLog: DecisionLog;
  /** The fault rules set over `PUT /gatehouse/v1/faults` (in memory, per process). */
  readonly faults: FaultRules;
  /**
   * Every write: runs the command in one transaction against the index's current snapshot, then
   * brings the index to the revision the write committed, so the caller reads its own write.
   * `origin` is who makes it (the audit log's actor) and from where.
   */
  write<T>(command: Command<T>, origin: AuditOrigin): Promise<T>;
}

export function createServices(config: Config, storage: Storage, index: WorldIndex): Services {
  return Object.freeze({
    config,
    storage,
    index,
    decisionLog: new DecisionLog(config.decisionLogSize),
    faults: new FaultRules(),
    async write<T>(command: Command<T>, origin: AuditOrigin): Promise<T> {
      const { result, revision } = await runCommand(storage, index.snapshot(), command, origin);
      await index.syncTo(revision);
      return result;
    },
  });
}
