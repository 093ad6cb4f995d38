import type { Policy } from '../domain/policies/model.js';

/** A policy as the Admin API shows it (`data` of GET, POST and PUT; an item of the list). */
export function presentPolicy(policy: Policy) {
  return {
    type: 'policy' as const,
    id: policy.id,
    attributes: {
      id: policy.id,
      ownerId: policy.orgId,
      type: policy.type,
      name: policy.name,
      rule: policy.rules as Record<string, { effect: string }>,
      ...(policy.subjectId !== null
        ? {
            subject: {
              subjectType: policy.subjectType ?? 'marketplaceApp',
              subjectId: policy.subjectId,
            },
          }
        : {}),
      status: policy.status,
      metadata: {
        lastUpdatedBy: policy.lastUpdatedBy,
        createdBy: policy.createdBy,
        hasHadCoverage: policy.hasHadCoverage,
        systemTag: policy.systemTag,
        policyCoverageLevel: policy.coverageLevel,
        description: policy.description,
      },
      createdAt: policy.createdAt,
      updatedAt: policy.updatedAt,
      queryData: null,
    },
    links: null,
    relations: null,
    message: null,
  };
}
