import { isSoftDenial, type EnforcedDecision } from '../../domain/decision/enforcement.js';
import type { Action, Reason, ResourceRef, Subject } from '../../domain/decision/types.js';

/**
 * The decision log (docs/testing-features.md G27–G30): the denials and soft denials the door made for
 * the content endpoints, per org, in memory. Each org keeps a ring buffer of the last `capacity`
 * entries: recording is one array write after the decision, never a query and never a copy of
 * the reasons (they are immutable). Per process: instances sharing a database keep their own.
 */
export interface DecisionLogEntry {
  /** Increases with every entry of the process: the cursor of the paged read. */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly subject: Subject;
  readonly method: string;
  /** The request URL as received (the query is cut off when the log is read). */
  readonly url: string;
  readonly action: Action;
  readonly resource: ResourceRef;
  readonly decision: 'deny' | 'soft-deny';
  /** The denial's reasons (for a soft denial: what enforcing would have answered). */
  readonly reasons: readonly Reason[];
}

class Ring {
  private readonly entries: DecisionLogEntry[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(entry: DecisionLogEntry): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Newest first. */
  *newestFirst(): Generator<DecisionLogEntry> {
    const n = this.entries.length;
    for (let i = 1; i <= n; i++) yield this.entries[(this.next - i + n * 2) % n]!;
  }
}

export class DecisionLog {
  private readonly orgs = new Map<string, Ring>();
  private seq = 0;

  constructor(readonly capacity: number) {}

  record(orgId: string, entry: Omit<DecisionLogEntry, 'seq' | 'at'>): void {
    if (this.capacity === 0) return;
    let ring = this.orgs.get(orgId);
    if (!ring) this.orgs.set(orgId, (ring = new Ring(this.capacity)));
    ring.push({ ...entry, seq: ++this.seq, at: Date.now() });
  }

  /** Up to `limit` entries of the org older than `beforeSeq` (all when undefined), newest first. */
  page(
    orgId: string,
    beforeSeq: number | undefined,
    limit: number,
  ): { entries: DecisionLogEntry[]; more: boolean } {
    const entries: DecisionLogEntry[] = [];
    for (const entry of this.orgs.get(orgId)?.newestFirst() ?? []) {
      if (beforeSeq !== undefined && entry.seq >= beforeSeq) continue;
      if (entries.length === limit) return { entries, more: true };
      entries.push(entry);
    }
    return { entries, more: false };
  }

  /** An org that no longer exists (deleted, or the server reset) keeps no log. */
  forget(orgId: string): void {
    this.orgs.delete(orgId);
  }

  clear(): void {
    this.orgs.clear();
  }
}

/** What a door knows of its request that the decision log records. */
export interface LoggedRequest {
  readonly org: { readonly world: { readonly id: string } };
  readonly subject: Subject;
  readonly request: { readonly method: string; readonly url: string };
  readonly decisionLog: DecisionLog;
}

/**
 * A door's enforced decision, recorded when it is a denial or a soft denial (G27): one O(1)
 * append after the decision. Returns the decision the door acts on.
 */
export function logEnforced(
  ctx: LoggedRequest,
  action: Action,
  resource: ResourceRef,
  result: EnforcedDecision,
): EnforcedDecision['decision'] {
  const denied = result.decision.decision === 'deny';
  if (denied || isSoftDenial(result)) {
    ctx.decisionLog.record(ctx.org.world.id, {
      subject: ctx.subject,
      method: ctx.request.method,
      url: ctx.request.url,
      action,
      resource,
      decision: denied ? 'deny' : 'soft-deny',
      reasons: denied ? result.decision.reasons : result.enforced!.reasons,
    });
  }
  return result.decision;
}
