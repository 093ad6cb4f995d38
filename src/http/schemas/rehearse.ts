import { Type, type Static } from '@sinclair/typebox';
import { RULE_IDS } from '../../domain/decision/rule-ids.js';
import { RULES } from '../../domain/decision/policy-facts.js';
import { PublishBody } from './admin-policies.js';
import { StringEnum } from './common.js';
import { ActionInput } from './decisions.js';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 512 });
const Cursor = Type.Optional(Type.String({ maxLength: 2048 }));

/** Up to 20 `publishDraftPolicies` bodies, applied in order to a hypothetical copy (H1). */
const Batches = Type.Array(PublishBody, { minItems: 1, maxItems: 20 });

export const RehearseBody = Type.Object(
  {
    publish: Batches,
    cursor: Cursor,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
  },
  strict,
);
export type RehearseBody = Static<typeof RehearseBody>;

const Verdict = StringEnum(['allow', 'deny'] as const);
const Resource = Type.Object({
  type: StringEnum(['page', 'blogpost', 'space'] as const),
  id: Type.String(),
  title: Type.String(),
});

const Reason = Type.Object({
  rule: StringEnum(Object.keys(RULE_IDS) as (keyof typeof RULE_IDS)[]),
  text: Type.String(),
  policyId: Type.Optional(Type.String()),
});

const Count = Type.Integer({ minimum: 0 });

export const RehearseResponse = Type.Object({
  summary: Type.Object({
    rules: Type.Array(StringEnum(RULES)),
    contentAffected: Count,
    allowToDeny: Count,
    denyToAllow: Count,
    usersAffected: Count,
    appsAffected: Count,
    anonymous: Type.Object({ allowToDeny: Count, denyToAllow: Count }),
    publicLinksTurnedOff: Count,
  }),
  changes: Type.Array(
    Type.Object({
      resource: Resource,
      action: ActionInput,
      before: Verdict,
      after: Verdict,
      subjects: Type.Object({
        users: Count,
        groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
        apps: Type.Array(Type.Object({ ari: Type.String(), name: Type.String() })),
        anonymous: Type.Boolean(),
      }),
      reasons: Type.Array(Reason),
    }),
  ),
  publicLinks: Type.Object({
    turnedOff: Type.Array(
      Type.Object({
        id: Type.String(),
        resource: Resource,
      }),
    ),
    warning: Type.Union([Type.String(), Type.Null()]),
  }),
  _links: Type.Object({ next: Type.Optional(Type.String()) }),
});

export const RehearseSubjectsBody = Type.Object(
  {
    publish: Batches,
    resource: Type.Object(
      { type: StringEnum(['page', 'blogpost', 'space'] as const), id: Id },
      strict,
    ),
    action: ActionInput,
    /** Which of the (at most two) changes of the resource and action; the first when absent. */
    before: Type.Optional(Verdict),
    cursor: Cursor,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  strict,
);
export type RehearseSubjectsBody = Static<typeof RehearseSubjectsBody>;

export const RehearseSubjectsResponse = Type.Object({
  change: Type.Object({ resource: Resource, action: ActionInput, before: Verdict, after: Verdict }),
  total: Count,
  results: Type.Array(Type.Object({ accountId: Type.String(), displayName: Type.String() })),
  _links: Type.Object({ next: Type.Optional(Type.String()) }),
});
