import type { Suggestion } from '../domain/decision/suggest.js';
import { describeChange, describeSuggestion } from '../domain/decision/suggest-text.js';
import type { DecisionFacts } from '../domain/decision/types.js';
import type { ListSubject, SpaceSubject, WorldChange } from '../domain/decision/world-change.js';

function subjectOf(facts: DecisionFacts, subject: ListSubject | SpaceSubject) {
  if (subject.type === 'group') {
    const group = [...facts.groups()].find((g) => g.id === subject.groupId);
    return { type: 'group' as const, id: subject.groupId, name: group?.name ?? subject.groupId };
  }
  return subject;
}

const policyName = (facts: DecisionFacts, id: string) => facts.policies.byId.get(id)?.name ?? id;

/** One change as `toAllow` shows it: the change as data, and as a sentence. */
export function presentChange(facts: DecisionFacts, change: WorldChange) {
  const text = describeChange(facts, change);
  switch (change.kind) {
    case 'restriction.add':
      return { ...change, subject: subjectOf(facts, change.subject), text };
    case 'space.grant':
      return {
        ...change,
        spaceKey: facts.space(change.spaceId)?.key ?? change.spaceId,
        subject: subjectOf(facts, change.subject),
        text,
      };
    case 'policy.removeResource':
    case 'policy.addResource':
      return { ...change, policyName: policyName(facts, change.policyId), text };
    case 'policy.publishOverride': {
      const { subjectId, overrides, ...rest } = change;
      return {
        ...rest,
        effect: 'allow' as const,
        ...(subjectId !== null ? { subjectId } : {}),
        ...(overrides !== null ? { overrides } : {}),
        text,
      };
    }
    default:
      return { ...change, text };
  }
}

/** `toAllow`: each suggestion's changes and one sentence for all of them (S11). */
export function presentSuggestions(facts: DecisionFacts, suggestions: readonly Suggestion[]) {
  return suggestions.map((s) => ({
    changes: s.changes.map((c) => presentChange(facts, c)),
    text: describeSuggestion(facts, s.changes),
  }));
}
