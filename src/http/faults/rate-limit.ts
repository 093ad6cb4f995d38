import type { FaultApi } from './rules.js';

/**
 * `--rate-limit atlassian` (docs/testing-features.md G18): token buckets shaped like Atlassian's
 * published model — a burst window (10 seconds) and an hourly quota, per caller and site — for
 * the APIs Atlassian rate-limits. Atlassian does not publish fixed numbers; these are Gatehouse's,
 * of the documented shape. Gatehouse's own API is never rate-limited.
 */
export interface Window {
  /** Requests the window allows. */
  readonly limit: number;
  readonly seconds: number;
  /** `RateLimit-Reason` of a 429 from this window. */
  readonly reason: string;
}

export type LimitedApi = Exclude<FaultApi, 'gatehouse'>;

const product = (name: 'confluence' | 'jira' | 'admin') => ({
  burst: { limit: 100, seconds: 10, reason: `${name}-burst-based` },
  quota: { limit: 65_000, seconds: 3600, reason: `${name}-quota-tenant-based` },
});

export const ATLASSIAN_LIMITS: Readonly<Record<LimitedApi, { burst: Window; quota: Window }>> =
  Object.freeze({
    'confluence-v1': product('confluence'),
    'confluence-v2': product('confluence'),
    jira: product('jira'),
    admin: product('admin'),
  });

interface Bucket {
  tokens: number;
  updated: number;
}

export type RateDecision =
  | { readonly allowed: true; readonly limit: number; readonly remaining: number }
  | {
      readonly allowed: false;
      readonly limit: number;
      readonly retryAfterSeconds: number;
      readonly resetAt: number;
      readonly reason: string;
    };

/** Keys kept at most (oldest forgotten first): bounded memory whatever credentials are sent. */
const MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { burst: Bucket; quota: Bucket }>();

  constructor(
    private readonly limits: Readonly<Record<LimitedApi, { burst: Window; quota: Window }>>,
    private readonly now: () => number = Date.now,
  ) {}

  take(api: LimitedApi, key: string): RateDecision {
    const limits = this.limits[api];
    const now = this.now();
    const id = `${api}\u0000${key}`;
    let state = this.buckets.get(id);
    if (state) {
      this.buckets.delete(id);
    } else {
      if (this.buckets.size >= MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value!);
      state = {
        burst: { tokens: limits.burst.limit, updated: now },
        quota: { tokens: limits.quota.limit, updated: now },
      };
    }
    this.buckets.set(id, state);
    for (const [bucket, window] of [
      [state.burst, limits.burst],
      [state.quota, limits.quota],
    ] as const) {
      const rate = window.limit / (window.seconds * 1000);
      bucket.tokens = Math.min(window.limit, bucket.tokens + (now - bucket.updated) * rate);
      bucket.updated = now;
      if (bucket.tokens < 1) {
        const waitMs = (1 - bucket.tokens) / rate;
        return {
          allowed: false,
          limit: window.limit,
          retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
          resetAt: now + (window.limit - bucket.tokens) / rate,
          reason: window.reason,
        };
      }
    }
    state.burst.tokens -= 1;
    state.quota.tokens -= 1;
    return {
      allowed: true,
      limit: limits.burst.limit,
      remaining: Math.floor(state.burst.tokens),
    };
  }
}

/** `X-RateLimit-Reset` as Atlassian writes it: `yyyy-MM-ddTHH:mmZ`, rounded up to the minute. */
export function resetHeader(epochMs: number): string {
  return `${new Date(Math.ceil(epochMs / 60_000) * 60_000).toISOString().slice(0, 16)}Z`;
}
