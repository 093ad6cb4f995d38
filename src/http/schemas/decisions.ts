import { Type, type Static } from '@sinclair/typebox';
import { ACTIONS, RESOURCE_TYPES } from '../../domain/decision/types.js';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 512 });

export const SubjectInput = Type.Object(
  {
    type: Type.Union([Type.Literal('user'), Type.Literal('app'), Type.Literal('anonymous')]),
    accountId: Type.Optional(Id),
    ari: Type.Optional(Id),
    actingFor: Type.Optional(Id),
    /** A site admin exercising the admin key (Atl-Confluence-With-Admin-Key). */
    adminKey: Type.Optional(Type.Boolean()),
  },
  strict,
);

export const ActionInput = Type.Union(ACTIONS.map((a) => Type.Literal(a)));

export const ResourceInput = Type.Object(
  { type: Type.Union(RESOURCE_TYPES.map((t) => Type.Literal(t))), id: Id },
  strict,
);

export const CheckBody = Type.Object(
  { subject: SubjectInput, action: ActionInput, resource: ResourceInput },
  strict,
);
export type CheckBody = Static<typeof CheckBody>;

const Reason = Type.Object({
  rule: Type.String(),
  text: Type.String(),
  policyId: Type.Optional(Type.String()),
  restriction: Type.Optional(Type.Object({ contentId: Type.String(), operation: Type.String() })),
});

export const DecisionResponse = Type.Object({
  decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
  reasons: Type.Array(Reason),
  subject: SubjectInput,
  action: Type.String(),
  resource: ResourceInput,
});

export const OrgParams = Type.Object({ orgId: Id });

export const BatchBody = Type.Object(
  { checks: Type.Array(CheckBody, { minItems: 1, maxItems: 1000 }) },
  strict,
);

export const BatchResponse = Type.Object({ results: Type.Array(DecisionResponse) });

const Page = {
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
};

export const ListResourcesBody = Type.Object(
  { subject: SubjectInput, action: ActionInput, spaceId: Type.Optional(Id), ...Page },
  strict,
);

export const ListResourcesResponse = Type.Object({
  results: Type.Array(
    Type.Object({ type: Type.String(), id: Type.String(), title: Type.String() }),
  ),
  _links: Type.Object({ next: Type.Optional(Type.String()) }),
});

export const ListSubjectsBody = Type.Object(
  { action: ActionInput, resource: ResourceInput, ...Page },
  strict,
);

export const ListSubjectsResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      type: Type.String(),
      accountId: Type.Optional(Type.String()),
      displayName: Type.Optional(Type.String()),
      id: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
      ari: Type.Optional(Type.String()),
    }),
  ),
  _links: Type.Object({ next: Type.Optional(Type.String()) }),
});
