import { Type, type Static } from '@sinclair/typebox';
import { COVERAGE_LEVELS, RULES } from '../../domain/policies/model.js';
import { StringEnum } from './common.js';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const OrgParams = Type.Object({ orgId: Type.String({ minLength: 1, maxLength: 255 }) });
export const PolicyParams = Type.Object({
  orgId: Type.String({ minLength: 1, maxLength: 255 }),
  policyId: Type.String({ minLength: 1, maxLength: 255 }),
});

const Subject = Type.Object(
  {
    subjectType: Type.String({ maxLength: 64 }),
    subjectId: Type.String({ minLength: 1, maxLength: 512 }),
  },
  strict,
);

/** POST and PUT body: `data.attributes` as the cookbook sends it (auto-generated fields refused). */
export const PolicyBody = Type.Object(
  {
    data: Type.Object(
      {
        type: Type.Literal('policy'),
        attributes: Type.Object(
          {
            type: Type.Literal('data-security'),
            name: Type.String({ minLength: 1, maxLength: 255 }),
            status: Type.Optional(Type.String({ maxLength: 32 })),
            metadata: Type.Optional(
              Type.Object(
                {
                  policyCoverageLevel: Type.Optional(Type.String({ maxLength: 64 })),
                  description: Type.Optional(
                    Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
                  ),
                },
                strict,
              ),
            ),
            rule: Type.Record(
              Type.String({ maxLength: 64 }),
              Type.Object({ effect: Type.String({ maxLength: 32 }) }, strict),
              {
                minProperties: 1,
                maxProperties: 5,
              },
            ),
            subject: Type.Optional(Type.Union([Subject, Type.Null()])),
          },
          strict,
        ),
      },
      strict,
    ),
  },
  strict,
);
export type PolicyBody = Static<typeof PolicyBody>;

const PolicyAttributes = Type.Object({
  id: Type.String(),
  ownerId: Type.String(),
  type: Type.String(),
  name: Type.String(),
  rule: Type.Record(Type.String(), Type.Object({ effect: Type.String() })),
  subject: Type.Optional(Type.Object({ subjectType: Type.String(), subjectId: Type.String() })),
  status: Type.String(),
  metadata: Type.Object({
    lastUpdatedBy: Type.String(),
    createdBy: Type.String(),
    hasHadCoverage: Type.Boolean(),
    systemTag: Nullable(Type.String()),
    policyCoverageLevel: Type.String(),
    description: Nullable(Type.String()),
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  queryData: Type.Null(),
});

export const PolicyData = Type.Object({
  type: Type.Literal('policy'),
  id: Type.String(),
  attributes: PolicyAttributes,
  links: Type.Null(),
  relations: Type.Null(),
  message: Type.Null(),
});

export const PolicyResponse = Type.Object({ data: PolicyData });

const Meta = Type.Object({
  page_size: Type.Integer(),
  next: Nullable(Type.String()),
  prev: Nullable(Type.String()),
});
const Links = Type.Object({
  self: Type.String(),
  prev: Nullable(Type.String()),
  next: Nullable(Type.String()),
  page_size: Type.String(),
});

export const PolicyListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 1024 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  type: Type.Optional(Type.Literal('data-security')),
  status: Type.Optional(
    Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('deleted')]),
  ),
  rule: Type.Optional(StringEnum(RULES)),
  policyCoverageLevel: Type.Optional(StringEnum(COVERAGE_LEVELS)),
});

export const PolicyListResponse = Type.Object({
  data: Type.Array(PolicyData),
  meta: Meta,
  links: Links,
});

export const ResourceOperations = Type.Array(
  Type.Object(
    {
      operation: Type.Union([Type.Literal('ADD'), Type.Literal('REMOVE')]),
      resourceAri: Type.String({ minLength: 1, maxLength: 512 }),
    },
    strict,
  ),
  { minItems: 1, maxItems: 1000 },
);

export const ResourceListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 1024 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const ResourceData = Type.Object({
  type: Type.Literal('resource'),
  id: Type.String(),
  attributes: Type.Object({
    parentResourceId: Type.String(),
    resourceId: Type.String(),
    resourceName: Type.Optional(Type.String()),
    resourceKey: Type.Optional(Type.String()),
    resourceStatus: Type.Optional(Type.String()),
    projectType: Type.Optional(Type.String()),
    applicationStatus: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  }),
  links: Type.Null(),
  message: Type.Null(),
});

export const ResourceListResponse = Type.Object({
  data: Type.Array(ResourceData),
  meta: Meta,
  links: Links,
});

export const PublishBody = Type.Object(
  {
    type: Type.Optional(Type.Literal('data-security')),
    ruleName: StringEnum(RULES),
    policyOperations: Type.Array(
      Type.Object(
        {
          policyId: Type.String({ minLength: 1, maxLength: 255 }),
          action: StringEnum(['UPDATE', 'DELETE'] as const),
          policyCoverageLevel: StringEnum(COVERAGE_LEVELS),
        },
        strict,
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  strict,
);

export const PublishResponse = Type.Object({
  messages: Type.Array(
    Type.Object({
      messageId: Type.String(),
      ticket: Type.Object({ id: Type.String(), containerAri: Type.String(), scope: Type.String() }),
    }),
  ),
});
