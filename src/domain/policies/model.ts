import { RULES, type Effect, type RuleName } from '../decision/policy-facts.js';

export { RULES, type Effect, type RuleName };

export const COVERAGE_LEVELS = [
  'UNASSIGNED',
  'ORG',
  'WORKSPACE',
  'CONTAINER',
  'CLASSIFICATION',
  'DC_WORKSPACE',
] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];
export type PolicyStatus = 'draft' | 'published' | 'deleted';
export const ALL_APPS = 'all_apps';

/** A data security policy as Gatehouse stores it. */
export interface Policy {
  id: string;
  orgId: string;
  type: string;
  name: string;
  status: PolicyStatus;
  coverageLevel: CoverageLevel;
  description: string | null;
  rules: Partial<Record<RuleName, { effect: Effect }>>;
  subjectType: string | null;
  subjectId: string | null;
  createdBy: string;
  lastUpdatedBy: string;
  hasHadCoverage: boolean;
  systemTag: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The parts of a policy a client writes (POST and PUT bodies). */
export interface PolicyDraft {
  name: string;
  description: string | null;
  coverageLevel: CoverageLevel;
  rules: Partial<Record<RuleName, { effect: Effect }>>;
  subjectType: string | null;
  subjectId: string | null;
}

export const ruleNames = (p: { rules: Policy['rules'] }): RuleName[] =>
  RULES.filter((r) => p.rules[r] !== undefined);

export const isOverrideLevel = (level: string): boolean =>
  level === 'WORKSPACE' || level === 'CONTAINER' || level === 'CLASSIFICATION';

/** Same control: same rule, coverage level and (for appAccess) subject. */
export function sameControl(
  a: Policy | PolicyDraft,
  b: Policy | PolicyDraft,
  rule: RuleName,
): boolean {
  if (a.rules[rule] === undefined || b.rules[rule] === undefined) return false;
  if (a.coverageLevel !== b.coverageLevel) return false;
  return rule !== 'appAccess' || (a.subjectId ?? ALL_APPS) === (b.subjectId ?? ALL_APPS);
}

/** A rule violation the API reports as a 400; `seed` marks the cookbook's ADMIN-400-24 texts. */
export class PolicyRuleError extends Error {
  constructor(
    message: string,
    readonly seed: boolean = false,
  ) {
    super(message);
    this.name = 'PolicyRuleError';
  }
}

export const SEED_MESSAGES = {
  noOrgRule: 'The draft org-wide policy does not contain the rule being overridden',
  redundant: 'Redundant draft override rule found',
  invalidCoverage: 'Invalid policyCoverageLevel',
} as const;
