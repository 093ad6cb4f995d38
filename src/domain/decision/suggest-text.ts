import type { DecisionFacts } from './types.js';
import type { ListSubject, SpaceSubject, WorldChange } from './world-change.js';

/** One change of a suggestion, for a person: what to do and where (names and ids). */
export function describeChange(facts: DecisionFacts, change: WorldChange): string {
  const page = (id: string) => {
    const content = facts.content(id);
    return content ? `${content.type} ${id} "${content.title}"` : `content ${id}`;
  };
  const who = (subject: ListSubject | SpaceSubject) => {
    if (subject.type === 'anonymous') return 'anonymous users';
    if (subject.type === 'group') {
      const group = [...facts.groups()].find((g) => g.id === subject.groupId);
      return `group ${group ? `"${group.name}"` : subject.groupId}`;
    }
    const user = facts.user(subject.accountId);
    if (user) return `user ${user.displayName} (${subject.accountId})`;
    const app = [...facts.apps()].find((a) => a.accountId === subject.accountId);
    return app ? `app user of ${app.name} (${subject.accountId})` : `account ${subject.accountId}`;
  };
  const policy = (id: string) => {
    const p = facts.policies.byId.get(id);
    return p ? `policy "${p.name}" (${id})` : `policy ${id}`;
  };
  switch (change.kind) {
    case 'restriction.add':
      return `add ${who(change.subject)} to the ${change.operation} restriction of ${page(change.contentId)}`;
    case 'restriction.clear':
      return `remove the read restriction of ${page(change.contentId)}`;
    case 'space.grant': {
      const space = facts.space(change.spaceId);
      const name = space ? `${space.key} ("${space.name}")` : change.spaceId;
      return `grant the space permission ${change.operation} in space ${name} to ${who(change.subject)}`;
    }
    case 'site.anonymousAccess': {
      const site = facts.site(change.cloudId);
      return `turn on anonymous access for site ${site ? site.name : change.cloudId}`;
    }
    case 'app.scope': {
      const app = facts.app(change.ari);
      return `give ${app ? `app ${app.name}` : change.ari} the scope ${change.scope}`;
    }
    case 'policy.removeResource':
      return `remove ${change.resourceAri} from the ${change.coverageLevel} ${policy(change.policyId)} (${change.rule})`;
    case 'policy.addResource':
      return `add ${change.resourceAri} to the ${change.coverageLevel} ${policy(change.policyId)}, which allows ${change.rule}`;
    case 'policy.publishOverride':
      return `publish a ${change.coverageLevel} override with allow for ${change.rule}${
        change.subjectId !== null && change.rule === 'appAccess'
          ? ` (subject ${change.subjectId})`
          : ''
      } covering ${change.resourceAri}${change.overrides ? `, over the org-wide ${policy(change.overrides)}` : ''}`;
  }
}

/** A whole suggestion on one line: its changes joined by "and". */
export function describeSuggestion(facts: DecisionFacts, changes: readonly WorldChange[]): string {
  return changes.map((c) => describeChange(facts, c)).join(' and ');
}
