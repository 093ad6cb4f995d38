import type { ChangeListener } from '../storage/dialects/dialect.js';
import type { Storage } from '../storage/storage.js';
import type { WorldIndex } from './world-index.js';

export interface ChangeFeedOptions {
  /** First wait before reconnecting a broken listener; doubles up to `maxReconnectDelayMs`. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Failures to sync, resync or reconnect (the feed keeps trying; the caller may log them). */
  onError?: (error: unknown, during: 'sync' | 'resync' | 'listen') => void;
}

/**
 * Keeps an index in step with writes of other instances on the same database: a dedicated
 * connection LISTENs, and each wake-up replays the change log (`index.sync()`); the log, not the
 * notification, is the truth. A notification missed while the connection was down is lost for
 * good, so after reconnecting the feed rebuilds the index from the database (`index.resync()`).
 * On SQLite there is nothing to listen to and the feed stays idle (the polling timer follows).
 */
export class ChangeFeed {
  private listener: ChangeListener | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private delay: number;
  private syncRunning = false;
  private syncAgain = false;
  private resyncPending = false;
  private resyncCount = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;

  private constructor(
    private readonly storage: Storage,
    private readonly index: WorldIndex,
    private readonly options: ChangeFeedOptions,
  ) {
    this.delay = options.reconnectDelayMs ?? 100;
    this.retryDelay = this.delay;
  }

  /** Starts listening; a first connection failure is retried in the background. */
  static async start(
    storage: Storage,
    index: WorldIndex,
    options: ChangeFeedOptions = {},
  ): Promise<ChangeFeed> {
    const feed = new ChangeFeed(storage, index, options);
    await feed.connect(false);
    return feed;
  }

  /** True while a listening connection is up. */
  get listening(): boolean {
    return this.listener !== null;
  }

  /** The database process id of the listening connection, when there is one. */
  get backendPid(): number | null {
    return this.listener?.backendPid ?? null;
  }

  /** How many full resyncs followed a broken connection. */
  get resyncs(): number {
    return this.resyncCount;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.close();
  }

  private async connect(afterLoss: boolean): Promise<void> {
    if (this.closed) return;
    let listener: ChangeListener | null;
    try {
      listener = await this.storage.adapter.listenForChanges({
        onChange: () => this.wake(),
        onLost: (error) => this.lost(error),
      });
    } catch (error) {
      this.options.onError?.(error, 'listen');
      this.scheduleReconnect();
      return;
    }
    if (listener === null) return;
    if (this.closed) {
      await listener.close();
      return;
    }
    this.listener = listener;
    this.delay = this.options.reconnectDelayMs ?? 100;
    if (!afterLoss) {
      // Writes committed between loading the index and listening woke nobody.
      this.wake();
      return;
    }
    // Listening again before rebuilding: nothing committed from here on goes unnoticed.
    this.resyncPending = true;
    this.wake();
  }

  private lost(error: Error): void {
    this.listener = null;
    if (this.closed) return;
    this.options.onError?.(error, 'listen');
    this.scheduleReconnect();
  }

  /** Every reconnect resyncs: whatever was missed while no connection listened is in the log. */
  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const wait = this.delay;
    this.delay = Math.min(wait * 2, this.options.maxReconnectDelayMs ?? 5000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect(true);
    }, wait);
    this.reconnectTimer.unref();
  }

  /**
   * Wake-ups arriving during a sync fold into one more sync after it. A sync or resync that fails
   * (the database is not back yet, or slow) is retried with the reconnect backoff until it works:
   * no later wake-up may come, and a missed resync would leave the index behind for good (F10).
   */
  private wake(): void {
    if (this.closed) return;
    if (this.syncRunning) {
      this.syncAgain = true;
      return;
    }
    this.syncRunning = true;
    const resync = this.resyncPending;
    (resync ? this.index.resync() : this.index.sync())
      .then(
        () => {
          if (resync) {
            this.resyncPending = false;
            this.resyncCount++;
          }
          this.retryDelay = this.options.reconnectDelayMs ?? 100;
        },
        (error: unknown) => {
          this.options.onError?.(error, resync ? 'resync' : 'sync');
          this.scheduleRetry();
        },
      )
      .finally(() => {
        this.syncRunning = false;
        if (this.syncAgain) {
          this.syncAgain = false;
          this.wake();
        }
      });
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const wait = this.retryDelay;
    this.retryDelay = Math.min(wait * 2, this.options.maxReconnectDelayMs ?? 5000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.wake();
    }, wait);
    this.retryTimer.unref();
  }
}
