import { SYSTEM_ORIGIN } from '../../../commands/command.js';
import { applyDueResources } from '../../../commands/policies/resources.js';
import { orgsWithPendingResources } from '../../../storage/repos/policies.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import type { Services } from '../../services.js';

const RETRY_MS = 1000;

/**
 * `--propagation-delay MS` (semantics §8.3): an added resource is stored `pending` and enforces
 * nothing; this process flips it to `applied` once the delay has passed (a write that appends to
 * the change log, so every instance's index follows). At start it applies what fell due while no
 * server ran and schedules the rest.
 */
export class PendingResources {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(
    private readonly services: Services,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Applies, at `at` (epoch ms), the org's resources that are due by then. */
  schedule(orgId: string, at: number): void {
    const current = this.timers.get(orgId);
    if (this.closed || (current && current.at <= at)) return;
    if (current) clearTimeout(current.timer);
    const timer = setTimeout(() => void this.apply(orgId), Math.max(0, at - Date.now()));
    timer.unref();
    this.timers.set(orgId, { at, timer });
  }

  async apply(orgId: string): Promise<void> {
    this.timers.delete(orgId);
    if (this.closed) return;
    const { config } = this.services;
    try {
      const next = await this.services.write(
        applyDueResources(orgId, config.propagationDelayMs),
        SYSTEM_ORIGIN,
      );
      if (next !== null) this.schedule(orgId, next);
    } catch (error) {
      this.onError(error);
      this.schedule(orgId, Date.now() + RETRY_MS);
    }
  }

  async applyAll(): Promise<void> {
    const orgIds = await orgsWithPendingResources(this.services.storage.db);
    for (const orgId of orgIds) await this.apply(orgId);
  }

  close(): void {
    this.closed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

export function registerPendingResources(
  app: FastifyTypebox,
  services: Services,
): PendingResources {
  const pending = new PendingResources(services, (error) =>
    app.log.warn({ err: error }, 'applying pending policy resources failed'),
  );
  app.addHook('onReady', async () => pending.applyAll());
  app.addHook('onClose', async () => pending.close());
  return pending;
}
