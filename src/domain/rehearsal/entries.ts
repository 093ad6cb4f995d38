import type { Reason } from '../decision/types.js';
import type { UserSet } from '../decision/user-set.js';
import type { Verdict } from './rehearsal-types.js';

/** One change of a resource and action: who flips, from which verdict, and why. */
export class Entry {
  users: UserSet | null = null;
  groups: readonly string[] = [];
  readonly apps: string[] = [];
  anonymous = false;
  readonly reasons: Reason[] = [];
  constructor(readonly before: Verdict) {}
  get empty(): boolean {
    return (
      this.users === null && this.groups.length === 0 && this.apps.length === 0 && !this.anonymous
    );
  }
  because(reasons: readonly Reason[]): void {
    for (const r of reasons) {
      if (
        !this.reasons.some(
          (x) => x.rule === r.rule && x.policyId === r.policyId && x.text === r.text,
        )
      ) {
        this.reasons.push(r);
      }
    }
  }
}

/** The (at most two) changes of one resource and action, made when first needed. */
export class Entries {
  allow: Entry | null = null;
  deny: Entry | null = null;
  of(before: Verdict): Entry {
    return before === 'allow'
      ? (this.allow ??= new Entry('allow'))
      : (this.deny ??= new Entry('deny'));
  }
}
