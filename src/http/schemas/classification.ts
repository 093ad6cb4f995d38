import { Type } from '@sinclair/typebox';

/** Confluence v2 `ClassificationLevel` (confluence.js ClassificationLevelSchema). */
export const ClassificationLevel = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('DRAFT'), Type.Literal('PUBLISHED'), Type.Literal('ARCHIVED')]),
  order: Type.Number(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  guideline: Type.Optional(Type.String()),
  color: Type.Optional(Type.String()),
});

export const ClassificationLevelList = Type.Array(ClassificationLevel);

export const ClassifiedContentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
});

export const SpaceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });

export const ContentLevelQuery = Type.Object({
  status: Type.Optional(
    Type.Union([Type.Literal('current'), Type.Literal('draft'), Type.Literal('archived')]),
  ),
});

const ContentStatus = Type.Union([Type.Literal('current'), Type.Literal('draft')]);
const LevelId = Type.String({ minLength: 1, maxLength: 255 });

/** PUT …/classification-level: `ContentClassificationLevelUpdateRequest`. */
export const ContentLevelBody = Type.Object(
  { id: LevelId, status: ContentStatus },
  { additionalProperties: false },
);

/** POST …/classification-level/reset: `ContentClassificationLevelDeleteRequest`. */
export const ContentLevelResetBody = Type.Object(
  { status: ContentStatus },
  { additionalProperties: false },
);

/** PUT /spaces/{id}/classification-level/default (Atlassian's document also names `status`). */
export const SpaceDefaultLevelBody = Type.Object(
  { id: LevelId, status: Type.Optional(ContentStatus) },
  { additionalProperties: false },
);

export const NoContent = Type.Null({ description: 'No content' });
