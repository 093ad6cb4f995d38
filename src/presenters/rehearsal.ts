import type { RehearsedChange, Rehearsal } from '../domain/rehearsal/rehearse.js';
import type { DecisionFacts } from '../domain/decision/types.js';

/** H9: the warning that goes with every public link a rehearsal would turn off. */
export const LINKS_WARNING =
  'Publishing turns these public links off, and Atlassian does not turn them back on: a later allow leaves them off (D13). Their owners must create new links.';

export function presentChange(facts: DecisionFacts, change: RehearsedChange) {
  const groupName = (id: string) => [...facts.groups()].find((g) => g.id === id)?.name ?? id;
  const names =
    change.groups.length > 0 ? new Map([...facts.groups()].map((g) => [g.id, g.name])) : null;
  return {
    resource: change.resource,
    action: change.action,
    before: change.before,
    after: change.after,
    subjects: {
      users: change.users.count,
      groups: change.groups.map((id) => ({ id, name: names?.get(id) ?? groupName(id) })),
      apps: change.apps.map((ari) => ({ ari, name: facts.app(ari)?.name ?? ari })),
      anonymous: change.anonymous,
    },
    reasons: change.reasons.map((r) => ({
      rule: r.rule,
      text: r.text,
      ...(r.policyId !== undefined ? { policyId: r.policyId } : {}),
    })),
  };
}

/** The rehearsal answer (H5–H9): the summary, one page of changes, the links turned off. */
export function presentRehearsal(
  facts: DecisionFacts,
  rehearsal: Rehearsal,
  page: readonly RehearsedChange[],
  next: string | null,
) {
  const links = rehearsal.publicLinksTurnedOff;
  return {
    summary: { ...rehearsal.summary, rules: [...rehearsal.summary.rules] },
    changes: page.map((c) => presentChange(facts, c)),
    publicLinks: {
      turnedOff: links.map(({ link, content }) => ({
        id: link.id,
        resource: { type: content.type, id: content.id, title: content.title },
      })),
      warning: links.length > 0 ? LINKS_WARNING : null,
    },
    _links: next === null ? {} : { next },
  };
}

/** The key a change is paged by: its resource, action and direction. */
export const changeKey = (c: Pick<RehearsedChange, 'resource' | 'action' | 'before'>) =>
  `${c.resource.type}:${c.resource.id}|${c.action}|${c.before}`;
