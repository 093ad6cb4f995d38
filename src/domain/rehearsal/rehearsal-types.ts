import type { RuleName } from '../decision/policy-facts.js';
import type { Action, DecisionFacts, Reason } from '../decision/types.js';
import type { UserSet } from '../decision/user-set.js';
import type { Content, PublicLink } from '../world.js';

/** What a rehearsal takes and answers (docs/rehearsal.md): the types of `rehearse`. */

export type Verdict = 'allow' | 'deny';

export interface RehearsedResource {
  readonly type: 'page' | 'blogpost' | 'space';
  readonly id: string;
  readonly title: string;
}

/** One (resource, action, before → after) and every subject whose decision makes that change. */
export interface RehearsedChange {
  readonly resource: RehearsedResource;
  readonly action: Action;
  readonly before: Verdict;
  readonly after: Verdict;
  readonly users: UserSet;
  readonly groups: readonly string[];
  readonly apps: readonly string[];
  readonly anonymous: boolean;
  readonly reasons: readonly Reason[];
}

export interface RehearsalSummary {
  readonly rules: readonly RuleName[];
  readonly contentAffected: number;
  readonly allowToDeny: number;
  readonly denyToAllow: number;
  readonly usersAffected: number;
  readonly appsAffected: number;
  readonly anonymous: { readonly allowToDeny: number; readonly denyToAllow: number };
  readonly publicLinksTurnedOff: number;
}

export interface Rehearsal {
  readonly summary: RehearsalSummary;
  readonly changes: readonly RehearsedChange[];
  /** Links the batches turn off (D13), with their page. */
  readonly publicLinksTurnedOff: readonly {
    readonly link: PublicLink;
    readonly content: Content;
  }[];
}

export interface RehearsalInput {
  /** The decisions now. */
  readonly before: DecisionFacts;
  /** The same world after the batches: their policies, the links they turn off. */
  readonly after: DecisionFacts;
  readonly rules: readonly RuleName[];
  readonly turnedOff: readonly PublicLink[];
}
