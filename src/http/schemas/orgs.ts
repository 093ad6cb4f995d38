import { Type, type Static } from '@sinclair/typebox';
import { ACTIONS } from '../../domain/decision/types.js';
import { FAULT_APIS } from '../faults/rules.js';
import { StringEnum } from './common.js';
import { EnforcementModeName, Reason, ResourceOutput, SubjectOutput } from './decisions.js';
import {
  ENFORCEMENT_RULES,
  type EnforcementRule,
} from '../../domain/decision/enforcement-modes.js';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 512 });

export const OrgIdParams = Type.Object({ orgId: Id });

/**
 * A tenant document (docs/tenant-file.md) for one org. Its contract is checked as a tenant file,
 * so every bad field is reported by path (TENANT_INVALID), not only the first.
 */
export const TenantDocument = Type.Object(
  {
    orgs: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description: 'exactly one org, as in a tenant file',
    }),
  },
  {
    additionalProperties: true,
    description: 'A tenant document (docs/tenant-file.md) for one org',
  },
);

/** What a test needs to reach an org: its id, keys, sites and credentials (G2, G3). */
export const OrgAccess = Type.Object({
  id: Type.String(),
  adminApiKeys: Type.Array(Type.String()),
  sites: Type.Array(Type.Object({ name: Type.String(), cloudId: Type.String() })),
  users: Type.Array(
    Type.Object({
      accountId: Type.String(),
      email: Type.Union([Type.String(), Type.Null()]),
      apiToken: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  apps: Type.Array(
    Type.Object({ ari: Type.String(), token: Type.Union([Type.String(), Type.Null()]) }),
  ),
});
export type OrgAccess = Static<typeof OrgAccess>;

export const ResetResponse = Type.Object({ deletedOrgs: Type.Integer() });

const Modes = Type.Partial(
  Type.Object(
    Object.fromEntries(ENFORCEMENT_RULES.map((r) => [r, EnforcementModeName])) as Record<
      EnforcementRule,
      typeof EnforcementModeName
    >,
    strict,
  ),
);

export const EnforcementBody = Type.Object(
  { default: Type.Optional(EnforcementModeName), rules: Type.Optional(Modes) },
  strict,
);
export type EnforcementBody = Static<typeof EnforcementBody>;

export const EnforcementResponse = Type.Object({
  default: EnforcementModeName,
  rules: Modes,
  /** Every rule's mode, the default applied. */
  effective: Type.Object(
    Object.fromEntries(ENFORCEMENT_RULES.map((r) => [r, EnforcementModeName])) as Record<
      EnforcementRule,
      typeof EnforcementModeName
    >,
  ),
});

const faultRuleFields = {
  api: StringEnum(FAULT_APIS),
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]{1,16}$' })),
  path: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  org: Type.Optional(Id),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
  latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
  retryAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
};

export const FaultRuleBody = Type.Object(faultRuleFields, strict);

export const FaultsBody = Type.Object(
  { rules: Type.Array(FaultRuleBody, { maxItems: 100 }) },
  strict,
);

export const FaultsResponse = Type.Object({
  rules: Type.Array(Type.Object({ ...faultRuleFields, fired: Type.Integer() })),
});

export const DecisionLogQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
});

export const DecisionLogResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      time: Type.String({ format: 'date-time' }),
      caller: SubjectOutput,
      method: Type.String(),
      path: Type.String(),
      action: StringEnum(ACTIONS),
      resource: ResourceOutput,
      decision: StringEnum(['deny', 'soft-deny'] as const),
      reasons: Type.Array(Reason),
    }),
  ),
  _links: Type.Object({ next: Type.Optional(Type.String()) }),
});
