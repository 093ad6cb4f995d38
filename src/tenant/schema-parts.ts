import { Type } from '@sinclair/typebox';

/** The tenant file's shared pieces (`schema.ts`, `schema-jira.ts`). */
export const Id = Type.String({ minLength: 1, maxLength: 255 });
export const Name = Type.String({ minLength: 1, maxLength: 255 });
export const strict = { additionalProperties: false } as const;

export const RestrictionList = Type.Object(
  {
    users: Type.Optional(Type.Array(Id)),
    groups: Type.Optional(Type.Array(Name)),
  },
  strict,
);

/** Plain text or an ADF document (`{"type":"doc",…}`), as Jira's v3 API takes them. */
export const RichText = Type.Union([
  Type.String({ maxLength: 1_000_000 }),
  Type.Object({ type: Type.Literal('doc') }, { additionalProperties: true }),
]);

export const Timestamp = Type.String({ format: 'date-time' });
