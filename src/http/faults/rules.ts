/**
 * Faults on demand (docs/testing-features.md G11–G17): rules set over `PUT /gatehouse/v1/faults` that
 * fail or slow matching requests before they are authenticated, parsed or handled — so a faulted
 * request never changes state. In memory, per process.
 */
export const FAULT_APIS = ['admin', 'confluence-v1', 'confluence-v2', 'jira', 'gatehouse'] as const;
export type FaultApi = (typeof FAULT_APIS)[number];

export interface FaultRuleInput {
  api: FaultApi;
  method?: string;
  /** A glob over the path: `*` within one segment, `**` across segments, `?` one character. */
  path?: string;
  org?: string;
  /** Each matching request is faulted with this probability (0–1). */
  probability?: number;
  /** Only the next N matching requests are faulted. */
  times?: number;
  status?: number;
  latencyMs?: number;
  /** Retry-After of a 429 or 503, in seconds (default 1). */
  retryAfter?: number;
}

export interface FaultRule extends FaultRuleInput {
  /** How many requests this rule has failed or delayed. */
  fired: number;
}

/** What a request is, as far as the rules look at it. */
export interface FaultRequest {
  readonly api: FaultApi;
  readonly method: string;
  /** The path served (gateway prefix removed) and the path as sent; a glob may match either. */
  readonly paths: readonly string[];
  /** The org of the request, computed only when a rule names one. */
  org(): string | undefined;
}

export interface FaultOutcome {
  latencyMs: number;
  /** The rule whose status answers the request, if any. */
  failure: { status: number; retryAfter: number } | null;
}

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

/** `*` → any characters but `/`; `**` → any characters; `?` → one character but `/`. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

interface CompiledRule {
  readonly rule: FaultRule;
  readonly path: RegExp | null;
  readonly method: string | null;
  remaining: number;
}

export class FaultRules {
  private compiled: CompiledRule[] = [];

  get active(): boolean {
    return this.compiled.length > 0;
  }

  /** Replaces every rule (G11); all or nothing. */
  set(inputs: readonly FaultRuleInput[]): void {
    const compiled = inputs.map((input, i) => {
      const at = `body.rules[${i}]`;
      if (input.probability !== undefined && input.times !== undefined) {
        throw new FaultRuleError(`${at}: give "probability" or "times", not both`);
      }
      if (input.status === undefined && input.latencyMs === undefined) {
        throw new FaultRuleError(`${at}: give "status", "latencyMs" or both`);
      }
      return {
        rule: {
          ...input,
          ...(input.method ? { method: input.method.toUpperCase() } : {}),
          fired: 0,
        },
        path: input.path === undefined ? null : globToRegExp(input.path),
        method: input.method === undefined ? null : input.method.toUpperCase(),
        remaining: input.times ?? Number.POSITIVE_INFINITY,
      };
    });
    this.compiled = compiled;
  }

  list(): FaultRule[] {
    return this.compiled.map((c) => ({ ...c.rule }));
  }

  clear(): void {
    this.compiled = [];
  }

  /**
   * The rules that fire for this request, in order: latency adds up; the first rule with a status
   * answers. A `times` rule counts down only when it fires.
   */
  apply(request: FaultRequest, random: () => number = Math.random): FaultOutcome {
    const outcome: FaultOutcome = { latencyMs: 0, failure: null };
    let org: string | undefined | null = null;
    for (const c of this.compiled) {
      const { rule } = c;
      if (rule.api !== request.api || c.remaining <= 0) continue;
      if (c.method !== null && c.method !== request.method) continue;
      if (c.path !== null && !request.paths.some((p) => c.path!.test(p))) continue;
      if (rule.org !== undefined) {
        if (org === null) org = request.org();
        if (org !== rule.org) continue;
      }
      if (rule.probability !== undefined && random() >= rule.probability) continue;
      c.remaining--;
      rule.fired++;
      outcome.latencyMs += rule.latencyMs ?? 0;
      if (rule.status !== undefined) {
        outcome.failure = { status: rule.status, retryAfter: rule.retryAfter ?? 1 };
        break;
      }
    }
    return outcome;
  }
}
