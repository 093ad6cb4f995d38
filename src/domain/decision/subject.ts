import type { Principal } from '../confluence/facts.js';
import type { App } from '../world.js';
import type { DecisionFacts, Reason, Subject } from './types.js';

/** A subject the engine knows: whose rights it exercises and the app making the call. */
export interface ResolvedSubject {
  readonly principal: Principal;
  /** The app making the call (directly or for a user), for scopes and appAccess. */
  readonly app: App | null;
}

/** Who a subject is in these facts, or the D1 reason it is unknown. */
export function resolveSubject(facts: DecisionFacts, subject: Subject): ResolvedSubject | Reason {
  if (subject.type === 'anonymous') return { principal: { kind: 'anonymous' }, app: null };
  if (subject.type === 'user') {
    const user = facts.user(subject.accountId);
    if (!user) return { rule: 'D1', text: `unknown user ${subject.accountId}` };
    return { principal: { kind: 'user', user, adminKey: subject.adminKey === true }, app: null };
  }
  const app = facts.app(subject.ari);
  if (!app) return { rule: 'D1', text: `unknown app ${subject.ari}` };
  if (subject.actingFor === undefined) return { principal: { kind: 'app', app }, app };
  const user = facts.user(subject.actingFor);
  if (!user) return { rule: 'D1', text: `unknown user ${subject.actingFor}` };
  return { principal: { kind: 'user', user, adminKey: false }, app };
}
