import type { Audience } from './audience.js';
import type { ListedSubject } from './lists.js';
import type { DecisionFacts } from './types.js';
import { startAfter } from './user-set.js';

/**
 * One page of a resource's subjects from its audience (the reverse lookup), in a stable order —
 * users by accountId, then groups by id, apps by ARI, anonymous last — resumed after the key of
 * the previous page's last subject (`user:…`, `group:…`, `app:…`, `anonymous`) by binary search,
 * so each page costs its own length, not the whole set.
 */
export function subjectsPage(
  facts: DecisionFacts,
  audience: Audience,
  after: string | undefined,
  limit: number,
): { page: ListedSubject[]; more: boolean } {
  const from = position(after);
  const page: ListedSubject[] = [];
  const want = limit + 1;
  if (from.stage <= 0) {
    for (const accountId of audience.users.page(from.stage === 0 ? from.after : undefined, want)) {
      const user = facts.user(accountId);
      page.push({ type: 'user', accountId, displayName: user?.displayName ?? accountId });
    }
  }
  if (from.stage <= 1 && page.length < want) {
    const groups = audience.groups;
    for (
      let i = startAfter(groups, from.stage === 1 ? from.after : undefined);
      i < groups.length;
      i++
    ) {
      if (page.length === want) break;
      const group = facts.group(groups[i]!);
      page.push({ type: 'group', id: groups[i]!, name: group?.name ?? groups[i]! });
    }
  }
  if (from.stage <= 2 && page.length < want) {
    const apps = audience.apps;
    for (
      let i = startAfter(apps, from.stage === 2 ? from.after : undefined);
      i < apps.length;
      i++
    ) {
      if (page.length === want) break;
      page.push({ type: 'app', ari: apps[i]! });
    }
  }
  if (from.stage <= 2 && page.length < want && audience.anonymous) page.push({ type: 'anonymous' });
  const more = page.length > limit;
  if (more) page.length = limit;
  return { page, more };
}

/** The key a page's last subject is resumed after. */
export function subjectKey(subject: ListedSubject): string {
  switch (subject.type) {
    case 'user':
      return `user:${subject.accountId}`;
    case 'group':
      return `group:${subject.id}`;
    case 'app':
      return `app:${subject.ari}`;
    case 'anonymous':
      return 'anonymous';
  }
}

const STAGES = ['user:', 'group:', 'app:'] as const;

/** Where a key resumes: its stage (0 users … 3 after anonymous) and the value to start after. */
function position(after: string | undefined): { stage: number; after?: string } {
  if (after === undefined) return { stage: -1 };
  if (after === 'anonymous') return { stage: 3 };
  const stage = STAGES.findIndex((prefix) => after.startsWith(prefix));
  // a key of no stage (not one this server issued) resumes after everything: an empty page
  if (stage === -1) return { stage: 4 };
  return { stage, after: after.slice(STAGES[stage]!.length) };
}
