import {
  ALL_APPS,
  PolicyRuleError,
  RULES,
  isOverrideLevel,
  sameControl,
  type CoverageLevel,
  type Policy,
  type RuleName,
} from './model.js';

export interface PublishOperation {
  readonly policyId: string;
  readonly action: 'UPDATE' | 'DELETE';
  readonly policyCoverageLevel: CoverageLevel;
}

export interface PublishPlan {
  /** drafts that become published */
  publish: Policy[];
  /** policies (draft or published) that become deleted, including replaced ones */
  remove: Policy[];
}

const subjectOf = (p: Policy) => p.subjectId ?? ALL_APPS;

/** P13: a published all_apps ORG appAccess policy can never be deleted. */
export function isDefaultAppPolicy(p: Policy): boolean {
  return (
    p.status === 'published' &&
    p.coverageLevel === 'ORG' &&
    p.rules.appAccess !== undefined &&
    subjectOf(p) === ALL_APPS
  );
}

/**
 * P14: a published ORG policy cannot go while published overrides of its rules remain (they may go
 * in the same batch). `leaving` are the ids the batch removes.
 */
export function checkOrgRemoval(
  policy: Policy,
  all: readonly Policy[],
  leaving: ReadonlySet<string>,
  field: string,
): void {
  if (policy.status !== 'published' || policy.coverageLevel !== 'ORG') return;
  for (const rule of RULES) {
    if (policy.rules[rule] === undefined) continue;
    const remaining = all.some(
      (p) =>
        p.status === 'published' &&
        !leaving.has(p.id) &&
        isOverrideLevel(p.coverageLevel) &&
        p.rules[rule] !== undefined &&
        (rule !== 'appAccess' || subjectOf(p) === subjectOf(policy)),
    );
    const replacement = all.some(
      (p) =>
        p.id !== policy.id &&
        !leaving.has(p.id) &&
        p.status === 'published' &&
        sameControl(p, policy, rule),
    );
    if (remaining && !replacement) {
      throw new PolicyRuleError(
        `${field}: the published org-wide policy for ${rule} cannot be deleted while published overrides of ${rule} remain; delete them in the same batch`,
      );
    }
  }
}

/**
 * P15–P19: plans a publishDraftPolicies batch for `ruleName`, all or nothing. UPDATE publishes a
 * draft and replaces the equivalent published policy; DELETE removes a draft or a published one.
 */
export function planPublish(
  ruleName: RuleName,
  operations: readonly PublishOperation[],
  all: readonly Policy[],
): PublishPlan {
  const byId = new Map(all.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const publish: Policy[] = [];
  const remove: Policy[] = [];
  operations.forEach((op, i) => {
    const field = `policyOperations[${i}]`;
    if (seen.has(op.policyId))
      throw new PolicyRuleError(
        `${field}.policyId: policy ${op.policyId} is named twice in the batch`,
      );
    seen.add(op.policyId);
    const policy = byId.get(op.policyId);
    if (!policy || policy.status === 'deleted') {
      throw new PolicyRuleError(`${field}.policyId: no draft or published policy ${op.policyId}`);
    }
    if (policy.coverageLevel !== op.policyCoverageLevel) {
      throw new PolicyRuleError(
        `${field}.policyCoverageLevel: policy ${op.policyId} is ${policy.coverageLevel}, not ${op.policyCoverageLevel}`,
      );
    }
    if (policy.rules[ruleName] === undefined) {
      throw new PolicyRuleError(
        `${field}.policyId: policy ${op.policyId} does not carry the rule ${ruleName}`,
      );
    }
    if (op.action === 'UPDATE') {
      // The cookbook's delete example names the published all_apps ORG policy with UPDATE
      // again: republishing a published policy leaves it as it is (it still counts for P18).
      if (policy.status === 'published') return;
      if (policy.coverageLevel === 'UNASSIGNED') {
        throw new PolicyRuleError(
          `${field}: choose a coverage level for ${op.policyId} before publishing it`,
        );
      }
      publish.push(policy);
    } else {
      if (isDefaultAppPolicy(policy)) {
        throw new PolicyRuleError(
          `${field}: the published default (all_apps) ORG appAccess policy cannot be deleted`,
        );
      }
      remove.push(policy);
    }
  });

  if (ruleName === 'appAccess') checkAppAccessBatch(operations, byId);
  const publishedIds = new Set(publish.map((p) => p.id));
  for (const draft of publish) {
    for (const old of all) {
      if (
        old.status === 'published' &&
        old.id !== draft.id &&
        sameControl(old, draft, ruleName) &&
        !remove.includes(old)
      ) {
        remove.push(old);
      }
    }
    if (isOverrideLevel(draft.coverageLevel)) {
      const org = all.some(
        (p) =>
          p.coverageLevel === 'ORG' &&
          p.rules[ruleName] !== undefined &&
          (p.status === 'published' || publishedIds.has(p.id)) &&
          !remove.some((r) => r.id === p.id && !publishedIds.has(p.id)) &&
          (ruleName !== 'appAccess' || subjectOf(p) === subjectOf(draft)),
      );
      if (!org) {
        throw new PolicyRuleError(
          `policyOperations: no published org-wide policy carries ${ruleName}${ruleName === 'appAccess' ? ` for ${subjectOf(draft)}` : ''}; publish it in the same batch`,
        );
      }
    }
  }

  const leaving = new Set(remove.map((p) => p.id));
  operations.forEach((op, i) => {
    const policy = byId.get(op.policyId)!;
    if (op.action === 'DELETE') checkOrgRemoval(policy, all, leaving, `policyOperations[${i}]`);
  });
  for (const old of remove) {
    if (isDefaultAppPolicy(old) && !publish.some((p) => sameControl(p, old, 'appAccess'))) {
      throw new PolicyRuleError(
        'policyOperations: the published default (all_apps) ORG appAccess policy cannot be deleted',
      );
    }
  }
  return { publish, remove };
}

/** P18: an appAccess batch names the all_apps ORG policy, and each app's ORG policy for its app policies. */
function checkAppAccessBatch(
  operations: readonly PublishOperation[],
  byId: Map<string, Policy>,
): void {
  const named = operations.map((op) => byId.get(op.policyId)!);
  const namesOrgFor = (subject: string) =>
    named.some(
      (p) =>
        p.coverageLevel === 'ORG' && p.rules.appAccess !== undefined && subjectOf(p) === subject,
    );
  if (!namesOrgFor(ALL_APPS)) {
    throw new PolicyRuleError(
      'policyOperations: an appAccess batch must include an operation on the default (all_apps) ORG policy',
    );
  }
  for (const policy of named) {
    const subject = subjectOf(policy);
    if (subject !== ALL_APPS && !namesOrgFor(subject)) {
      throw new PolicyRuleError(
        `policyOperations: include the ORG appAccess policy of ${subject} in the batch`,
      );
    }
  }
}
