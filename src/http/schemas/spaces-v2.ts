import { Type } from '@sinclair/typebox';
import { SPACE_SORTS } from './data-policies.js';

/** Confluence v2 spaces (`SpaceBulk`, `SpaceSingle` of confluence-v2-spaces.json). */
const List = Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 250 });
const Bool = Type.Optional(Type.Boolean());

export const SpaceListQuery = Type.Object({
  ids: Type.Optional(List),
  keys: Type.Optional(List),
  type: Type.Optional(
    Type.Union(
      ['global', 'collaboration', 'knowledge_base', 'personal'].map((t) => Type.Literal(t)),
    ),
  ),
  status: Type.Optional(Type.Union([Type.Literal('current'), Type.Literal('archived')])),
  labels: Type.Optional(List),
  'favorited-by': Type.Optional(Type.String({ maxLength: 255 })),
  'not-favorited-by': Type.Optional(Type.String({ maxLength: 255 })),
  sort: Type.Optional(Type.Union(SPACE_SORTS.map((s) => Type.Literal(s)))),
  'description-format': Type.Optional(Type.Union([Type.Literal('plain'), Type.Literal('view')])),
  'include-icon': Bool,
  cursor: Type.Optional(Type.String({ maxLength: 1024 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
});

export const SpaceItemQuery = Type.Object({
  'description-format': Type.Optional(Type.Union([Type.Literal('plain'), Type.Literal('view')])),
  'include-icon': Bool,
  'include-operations': Bool,
  'include-properties': Bool,
  'include-permissions': Bool,
  'include-role-assignments': Bool,
  'include-labels': Bool,
});

const Description = Type.Object({
  plain: Type.Optional(Type.Object({ representation: Type.String(), value: Type.String() })),
  view: Type.Optional(Type.Object({ representation: Type.String(), value: Type.String() })),
});

const spaceFields = {
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  type: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  homepageId: Type.Optional(Type.String()),
  description: Type.Optional(Description),
};

export const V2Space = Type.Object({
  ...spaceFields,
  _links: Type.Object({ webui: Type.String(), base: Type.Optional(Type.String()) }),
});

export const V2SpaceList = Type.Object({
  results: Type.Array(
    Type.Object({ ...spaceFields, _links: Type.Object({ webui: Type.String() }) }),
  ),
  _links: Type.Object({ next: Type.Optional(Type.String()), base: Type.String() }),
});
