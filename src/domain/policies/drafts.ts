import {
  ALL_APPS,
  COVERAGE_LEVELS,
  PolicyRuleError,
  RULES,
  SEED_MESSAGES,
  ruleNames,
  sameControl,
  type CoverageLevel,
  type Policy,
  type PolicyDraft,
} from './model.js';

export interface DraftInput {
  name: string;
  description?: string | null;
  coverageLevel?: string;
  rule: Record<string, { effect: string }>;
  subject?: { subjectType: string; subjectId: string } | null;
}

const APP_ARI = /^ari:cloud:ecosystem::[A-Za-z0-9._~:/-]+$/;

/**
 * P2–P6: the shape rules of one policy, independent of the others. Missing coverage level means
 * UNASSIGNED (the cookbook: "leaving policyCoverageLevel blank indicates that it is unassigned").
 */
export function parseDraft(input: DraftInput): PolicyDraft {
  const level = input.coverageLevel ?? 'UNASSIGNED';
  if (!(COVERAGE_LEVELS as readonly string[]).includes(level)) {
    throw new PolicyRuleError(SEED_MESSAGES.invalidCoverage, true);
  }
  const coverageLevel = level as CoverageLevel;
  const names = Object.keys(input.rule);
  if (names.length === 0) throw new PolicyRuleError('rule: name at least one rule');
  for (const name of names) {
    if (!(RULES as readonly string[]).includes(name)) {
      throw new PolicyRuleError(`rule.${name}: unknown rule (expected one of ${RULES.join(', ')})`);
    }
    const effect = input.rule[name]!.effect;
    if (effect !== 'block' && effect !== 'allow') {
      throw new PolicyRuleError(`rule.${name}.effect: expected "block" or "allow"`);
    }
  }
  const rules = input.rule as PolicyDraft['rules'];
  if (coverageLevel !== 'ORG' && names.length > 1) {
    throw new PolicyRuleError(
      `rule: a ${coverageLevel} policy carries exactly one rule; only ORG policies carry several`,
    );
  }
  const hasAppAccess = rules.appAccess !== undefined;
  if (hasAppAccess && !['ORG', 'CONTAINER', 'UNASSIGNED'].includes(coverageLevel)) {
    throw new PolicyRuleError(
      `rule.appAccess: appAccess policies are ORG or CONTAINER, not ${coverageLevel}`,
    );
  }
  const subject = input.subject ?? null;
  if (hasAppAccess && subject === null) {
    throw new PolicyRuleError(
      'subject: an appAccess policy needs a subject (marketplaceApp all_apps or an app ARI)',
    );
  }
  if (!hasAppAccess && subject !== null) {
    throw new PolicyRuleError('subject: only appAccess policies take a subject');
  }
  if (subject !== null) {
    if (subject.subjectType !== 'marketplaceApp') {
      throw new PolicyRuleError('subject.subjectType: expected "marketplaceApp"');
    }
    if (subject.subjectId !== ALL_APPS && !APP_ARI.test(subject.subjectId)) {
      throw new PolicyRuleError(
        'subject.subjectId: expected "all_apps" or an app ARI (ari:cloud:ecosystem::…)',
      );
    }
  }
  return {
    name: input.name,
    description: input.description ?? null,
    coverageLevel,
    rules,
    subjectType: subject?.subjectType ?? null,
    subjectId: subject?.subjectId ?? null,
  };
}

const live = (p: Policy) => p.status !== 'deleted';

/**
 * P7–P9: a draft among the org's other policies. An override needs an ORG policy (draft or
 * published) carrying its rule — for appAccess, for the same subject; no two drafts share a
 * control (rule, coverage level, and subject for appAccess). Deleted policies do not count.
 */
export function checkDraftAmongOthers(
  draft: PolicyDraft,
  others: readonly Policy[],
  selfId?: string,
): void {
  if (draft.coverageLevel === 'UNASSIGNED') return;
  const rest = others.filter((p) => live(p) && p.id !== selfId);
  for (const rule of ruleNames(draft)) {
    if (draft.coverageLevel !== 'ORG') {
      const org = rest.some(
        (p) =>
          p.coverageLevel === 'ORG' &&
          p.rules[rule] !== undefined &&
          (rule !== 'appAccess' || (p.subjectId ?? ALL_APPS) === (draft.subjectId ?? ALL_APPS)),
      );
      if (!org) throw new PolicyRuleError(SEED_MESSAGES.noOrgRule, true);
    }
    if (rest.some((p) => p.status === 'draft' && sameControl(p, draft, rule))) {
      throw new PolicyRuleError(SEED_MESSAGES.redundant, true);
    }
  }
}

/** P10: PUT changes name, description and effects of a draft; coverage only from UNASSIGNED. */
export function checkUpdate(existing: Policy, next: PolicyDraft): void {
  if (existing.status !== 'draft') {
    throw new PolicyRuleError(
      `Only draft policies can be updated; policy ${existing.id} is ${existing.status}`,
    );
  }
  if (existing.coverageLevel !== 'UNASSIGNED' && next.coverageLevel !== existing.coverageLevel) {
    throw new PolicyRuleError(
      `metadata.policyCoverageLevel: coverage is fixed once set (${existing.coverageLevel}); only UNASSIGNED may change`,
    );
  }
  const before = ruleNames(existing).join(',');
  const after = ruleNames(next).join(',');
  if (before !== after) {
    throw new PolicyRuleError(
      `rule: the rules of a policy cannot change (${before}); only their effect`,
    );
  }
  if ((existing.subjectId ?? null) !== (next.subjectId ?? null)) {
    throw new PolicyRuleError('subject: the subject of a policy cannot change');
  }
}
