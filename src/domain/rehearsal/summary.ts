import type { AudienceIndex, UserSet } from '../decision/audience.js';
import type { RehearsalInput, RehearsalSummary, RehearsedChange } from './rehearsal-types.js';

/** What a rehearsal counted on its way, for its summary. */
export interface RehearsalTally {
  readonly rules: RehearsalInput['rules'];
  readonly changes: readonly RehearsedChange[];
  /** ids of the content whose decisions change */
  readonly affected: ReadonlySet<string>;
  readonly audience: AudienceIndex;
  /** each change's user set, with the space it belongs to */
  readonly spaceOfUsers: ReadonlyMap<UserSet, string>;
  readonly publicLinksTurnedOff: number;
}

/** The totals of a rehearsal (H6): flips by direction, distinct users, apps, anonymous. */
export function summarize(tally: RehearsalTally): RehearsalSummary {
  let allowToDeny = 0;
  let denyToAllow = 0;
  const anonymous = { allowToDeny: 0, denyToAllow: 0 };
  const apps = new Set<string>();
  for (const change of tally.changes) {
    const n = change.users.count + change.apps.length + (change.anonymous ? 1 : 0);
    if (change.before === 'allow') allowToDeny += n;
    else denyToAllow += n;
    if (change.anonymous) anonymous[change.before === 'allow' ? 'allowToDeny' : 'denyToAllow']++;
    for (const app of change.apps) apps.add(app);
  }
  return {
    rules: [...new Set(tally.rules)],
    contentAffected: tally.affected.size,
    allowToDeny,
    denyToAllow,
    usersAffected: usersAffected(tally.audience, tally.spaceOfUsers),
    appsAffected: apps.size,
    anonymous,
    publicLinksTurnedOff: tally.publicLinksTurnedOff,
  };
}

/**
 * Distinct users of all changes. A restricted page's viewers are a subset of its space's
 * readers, so once a space's readers are in, its restricted pages add nobody.
 */
function usersAffected(audience: AudienceIndex, sets: ReadonlyMap<UserSet, string>): number {
  const everyone = audience.users();
  if (sets.has(everyone)) return everyone.count;
  const full = new Set<string>();
  for (const [set, spaceId] of sets) {
    if (set === audience.spaceHolders(spaceId, 'read')) full.add(spaceId);
  }
  const users = new Set<string>();
  for (const [set, spaceId] of sets) {
    if (full.has(spaceId) && set !== audience.spaceHolders(spaceId, 'read')) continue;
    for (const accountId of set.all()) users.add(accountId);
  }
  return users.size;
}
