/** The parts of the Admin API's policy JSON the console reads (`data` of GET, an item of a list). */
export interface PolicyJson {
  id: string;
  attributes: {
    name: string;
    status: string;
    rule: Record<string, { effect: string }>;
    subject?: { subjectType: string; subjectId: string };
    metadata: { policyCoverageLevel: string; description: string | null };
    updatedAt: string;
  };
}

/** A resource of a policy as the Admin API lists it. */
export interface ResourceJson {
  id: string;
  attributes: {
    resourceId: string;
    resourceName?: string;
    resourceKey?: string;
    applicationStatus: string;
  };
}

/** A policy with its resources counted, for the grid. */
export interface PolicySummary {
  policy: PolicyJson;
  resources: number | 'many';
}

/** The form's fields, as the Admin API's errors name them. */
export const POLICY_FIELDS = ['name', 'description', 'level', 'rule', 'effect', 'subject'] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number] | 'form';

/** Which field an Admin API error detail is about (it names the field: "subject: …"). */
export function fieldOf(detail: string): PolicyField {
  const head = detail.split(':')[0]?.toLowerCase() ?? '';
  if (/subject/.test(head)) return 'subject';
  if (/coverage|policycoveragelevel|overrid/.test(detail.toLowerCase())) return 'level';
  if (/effect/.test(head)) return 'effect';
  if (/rule/.test(head)) return 'rule';
  if (/description/.test(head)) return 'description';
  if (/name/.test(head)) return 'name';
  return 'form';
}

export const ruleOf = (p: PolicyJson): string => Object.keys(p.attributes.rule)[0] ?? '';
export const effectOf = (p: PolicyJson): string =>
  Object.values(p.attributes.rule)[0]?.effect ?? '';
